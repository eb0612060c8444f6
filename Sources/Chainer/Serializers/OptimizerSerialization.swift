/// Optimizers save and load their state with Chainer 7.8.1's keys: `t`, `epoch` (0-d int64), then per parameter path
/// without the leading "/" the rule's `t` and its state arrays (`l1/W/t`, `l1/W/m`, `l1/W/v`).
extension Optimizer: Serializable {
    /// Walks `t`, `epoch` and every parameter's rule (Chainer's `Optimizer.serialize`); the link's parameters
    /// themselves are not included, as in Chainer.
    public func serialize(_ serializer: any Serializer) throws(SerializationError) {
        guard let target else {
            // Chainer fails here too: the rules' state belongs to parameters, and `setup` would reset t and epoch.
            if serializer.isLoading {
                throw .badValue("\(type(of: self)) has no target: call setup(_:) with the model before loading its state")
            }
            try serializer("t", &t)
            try serializer("epoch", &epoch)
            return
        }
        try serializeCount("t", &t, serializer)
        try serializeCount("epoch", &epoch, serializer)
        for (path, param) in target.namedParams() {
            guard let rule = updateRule(for: path) else { continue }
            let sub = serializer[path.trimmingLeadingSlashes]
            try rule.serialize(sub)
            // A state saved for another shape (a changed model) would be read past its end by the update pass.
            if serializer.isLoading, param.isInitialized, let fused = rule as? any FusedUpdateRule {
                for name in fused.stateNames {
                    guard let s = rule.state[name], s.shape != param.shape else { continue }
                    rule.state = [:]
                    throw .shapeMismatch(key: path.trimmingLeadingSlashes + "/" + name, expected: param.shape, found: s.shape)
                }
            }
        }
    }
}

extension UpdateRule {
    /// Walks the rule's step count and state (Chainer's `UpdateRule.serialize`). A rule that has not run yet loads
    /// its state only when every state key is stored; otherwise the state stays empty and is made on the next
    /// update, as in Chainer.
    public func serialize(_ serializer: any Serializer) throws(SerializationError) {
        try serializeCount("t", &t, serializer)
        if !state.isEmpty {
            for key in state.keys.sorted() {
                var value: NDArray? = state[key]
                try serializer(key, &value)
                if serializer.isLoading && !serializer.isDryRun, let value { state[key] = value }
            }
            return
        }
        guard serializer.isLoading else { return }
        var loaded: [String: NDArray] = [:]
        for key in stateKeys {
            var value: NDArray? = nil
            try serializer(key, &value)
            if let value {
                loaded[key] = value
                continue
            }
            if enabled, let strict = serializer as? DictionaryDeserializer, strict.requires(key) {
                throw .missingKey(strict.path + key)
            }
            // The validation pass assigns nothing, so a nil here says nothing about the key.
            if serializer.isDryRun { continue }
            return
        }
        if !serializer.isDryRun { state = loaded }
    }
}

/// Saves or loads a step or epoch count, refusing a negative one (Adam's bias correction would turn it into NaN).
func serializeCount(_ key: String, _ value: inout Int, _ serializer: any Serializer) throws(SerializationError) {
    var loaded = value
    try serializer(key, &loaded)
    if serializer.isDryRun, let stored = serializer.incoming(key, loaded: nil)?.exactInt() { loaded = stored }
    guard loaded >= 0 else {
        let path = (serializer as? DictionaryDeserializer)?.path ?? ""
        throw .badValue("\(path)\(key) is \(loaded); a count cannot be negative")
    }
    if !serializer.isDryRun { value = loaded }
}
