/// L2 regularisation: adds `rate * param` to each gradient before the update (Chainer's `WeightDecay`).
public final class WeightDecay: ParameterHook {
    /// Coefficient of the decay.
    public var rate: Double
    public let name = "WeightDecay"
    public let timing = HookTiming.pre

    /// Creates the hook with its coefficient.
    public init(_ rate: Double) { self.rate = rate }
    /// The same, labelled as Chainer's keyword.
    public convenience init(rate: Double) { self.init(rate) }

    /// Adds the decay term to one parameter's gradient.
    public func apply(_ rule: UpdateRule?, _ param: Parameter, lossScale: Double?) {
        guard let g = param.grad else { return }
        param.grad = g + (rate * (lossScale ?? 1)) * param.array
    }
}

/// L1 regularisation: adds `rate * sign(param)` to each gradient before the update (Chainer's `Lasso`; the rate is
/// scaled with the loss scale, as WeightDecay's is, so the penalty does not shrink under loss scaling).
public final class Lasso: ParameterHook {
    /// Coefficient of the decay.
    public var rate: Double
    public let name = "Lasso"
    public let timing = HookTiming.pre

    /// Creates the hook with its coefficient.
    public init(_ rate: Double) { self.rate = rate }
    /// The same, labelled as Chainer's keyword.
    public convenience init(rate: Double) { self.init(rate) }

    /// Adds the decay term to one parameter's gradient.
    public func apply(_ rule: UpdateRule?, _ param: Parameter, lossScale: Double?) {
        guard let g = param.grad else { return }
        param.grad = g + (rate * (lossScale ?? 1)) * param.array.sign()
    }
}
