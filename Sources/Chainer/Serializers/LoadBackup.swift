import ChainerArray

/// What loading a snapshot can change in an updater (its models, optimizers and position), kept as it is so that a load
/// failing partway can be undone, even where the load filled in state that was empty before: a lazily initialised
/// parameter, a persistent value, an optimizer's moments before its first step. (Putting the old state back through
/// a strict deserializer could not: the old state has no keys for what was empty.)
struct LoadBackup {
    private var params: [(Parameter, NDArray, Bool)] = []
    private var persistents: [(Link, [String: NDArray])] = []
    private var optimizers: [(Optimizer, t: Int, epoch: Int, rules: [String: UpdateRule])] = []
    private var rules: [(UpdateRule, t: Int, state: [String: NDArray])] = []
    /// A standard updater's iteration and iterator state, or another updater's whole state.
    private var position: (StandardUpdater, iteration: Int, iterator: [String: NDArray])?
    private var other: (any Updater, [String: NDArray])?

    /// Keeps the state of `updater`: its optimizers, their targets and its position.
    init(_ updater: any Updater) {
        if let standard = updater as? StandardUpdater {
            position = (standard, standard.iteration, standard.iterator.stateDict())
        } else {
            other = (updater, updater.stateDict())
        }
        for (_, optimizer) in updater.optimizers {
            self.optimizers.append((optimizer, optimizer.t, optimizer.epoch, optimizer.updateRules))
            rules += optimizer.updateRules.values.map { ($0, $0.t, $0.state) }
            guard let target = optimizer.target else { continue }
            for link in target.links() {
                persistents.append((link, link.persistentStore))
                params += link.ownParams.map { ($0.1, $0.1.array, $0.1.isInitialized) }
            }
        }
    }

    /// Puts everything kept back (arrays are replaced on load, never written into, so the kept ones are unchanged).
    func restore() {
        for (p, array, initialized) in params { p.restore(array, initialized: initialized) }
        for (link, values) in persistents { link.persistentStore = values }
        for (optimizer, t, epoch, rules) in optimizers { (optimizer.t, optimizer.epoch, optimizer.updateRules) = (t, epoch, rules) }
        for (rule, t, state) in rules { (rule.t, rule.state) = (t, state) }
        if let (standard, iteration, iterator) = position {
            standard.iteration = iteration
            try? standard.iterator.loadStateDict(iterator)
        } else if let (updater, state) = other {
            // Another updater's own load puts back what it keeps beyond models and optimizers, as far as it can.
            try? updater.loadStateDict(state)
        }
    }
}
