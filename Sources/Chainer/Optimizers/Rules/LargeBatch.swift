import Foundation

/// LARS's rule (You et al. 2017, beyond Chainer): a layer-wise trust ratio
/// `local = eta * |w| / (|g| + wd * |w| + eps)` (1 when either norm is zero) scales a momentum step:
/// `v = momentum * v + lr * local * (g + wd * w); w -= v`.
public final class LARSRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["v"] }

    /// Two passes: the norms, then the update.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let wdD = hyperparam.require("weight_decay_rate")
        var wsq = 0.0, gsq = 0.0
        for i in 0..<b.count {
            let w = Double(b.param[i]), g = Double(b.grad[i])
            wsq += w * w
            gsq += g * g
        }
        let wn = wsq.squareRoot(), gn = gsq.squareRoot()
        let local = wn > 0 && gn > 0 ? hyperparam.require("eta") * wn / (gn + wdD * wn + hyperparam.require("eps")) : 1
        let scale = T(hyperparam.require("lr") * local), momentum = T(hyperparam.require("momentum")), wd = T(wdD)
        let v = b.states[0]
        for i in 0..<b.count {
            v[i] = momentum * v[i] + scale * (b.grad[i] + wd * b.param[i])
            b.param[i] -= v[i]
        }
    }
}

/// Layer-wise adaptive rate scaling with momentum (LARS; not in Chainer).
public final class LARS: Optimizer {
    /// Creates the optimizer.
    public init(lr: Double = 0.1, momentum: Double = 0.9, eta: Double = 0.001, weightDecayRate: Double = 0, eps: Double = 1e-9) {
        super.init()
        hyperparam["lr"] = lr
        hyperparam["momentum"] = momentum
        hyperparam["eta"] = eta
        hyperparam["weight_decay_rate"] = weightDecayRate
        hyperparam["eps"] = eps
    }
    /// Global learning rate.
    public var lr: Double { get { hyperparam.require("lr") } set { hyperparam["lr"] = newValue } }
    /// Decay rate of the velocity.
    public var momentum: Double { get { hyperparam.require("momentum") } set { hyperparam["momentum"] = newValue } }
    /// Trust coefficient.
    public var eta: Double { get { hyperparam.require("eta") } set { hyperparam["eta"] = newValue } }
    /// Weight decay folded into the gradient.
    public var weightDecayRate: Double {
        get { hyperparam.require("weight_decay_rate") } set { hyperparam["weight_decay_rate"] = newValue }
    }
    public override func createUpdateRule() -> UpdateRule? { LARSRule(parent: hyperparam) }
}

/// LAMB's rule (You et al. 2019, beyond Chainer): Adam's bias-corrected direction
/// `r = m̂ / (sqrt(v̂) + eps) + wd * w`, scaled by the trust ratio `|w| / |r|` (1 when either is zero):
/// `w -= alpha * trust * r`.
public final class LAMBRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["m", "v"] }

    /// Two passes: moments and norms, then the update.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let beta1 = hyperparam.require("beta1"), beta2 = hyperparam.require("beta2")
        let c1 = T(1 - beta1), c2 = T(1 - beta2)
        let fix1 = T(1 - Foundation.pow(beta1, Double(t))), fix2 = T(1 - Foundation.pow(beta2, Double(t)))
        let eps = T(hyperparam.require("eps")), wd = T(hyperparam.require("weight_decay_rate"))
        let m = b.states[0], v = b.states[1]
        var wsq = 0.0, rsq = 0.0
        for i in 0..<b.count {
            let g = b.grad[i]
            m[i] += c1 * (g - m[i])
            v[i] += c2 * (g * g - v[i])
            let r = (m[i] / fix1) / (nonNegativeSqrt(v[i] / fix2) + eps) + wd * b.param[i]
            wsq += Double(b.param[i]) * Double(b.param[i])
            rsq += Double(r) * Double(r)
        }
        let wn = wsq.squareRoot(), rn = rsq.squareRoot()
        let trust = wn > 0 && rn > 0 ? wn / rn : 1
        let step = T(hyperparam.require("alpha") * trust)
        for i in 0..<b.count {
            let r = (m[i] / fix1) / (nonNegativeSqrt(v[i] / fix2) + eps) + wd * b.param[i]
            b.param[i] -= step * r
        }
    }
}

/// Layer-wise adaptive moments for large batches (LAMB; not in Chainer).
public final class LAMB: Optimizer {
    /// Creates the optimizer.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-6,
                weightDecayRate: Double = 0) {
        super.init()
        hyperparam["alpha"] = alpha
        hyperparam["beta1"] = beta1
        hyperparam["beta2"] = beta2
        hyperparam["eps"] = eps
        hyperparam["weight_decay_rate"] = weightDecayRate
    }
    /// Learning rate.
    public var alpha: Double { get { hyperparam.require("alpha") } set { hyperparam["alpha"] = newValue } }
    /// Decay rate of the first moment.
    public var beta1: Double { get { hyperparam.require("beta1") } set { hyperparam["beta1"] = newValue } }
    /// Decay rate of the second moment.
    public var beta2: Double { get { hyperparam.require("beta2") } set { hyperparam["beta2"] = newValue } }
    /// Small value for numerical stability.
    public var eps: Double { get { hyperparam.require("eps") } set { hyperparam["eps"] = newValue } }
    /// Decoupled weight decay rate.
    public var weightDecayRate: Double {
        get { hyperparam.require("weight_decay_rate") } set { hyperparam["weight_decay_rate"] = newValue }
    }
    public override func createUpdateRule() -> UpdateRule? { LAMBRule(parent: hyperparam) }
}
