import Foundation

/// Adam's bias-corrected step size `alpha * sqrt(1 - beta2^t) / (1 - beta1^t)` (Chainer's `_learning_rate`).
func adamAlphaT(_ hp: Hyperparameter, t: Int) -> Double {
    precondition(t > 0, "Adam: the learning rate is undefined before the first update (t = 0)")
    let fix1 = 1 - Foundation.pow(hp.require("beta1"), Double(t))
    let fix2 = 1 - Foundation.pow(hp.require("beta2"), Double(t))
    return hp.require("alpha") * fix2.squareRoot() / fix1
}

/// Adam's rule with Chainer's variants (AMSGrad, AdaBound, decoupled weight decay):
/// `m += (1-β1)(g-m); v += (1-β2)(g²-v); vhat = amsgrad ? max(vhat, v) : v;
/// step = alpha_t / (sqrt(vhat) + eps)` (clipped into the AdaBound bounds);
/// `param = (1 - eta·wd)·param - eta·step·m`.
public final class AdamRule: UpdateRule, FusedUpdateRule {
    /// `alpha` when the rule was made (AdaBound scales `final_lr` by alpha's change since).
    public let initialAlpha: Double

    /// Creates the rule; AdaBound remembers the initial `alpha`.
    public override init(parent: Hyperparameter) {
        initialAlpha = parent["alpha"] ?? 0.001
        super.init(parent: parent)
    }

    public var stateNames: [String] { hyperparam.flag("amsgrad") ? ["m", "v", "vhat"] : ["m", "v"] }
    public override func updateCore(_ param: Parameter) {
        if hyperparam.flag("amsgrad") && state["vhat"] == nil { state["vhat"] = NDArray.zerosLike(state["v"]!) }
        runFused(param)
    }

    /// The step size this update uses.
    public var alphaT: Double { adamAlphaT(hyperparam, t: t) }

    /// AdaBound's lower and upper step bounds at this update.
    public var bounds: (lower: Double, upper: Double) {
        precondition(t > 0, "AdaBound: the bounds are undefined before the first update (t = 0)")
        let finalLr = hyperparam.require("final_lr") * hyperparam.require("alpha") / initialAlpha
        let gamma = hyperparam.require("gamma"), t = Double(self.t)
        return (finalLr * (1 - 1 / (gamma * t + 1)), finalLr * (1 + 1 / (gamma * t)))
    }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let hp = hyperparam
        let beta1 = hp.require("beta1"), beta2 = hp.require("beta2"), eta = hp.require("eta")
        let wd = hp.require("weight_decay_rate")
        let c1 = T(1 - beta1), c2 = T(1 - beta2), alphaT = T(alphaT), eps = T(hp.require("eps"))
        let decay = T(1 - eta * wd), scale = T(-eta)
        let amsgrad = hp.flag("amsgrad"), adabound = hp.flag("adabound")
        var lower = -T.infinity, upper = T.infinity
        if adabound { let bd = bounds; lower = T(bd.lower); upper = T(bd.upper) }
        let m = b.states[0], v = b.states[1]
        if T.self == Float.self {
            // float32 runs the vectorised, multi-core kernel (the same arithmetic as the loops below).
            func f(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> { UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self) }
            let k = OptimizerKernels.AdamCoefficients(c1: Float(c1), c2: Float(c2), alphaT: Float(alphaT), eps: Float(eps),
                                                      decay: Float(decay), scale: Float(scale),
                                                      lower: Float(lower), upper: Float(upper))
            OptimizerKernels.adam(count: b.count, param: f(b.param), grad: UnsafeRawPointer(b.grad).assumingMemoryBound(to: Float.self),
                                  m: f(m), v: f(v), vhat: amsgrad ? f(b.states[2]) : nil, k)
            return
        }
        let decays = decay != 1
        // Separate loops: a `vhat` aliasing `v` would defeat the vectoriser's overlap checks.
        if amsgrad {
            let vhat = b.states[2]
            for i in 0..<b.count {
                let g = b.grad[i]
                m[i] += c1 * (g - m[i])
                v[i] += c2 * (g * g - v[i])
                vhat[i] = Swift.max(vhat[i], v[i])
                var step = alphaT / (nonNegativeSqrt(vhat[i]) + eps)
                if adabound { step = Swift.min(Swift.max(step, lower), upper) }
                b.param[i] = decays ? decay * b.param[i] + scale * (step * m[i]) : b.param[i] + scale * (step * m[i])
            }
        } else {
            for i in 0..<b.count {
                let g = b.grad[i]
                m[i] += c1 * (g - m[i])
                v[i] += c2 * (g * g - v[i])
                var step = alphaT / (nonNegativeSqrt(v[i]) + eps)
                if adabound { step = Swift.min(Swift.max(step, lower), upper) }
                b.param[i] = decays ? decay * b.param[i] + scale * (step * m[i]) : b.param[i] + scale * (step * m[i])
            }
        }
    }
}

/// Adam (Chainer's `optimizers.Adam`, with its `amsgrad`, `adabound` and decoupled `weightDecayRate` options).
open class Adam: Optimizer {
    /// Creates the optimizer with Chainer's hyperparameters and defaults.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, eta: Double = 1.0,
                weightDecayRate: Double = 0, amsgrad: Bool = false, adabound: Bool = false, finalLr: Double = 0.1,
                gamma: Double = 1e-3) {
        super.init()
        hyperparam["alpha"] = alpha
        hyperparam["beta1"] = beta1
        hyperparam["beta2"] = beta2
        hyperparam["eps"] = eps
        hyperparam["eta"] = eta
        hyperparam["weight_decay_rate"] = weightDecayRate
        hyperparam["amsgrad"] = amsgrad ? 1 : 0
        hyperparam["adabound"] = adabound ? 1 : 0
        hyperparam["final_lr"] = finalLr
        hyperparam["gamma"] = gamma
    }
    /// Coefficient of the learning rate.
    public final var alpha: Double { get { hyperparam.require("alpha") } set { hyperparam["alpha"] = newValue } }
    /// Decay rate of the first moment.
    public final var beta1: Double { get { hyperparam.require("beta1") } set { hyperparam["beta1"] = newValue } }
    /// Decay rate of the second moment.
    public final var beta2: Double { get { hyperparam.require("beta2") } set { hyperparam["beta2"] = newValue } }
    /// Small value added to the denominator's square root.
    public final var eps: Double { get { hyperparam.require("eps") } set { hyperparam["eps"] = newValue } }
    /// Schedule multiplier.
    public final var eta: Double { get { hyperparam.require("eta") } set { hyperparam["eta"] = newValue } }
    /// Decoupled weight decay rate (AdamW).
    public final var weightDecayRate: Double {
        get { hyperparam.require("weight_decay_rate") } set { hyperparam["weight_decay_rate"] = newValue }
    }
    /// Whether AMSGrad's running maximum of `v` is used.
    public final var amsgrad: Bool { get { hyperparam.flag("amsgrad") } set { hyperparam["amsgrad"] = newValue ? 1 : 0 } }
    /// Whether AdaBound's step bounds are used.
    public final var adabound: Bool { get { hyperparam.flag("adabound") } set { hyperparam["adabound"] = newValue ? 1 : 0 } }
    /// AdaBound's final (SGD) learning rate.
    public final var finalLr: Double { get { hyperparam.require("final_lr") } set { hyperparam["final_lr"] = newValue } }
    /// AdaBound's bound convergence speed.
    public final var gamma: Double { get { hyperparam.require("gamma") } set { hyperparam["gamma"] = newValue } }
    /// The step size of the current step count: `alpha * sqrt(1 - beta2^t) / (1 - beta1^t)`.
    public final var alphaT: Double { adamAlphaT(hyperparam, t: t) }
    /// Chainer's older name for `alphaT`.
    public final var lr: Double { alphaT }

    public override func createUpdateRule() -> UpdateRule? { AdamRule(parent: hyperparam) }
}

/// Adam with decoupled weight decay (Chainer's `AdamW`).
public final class AdamW: Adam {
    /// Creates the optimizer.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, eta: Double = 1.0,
                weightDecayRate: Double = 0) {
        super.init(alpha: alpha, beta1: beta1, beta2: beta2, eps: eps, eta: eta, weightDecayRate: weightDecayRate)
    }
}

/// Adam with AMSGrad's running maximum (Chainer's `AMSGrad`).
public final class AMSGrad: Adam {
    /// Creates the optimizer.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, eta: Double = 1.0) {
        super.init(alpha: alpha, beta1: beta1, beta2: beta2, eps: eps, eta: eta, amsgrad: true)
    }
}

/// Adam with AdaBound's step bounds (Chainer's `AdaBound`).
public final class AdaBound: Adam {
    /// Creates the optimizer.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, finalLr: Double = 0.1,
                gamma: Double = 1e-3, eps: Double = 1e-8, eta: Double = 1.0) {
        super.init(alpha: alpha, beta1: beta1, beta2: beta2, eps: eps, eta: eta, adabound: true, finalLr: finalLr, gamma: gamma)
    }
}

/// Adam with both AMSGrad and AdaBound (Chainer's `AMSBound`).
public final class AMSBound: Adam {
    /// Creates the optimizer.
    public init(alpha: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, finalLr: Double = 0.1,
                gamma: Double = 1e-3, eps: Double = 1e-8, eta: Double = 1.0) {
        super.init(alpha: alpha, beta1: beta1, beta2: beta2, eps: eps, eta: eta, amsgrad: true, adabound: true,
                   finalLr: finalLr, gamma: gamma)
    }
}
