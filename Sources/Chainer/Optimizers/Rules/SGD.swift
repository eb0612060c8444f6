/// Vanilla SGD's rule: `param -= lr * grad`.
public final class SGDRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { [] }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let lr = T(hyperparam.require("lr"))
        for i in 0..<b.count { b.param[i] -= lr * b.grad[i] }
    }
}

/// Vanilla stochastic gradient descent (Chainer's `optimizers.SGD`).
public final class SGD: Optimizer {
    /// Creates the optimizer with its learning rate.
    public init(lr: Double = 0.01) {
        super.init()
        hyperparam["lr"] = lr
    }
    /// Learning rate.
    public var lr: Double { get { hyperparam.require("lr") } set { hyperparam["lr"] = newValue } }
    public override func createUpdateRule() -> UpdateRule? { SGDRule(parent: hyperparam) }
}

/// Classical momentum SGD's rule: `v = momentum * v - lr * grad; param += v`.
public final class MomentumSGDRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["v"] }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let lr = T(hyperparam.require("lr")), momentum = T(hyperparam.require("momentum"))
        let v = b.states[0]
        for i in 0..<b.count {
            v[i] = v[i] * momentum - lr * b.grad[i]
            b.param[i] += v[i]
        }
    }
}

/// Momentum SGD (Chainer's `optimizers.MomentumSGD`).
public final class MomentumSGD: MomentumOptimizer {
    public override func createUpdateRule() -> UpdateRule? { MomentumSGDRule(parent: hyperparam) }
}

/// Corrected momentum SGD's rule (Goyal et al. eq. 9): `v = momentum * v - grad; param += lr * v`.
public final class CorrectedMomentumSGDRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["v"] }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let lr = T(hyperparam.require("lr")), momentum = T(hyperparam.require("momentum"))
        let v = b.states[0]
        for i in 0..<b.count {
            v[i] = v[i] * momentum - b.grad[i]
            b.param[i] += lr * v[i]
        }
    }
}

/// Momentum SGD with the momentum correction for changing learning rates (Chainer's `CorrectedMomentumSGD`).
public final class CorrectedMomentumSGD: MomentumOptimizer {
    public override func createUpdateRule() -> UpdateRule? { CorrectedMomentumSGDRule(parent: hyperparam) }
}

/// Nesterov's accelerated gradient rule: `v = momentum * v - lr * grad;
/// param += momentum² * v - (1 + momentum) * lr * grad`.
public final class NesterovAGRule: UpdateRule, FusedUpdateRule {
    public var stateNames: [String] { ["v"] }

    /// The fused pass.
    public func fusedUpdate<T: OptimizerScalar>(_ b: FusedBuffers<T>) {
        let lrD = hyperparam.require("lr"), momentumD = hyperparam.require("momentum")
        // Chainer multiplies the Python-float factors first, in double precision.
        let lr = T(lrD), momentum = T(momentumD), mm = T(momentumD * momentumD), c = T((1 + momentumD) * lrD)
        let v = b.states[0]
        for i in 0..<b.count {
            let g = b.grad[i]
            v[i] = v[i] * momentum - lr * g
            b.param[i] += mm * v[i]
            b.param[i] -= c * g
        }
    }
}

/// Nesterov's accelerated gradient (Chainer's `optimizers.NesterovAG`).
public final class NesterovAG: MomentumOptimizer {
    public override func createUpdateRule() -> UpdateRule? { NesterovAGRule(parent: hyperparam) }
}

/// The optimizers driven by a learning rate and a momentum (`MomentumSGD`, `CorrectedMomentumSGD`, `NesterovAG`);
/// subclasses choose the update rule.
open class MomentumOptimizer: Optimizer {
    /// Creates the optimizer with its learning rate and momentum (Chainer's defaults: 0.01 and 0.9).
    public init(lr: Double = 0.01, momentum: Double = 0.9) {
        super.init()
        hyperparam["lr"] = lr
        hyperparam["momentum"] = momentum
    }
    /// Learning rate.
    public var lr: Double { get { hyperparam.require("lr") } set { hyperparam["lr"] = newValue } }
    /// Decay rate of the velocity.
    public var momentum: Double { get { hyperparam.require("momentum") } set { hyperparam["momentum"] = newValue } }
}
