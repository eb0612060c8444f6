/// How one parameter is updated (Chainer's `chainer.UpdateRule`): its own state arrays (`m`, `v`, … named as Chainer
/// serializes them), step count, hyperparameters that fall back on the optimizer's, hooks, and the fp32 master copy
/// for float16 parameters.
open class UpdateRule {
    /// This parameter's hyperparameters (unset names read the optimizer's).
    public let hyperparam: Hyperparameter
    /// State arrays by Chainer's names; empty until the first update.
    public var state: [String: NDArray] = [:]
    /// Whether `update` does anything (false freezes the parameter).
    public var enabled = true
    /// Updates done by this rule.
    public var t = 0
    /// Whether a float16 parameter is updated through a float32 master copy.
    public private(set) var usesFP32Update = false
    /// The float32 master copy of a float16 parameter (when `usesFP32Update`).
    public private(set) var fp32Param: Parameter?
    /// Hooks run just before and after the update core.
    public private(set) var hooks: [(name: String, hook: any ParameterHook)] = []

    /// Creates a rule whose hyperparameters fall back on `parent`.
    public init(parent: Hyperparameter) { hyperparam = Hyperparameter(parent: parent) }

    /// Creates the state arrays for a parameter array (default: a fused rule's `stateNames`, all zeros; else none).
    open func initState(_ param: NDArray) {
        guard let fused = self as? any FusedUpdateRule else { return }
        for name in fused.stateNames { state[name] = NDArray.zerosLike(param) }
    }

    /// Applies the rule to `param.array` from `param.grad` (default: a fused rule's pass; other rules implement it).
    open func updateCore(_ param: Parameter) {
        guard let fused = self as? any FusedUpdateRule else {
            preconditionFailure("\(type(of: self)): updateCore is not implemented")
        }
        fused.runFused(param)
    }

    /// Keeps a float32 master copy for float16 parameters (Chainer's `use_fp32_update`).
    public func useFP32Update(_ flag: Bool = true) { usesFP32Update = flag }

    /// Adds a hook that runs on this parameter only (before or after the core, by the hook's timing).
    public func addHook(_ hook: any ParameterHook, name: String? = nil) {
        let key = name ?? hook.name
        precondition(!hooks.contains { $0.name == key }, "UpdateRule.addHook: a hook named \(key) is already registered")
        hooks.append((key, hook))
    }

    /// Removes the hook registered under `name`.
    public func removeHook(_ name: String) { hooks.removeAll { $0.name == name } }

    /// One step: counts it, prepares the state, unscales the gradient, runs the hooks and the core.
    public final func update(_ param: Parameter, lossScale: Double? = nil) {
        guard enabled, param.isInitialized else { return }
        t += 1
        if usesFP32Update && param.dtype == .float16 {
            let master = fp32Param ?? Parameter(param.array.astype(.float32), name: param.name)
            fp32Param = master
            master.grad = param.grad?.astype(.float32)
            step(master, lossScale: lossScale)
            param.array = master.array.astype(param.dtype)
            master.clearGrad()
        } else {
            step(param, lossScale: lossScale)
        }
    }

    private func step(_ param: Parameter, lossScale: Double?) {
        if state.isEmpty { initState(param.array) }
        if let s = lossScale, let g = param.grad { param.grad = g / s }
        for (_, h) in hooks where h.timing == .pre { h(self, param) }
        if param.grad != nil { updateCore(param) }
        for (_, h) in hooks where h.timing == .post { h(self, param) }
    }
}
