/// What an optimizer contributes to a snapshot, in Chainer 7.8.1's key layout, for the serializers: `t`, `epoch`,
/// then per parameter path (without the leading "/") its rule's `t` and state arrays, e.g. `l1/W/t`, `l1/W/m`.
extension Optimizer {
    /// The snapshot entries: scalars (`t`, `epoch`, rule step counts) as 0-d int64 arrays, state arrays as they are.
    /// Rules that have not run yet contribute only their `t`, as in Chainer.
    public func stateDict() -> [(key: String, value: NDArray)] {
        var out: [(String, NDArray)] = [("t", NDArray(t)), ("epoch", NDArray(epoch))]
        guard let target else { return out }
        for (path, _) in target.namedParams() {
            guard let rule = updateRule(for: path) else { continue }
            let prefix = String(path.dropFirst())
            out.append((prefix + "/t", NDArray(rule.t)))
            for name in rule.state.keys.sorted() { out.append((prefix + "/" + name, rule.state[name]!)) }
        }
        return out
    }
}

extension UpdateRule {
    /// The names of the state arrays this rule keeps (what `initState` makes), known before the first update, so a
    /// loader knows which keys to read.
    public var stateKeys: [String] {
        if !state.isEmpty { return state.keys.sorted() }
        initState(NDArray.zeros([1]))
        defer { state = [:] }
        return state.keys.sorted()
    }
}
