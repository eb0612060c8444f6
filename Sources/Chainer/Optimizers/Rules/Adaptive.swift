/// AdaGrad's rule: `h += g²; param -= lr * g / (sqrt(h) + eps)`.
public final class AdaGradRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["h"] }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let lr = T(hyperparam.require("lr")), eps = T(hyperparam.require("eps"))
        let h = b.states[0]
        for i in 0..<b.count {
            let g = b.grad[i]
            h[i] += g * g
            b.param[i] -= lr * g / (nonNegativeSqrt(h[i]) + eps)
        }
    }
}

/// AdaGrad (Chainer's `optimizers.AdaGrad`).
public final class AdaGrad: Optimizer {
    /// Creates the optimizer.
    public init(lr: Double = 0.001, eps: Double = 1e-8) {
        super.init()
        hyperparam["lr"] = lr
        hyperparam["eps"] = eps
    }
    /// Learning rate.
    public var lr: Double { get { hyperparam.require("lr") } set { hyperparam["lr"] = newValue } }
    /// Small value for numerical stability.
    public var eps: Double { get { hyperparam.require("eps") } set { hyperparam["eps"] = newValue } }
    public override func createUpdateRule() -> UpdateRule? { AdaGradRule(parent: hyperparam) }
}

/// Zeiler's ADADELTA rule: running means of squared gradients (`msg`) and squared steps (`msdx`).
public final class AdaDeltaRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["msg", "msdx"] }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let rhoD = hyperparam.require("rho")
        let rho = T(rhoD), c = T(1 - rhoD), eps = T(hyperparam.require("eps"))
        let msg = b.states[0], msdx = b.states[1]
        for i in 0..<b.count {
            let g = b.grad[i]
            msg[i] = msg[i] * rho + c * g * g
            let dx = nonNegativeSqrt((msdx[i] + eps) / (msg[i] + eps)) * g
            msdx[i] = msdx[i] * rho + c * dx * dx
            b.param[i] -= dx
        }
    }
}

/// ADADELTA (Chainer's `optimizers.AdaDelta`).
public final class AdaDelta: Optimizer {
    /// Creates the optimizer.
    public init(rho: Double = 0.95, eps: Double = 1e-6) {
        super.init()
        hyperparam["rho"] = rho
        hyperparam["eps"] = eps
    }
    /// Decay rate of the running means.
    public var rho: Double { get { hyperparam.require("rho") } set { hyperparam["rho"] = newValue } }
    /// Small value for numerical stability.
    public var eps: Double { get { hyperparam.require("eps") } set { hyperparam["eps"] = newValue } }
    public override func createUpdateRule() -> UpdateRule? { AdaDeltaRule(parent: hyperparam) }
}

/// RMSprop's rule: `ms = alpha * ms + (1 - alpha) * g²; param -= lr * g / (sqrt(ms) + eps)` (or `sqrt(ms + eps)`
/// with `eps_inside_sqrt`).
public final class RMSpropRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["ms"] }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let alphaD = hyperparam.require("alpha")
        let alpha = T(alphaD), c = T(1 - alphaD), lr = T(hyperparam.require("lr")), eps = T(hyperparam.require("eps"))
        let inside = hyperparam.flag("eps_inside_sqrt")
        let ms = b.states[0]
        for i in 0..<b.count {
            let g = b.grad[i]
            ms[i] = ms[i] * alpha + c * g * g
            let denom = inside ? nonNegativeSqrt(ms[i] + eps) : nonNegativeSqrt(ms[i]) + eps
            b.param[i] -= lr * g / denom
        }
    }
}

/// RMSprop (Chainer's `optimizers.RMSprop`).
public final class RMSprop: Optimizer {
    /// Creates the optimizer.
    public init(lr: Double = 0.01, alpha: Double = 0.99, eps: Double = 1e-8, epsInsideSqrt: Bool = false) {
        super.init()
        hyperparam["lr"] = lr
        hyperparam["alpha"] = alpha
        hyperparam["eps"] = eps
        hyperparam["eps_inside_sqrt"] = epsInsideSqrt ? 1 : 0
    }
    /// Learning rate.
    public var lr: Double { get { hyperparam.require("lr") } set { hyperparam["lr"] = newValue } }
    /// Decay rate of the mean square.
    public var alpha: Double { get { hyperparam.require("alpha") } set { hyperparam["alpha"] = newValue } }
    /// Small value for numerical stability.
    public var eps: Double { get { hyperparam.require("eps") } set { hyperparam["eps"] = newValue } }
    /// Whether eps goes inside the square root.
    public var epsInsideSqrt: Bool {
        get { hyperparam.flag("eps_inside_sqrt") } set { hyperparam["eps_inside_sqrt"] = newValue ? 1 : 0 }
    }
    public override func createUpdateRule() -> UpdateRule? { RMSpropRule(parent: hyperparam) }
}

/// Graves's RMSprop rule: running means of g² (`n`) and g (`g`), and a momentum step (`delta`).
public final class RMSpropGravesRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["n", "g", "delta"] }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let alphaD = hyperparam.require("alpha")
        let alpha = T(alphaD), c = T(1 - alphaD), lr = T(hyperparam.require("lr"))
        let momentum = T(hyperparam.require("momentum")), eps = T(hyperparam.require("eps"))
        let n = b.states[0], gm = b.states[1], delta = b.states[2]
        for i in 0..<b.count {
            let g = b.grad[i]
            n[i] = n[i] * alpha + c * g * g
            gm[i] = gm[i] * alpha + c * g
            delta[i] = delta[i] * momentum - lr * g / (n[i] - gm[i] * gm[i] + eps).squareRoot()
            b.param[i] += delta[i]
        }
    }
}

/// Alex Graves's RMSprop (Chainer's `optimizers.RMSpropGraves`).
public final class RMSpropGraves: Optimizer {
    /// Creates the optimizer.
    public init(lr: Double = 1e-4, alpha: Double = 0.95, momentum: Double = 0.9, eps: Double = 1e-4) {
        super.init()
        hyperparam["lr"] = lr
        hyperparam["alpha"] = alpha
        hyperparam["momentum"] = momentum
        hyperparam["eps"] = eps
    }
    /// Learning rate.
    public var lr: Double { get { hyperparam.require("lr") } set { hyperparam["lr"] = newValue } }
    /// Decay rate of the running means.
    public var alpha: Double { get { hyperparam.require("alpha") } set { hyperparam["alpha"] = newValue } }
    /// Decay rate of the step.
    public var momentum: Double { get { hyperparam.require("momentum") } set { hyperparam["momentum"] = newValue } }
    /// Small value for numerical stability.
    public var eps: Double { get { hyperparam.require("eps") } set { hyperparam["eps"] = newValue } }
    public override func createUpdateRule() -> UpdateRule? { RMSpropGravesRule(parent: hyperparam) }
}

/// Simon Funk's SMORMS3 rule (state `mem`, `g`, `g2`).
public final class SMORMS3Rule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["mem", "g", "g2"] }
    public override func initState(_ param: NDArray) {
        state["mem"] = NDArray.fullLike(param, 1)
        state["g"] = NDArray.zerosLike(param)
        state["g2"] = NDArray.zerosLike(param)
    }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let lr = T(hyperparam.require("lr")), eps = T(hyperparam.require("eps"))
        let mem = b.states[0], gm = b.states[1], g2 = b.states[2]
        for i in 0..<b.count {
            let grad = b.grad[i]
            let r = 1 / (mem[i] + 1)
            gm[i] = (1 - r) * gm[i] + r * grad
            g2[i] = (1 - r) * g2[i] + r * grad * grad
            let x = gm[i] * gm[i] / (g2[i] + eps)
            b.param[i] -= grad * Swift.min(x, lr) / (nonNegativeSqrt(g2[i]) + eps)
            mem[i] = 1 + mem[i] * (1 - x)
        }
    }
}

/// SMORMS3 (Chainer's `optimizers.SMORMS3`).
public final class SMORMS3: Optimizer {
    /// Creates the optimizer.
    public init(lr: Double = 0.001, eps: Double = 1e-16) {
        super.init()
        hyperparam["lr"] = lr
        hyperparam["eps"] = eps
    }
    /// Learning rate.
    public var lr: Double { get { hyperparam.require("lr") } set { hyperparam["lr"] = newValue } }
    /// Small value for numerical stability.
    public var eps: Double { get { hyperparam.require("eps") } set { hyperparam["eps"] = newValue } }
    public override func createUpdateRule() -> UpdateRule? { SMORMS3Rule(parent: hyperparam) }
}

/// M-SVAG's rule (Balles & Hennig), with decoupled weight decay; state `m`, `v`.
public final class MSVAGRule: UpdateRule, FusedUpdateRule {
    /// `beta^t` of the coming update.
    public var betaPower: Double

    /// Creates the rule.
    public override init(parent: Hyperparameter) {
        betaPower = parent["beta"] ?? 0.9
        super.init(parent: parent)
    }

    public var stateNames: [String] { ["m", "v"] }
    public override func updateCore(_ param: Parameter) {
        runFused(param)
        betaPower *= hyperparam.require("beta")
    }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let beta = hyperparam.require("beta")
        var rhoD = (1 - beta) * (1 - beta) * (1 - betaPower * betaPower) / ((1 - betaPower) * (1 - betaPower) * (1 - beta * beta))
        rhoD = Swift.min(rhoD, 0.9999)
        let c = T(1 - beta), bias = T(1 - betaPower), rho = T(rhoD), oneMinusRho = T(1 - rhoD)
        let lr = T(hyperparam.require("lr")), eta = T(hyperparam.require("eta"))
        let wd = T(hyperparam.require("weight_decay_rate"))
        let m = b.states[0], v = b.states[1]
        for i in 0..<b.count {
            let g = b.grad[i]
            m[i] += c * (g - m[i])
            v[i] += c * (g * g - v[i])
            let mt = m[i] / bias, vt = v[i] / bias
            let mt2 = mt * mt
            let s = (vt - mt2) / oneMinusRho
            var factor = mt2 / (mt2 + rho * s)
            factor = factor.isNaN ? 0 : Swift.min(Swift.max(factor, 0), 1)
            b.param[i] -= eta * (lr * mt * factor + wd * b.param[i])
        }
    }
}

/// M-SVAG (Chainer's `optimizers.MSVAG`).
public final class MSVAG: Optimizer {
    /// Creates the optimizer.
    public init(lr: Double = 0.1, beta: Double = 0.9, eta: Double = 1.0, weightDecayRate: Double = 0) {
        super.init()
        hyperparam["lr"] = lr
        hyperparam["beta"] = beta
        hyperparam["eta"] = eta
        hyperparam["weight_decay_rate"] = weightDecayRate
    }
    /// Learning rate.
    public var lr: Double { get { hyperparam.require("lr") } set { hyperparam["lr"] = newValue } }
    /// Decay rate of both moments.
    public var beta: Double { get { hyperparam.require("beta") } set { hyperparam["beta"] = newValue } }
    /// Schedule multiplier.
    public var eta: Double { get { hyperparam.require("eta") } set { hyperparam["eta"] = newValue } }
    /// Decoupled weight decay rate.
    public var weightDecayRate: Double {
        get { hyperparam.require("weight_decay_rate") } set { hyperparam["weight_decay_rate"] = newValue }
    }
    public override func createUpdateRule() -> UpdateRule? { MSVAGRule(parent: hyperparam) }
}
