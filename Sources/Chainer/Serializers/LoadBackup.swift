import ChainerArray

/// What loading a snapshot can change in the models and optimizers of an updater, kept as it is so that a load
/// failing partway can be undone, even where the load filled in state that was empty before: a lazily initialised
/// parameter, a persistent value, an optimizer's moments before its first step. (Putting the old state back through
/// a strict deserializer could not: the old state has no keys for what was empty.)
struct LoadBackup {
    private var params: [(Parameter, NDArray, Bool)] = []
    private var persistents: [(Link, [String: NDArray])] = []
    private var optimizers: [(Optimizer, t: Int, epoch: Int, rules: [String: UpdateRule])] = []
    private var rules: [(UpdateRule, t: Int, state: [String: NDArray])] = []

    /// Keeps the state of `optimizers` and of their targets.
    init(_ optimizers: [(String, Optimizer)]) {
        for (_, optimizer) in optimizers {
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
    }
}
