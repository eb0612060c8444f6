/// When an optimizer hook runs relative to the parameter updates.
public enum HookTiming: Sendable {
    /// Before the update (on the raw gradients).
    case pre
    /// After the update.
    case post
}

/// A function the optimizer calls once per step, before or after the update (Chainer's optimizer hooks).
public protocol OptimizerHook: AnyObject {
    /// The name it is registered under by default.
    var name: String { get }
    /// When it runs.
    var timing: HookTiming { get }
    /// Runs the hook on the optimizer.
    func callAsFunction(_ optimizer: Optimizer)
}

/// A hook that works on each parameter separately (Chainer's `call_for_each_param = True`); it can also be added
/// to a single parameter's update rule.
public protocol ParameterHook: OptimizerHook {
    /// Runs on one parameter; `lossScale` is the factor its gradient still carries (nil when unscaled).
    func apply(_ rule: UpdateRule?, _ param: Parameter, lossScale: Double?)
}

extension ParameterHook {
    /// Runs the hook on every initialised parameter of the optimizer's target.
    public func callAsFunction(_ optimizer: Optimizer) {
        guard let target = optimizer.target else { return }
        for (path, p) in target.namedParams() where p.isInitialized {
            apply(optimizer.updateRule(for: path), p, lossScale: optimizer.lossScale)
        }
    }

    /// Runs the hook on one parameter from inside its rule (the gradient is already unscaled there).
    func callAsFunction(_ rule: UpdateRule, _ param: Parameter) { apply(rule, param, lossScale: nil) }
}
