import Foundation

/// Rescales all gradients together so their global L2 norm is at most `threshold` (Chainer's `GradientClipping`).
public final class GradientClipping: OptimizerHook {
    /// The largest allowed global norm.
    public var threshold: Double
    public let name = "GradientClipping"
    public let timing = HookTiming.pre

    /// Creates the hook with its norm threshold.
    public init(_ threshold: Double) { self.threshold = threshold }
    /// The same, labelled as Chainer's keyword (`GradientClipping(threshold=1.0)`).
    public convenience init(threshold: Double) { self.init(threshold) }

    /// Scales every gradient by `min(1, threshold / norm)`.
    public func callAsFunction(_ optimizer: Optimizer) {
        guard let target = optimizer.target else { return }
        let params = target.params().filter { $0.isInitialized && $0.grad != nil }
        var sqnorm = 0.0
        for p in params { let g = p.grad!; sqnorm += (g * g).sum().item() }
        let rate = threshold * (optimizer.lossScale ?? 1) / sqnorm.squareRoot()
        guard rate < 1 else { return }
        for p in params { p.grad = p.grad! * rate }
    }
}

/// Clips each gradient element into `[lowerBound, upperBound]` (Chainer's `GradientHardClipping`).
public final class GradientHardClipping: ParameterHook {
    /// The smallest allowed element.
    public var lowerBound: Double
    /// The largest allowed element.
    public var upperBound: Double
    public let name = "GradientHardClipping"
    public let timing = HookTiming.pre

    /// Creates the hook with its bounds.
    public init(_ lowerBound: Double, _ upperBound: Double) {
        precondition(lowerBound <= upperBound, "GradientHardClipping: lower bound \(lowerBound) exceeds upper bound \(upperBound)")
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }
    /// The same, labelled as Chainer's keywords.
    public convenience init(lowerBound: Double, upperBound: Double) { self.init(lowerBound, upperBound) }

    /// Clips one parameter's gradient (bounds scaled with the loss scale, as the gradient is).
    public func apply(_ rule: UpdateRule?, _ param: Parameter, lossScale: Double?) {
        guard let g = param.grad else { return }
        let s = lossScale ?? 1
        param.grad = g.clip(lowerBound * s, upperBound * s)
    }
}

/// Adds Gaussian noise with standard deviation `sqrt(eta / (1 + t)^0.55)` to each gradient (Chainer's
/// `GradientNoise`, `t` being the parameter's update count).
public final class GradientNoise: ParameterHook {
    /// Scale of the noise.
    public var eta: Double
    /// Makes the noise for a gradient (default: the decaying Gaussian above).
    public var noiseFunction: (_ shape: [Int], _ dtype: DType, _ hook: GradientNoise, _ rule: UpdateRule?) -> NDArray
    public let name = "GradientNoise"
    public let timing = HookTiming.pre

    /// Creates the hook with its noise scale and, optionally, a noise generator.
    public init(_ eta: Double, noiseFunction: ((_ shape: [Int], _ dtype: DType, _ hook: GradientNoise, _ rule: UpdateRule?) -> NDArray)? = nil) {
        self.eta = eta
        self.noiseFunction = noiseFunction ?? GradientNoise.exponentialDecayNoise
    }

    /// Chainer's default noise: normal with std `sqrt(eta / (1 + t)^0.55)`.
    public static func exponentialDecayNoise(_ shape: [Int], _ dtype: DType, _ hook: GradientNoise, _ rule: UpdateRule?) -> NDArray {
        let std = (hook.eta / Foundation.pow(1 + Double(rule?.t ?? 0), 0.55)).squareRoot()
        return NDArray.normal(shape, mean: 0, std: std, dtype: dtype)
    }

    /// Adds noise to one parameter's gradient.
    public func apply(_ rule: UpdateRule?, _ param: Parameter, lossScale: Double?) {
        guard let g = param.grad else { return }
        param.grad = g + noiseFunction(g.shape, g.dtype, self, rule)
    }
}

/// Layer-wise adaptive rate scaling of gradients (Chainer's `GradientLARS`): `g = rate * (g + weightDecay * p)` with
/// `rate = |p| / (eps + |g| + weightDecay * |p|)` where `|p| > threshold`, else 1.
public final class GradientLARS: ParameterHook {
    /// Weight norm below which the gradient is left unscaled.
    public var threshold: Double
    /// Weight decay folded into the gradient.
    public var weightDecay: Double
    /// Small value for numerical stability.
    public var eps: Double
    public let name = "GradientLARS"
    public let timing = HookTiming.pre

    /// Creates the hook with Chainer's defaults.
    public init(threshold: Double = 1e-2, weightDecay: Double = 0, eps: Double = 1e-9) {
        self.threshold = threshold
        self.weightDecay = weightDecay
        self.eps = eps
    }

    /// Rescales one parameter's gradient.
    public func apply(_ rule: UpdateRule?, _ param: Parameter, lossScale: Double?) {
        guard let g = param.grad else { return }
        let p = param.array
        let pNorm = (p * p).sum().item().squareRoot()
        let gNorm = (g * g).sum().item().squareRoot()
        let rate = pNorm > threshold ? pNorm / (eps + gNorm + weightDecay * pNorm) : 1
        param.grad = (g + weightDecay * p) * rate
    }
}
