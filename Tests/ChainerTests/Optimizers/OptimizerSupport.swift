import Foundation
@testable import Chainer

/// A link with two registered parameters, W and b, for optimizer tests.
final class TwoParamLink: Link {
    let W: Parameter
    let b: Parameter

    init(W w: NDArray, b bias: NDArray) {
        W = Parameter(w)
        b = Parameter(bias)
        super.init()
        register(W, as: "W")
        register(b, as: "b")
    }
}

/// Builds an optimizer from a Chainer class name and Chainer-labelled hyperparameters (fixture form).
func makeOptimizer(_ name: String, _ hp: [String: Any]) -> Optimizer {
    func d(_ key: String, _ fallback: Double) -> Double { (hp[key] as? NSNumber)?.doubleValue ?? fallback }
    func flag(_ key: String) -> Bool { (hp[key] as? NSNumber)?.boolValue ?? false }
    switch name {
    case "SGD": return SGD(lr: d("lr", 0.01))
    case "MomentumSGD": return MomentumSGD(lr: d("lr", 0.01), momentum: d("momentum", 0.9))
    case "CorrectedMomentumSGD": return CorrectedMomentumSGD(lr: d("lr", 0.01), momentum: d("momentum", 0.9))
    case "NesterovAG": return NesterovAG(lr: d("lr", 0.01), momentum: d("momentum", 0.9))
    case "AdaGrad": return AdaGrad(lr: d("lr", 0.001), eps: d("eps", 1e-8))
    case "AdaDelta": return AdaDelta(rho: d("rho", 0.95), eps: d("eps", 1e-6))
    case "RMSprop": return RMSprop(lr: d("lr", 0.01), alpha: d("alpha", 0.99), eps: d("eps", 1e-8), epsInsideSqrt: flag("eps_inside_sqrt"))
    case "RMSpropGraves": return RMSpropGraves(lr: d("lr", 1e-4), alpha: d("alpha", 0.95), momentum: d("momentum", 0.9), eps: d("eps", 1e-4))
    case "Adam":
        return Adam(alpha: d("alpha", 0.001), beta1: d("beta1", 0.9), beta2: d("beta2", 0.999), eps: d("eps", 1e-8),
                    eta: d("eta", 1), weightDecayRate: d("weight_decay_rate", 0), amsgrad: flag("amsgrad"),
                    adabound: flag("adabound"), finalLr: d("final_lr", 0.1), gamma: d("gamma", 1e-3))
    case "AdamW": return AdamW(alpha: d("alpha", 0.001), weightDecayRate: d("weight_decay_rate", 0))
    case "AMSGrad": return AMSGrad(alpha: d("alpha", 0.001))
    case "AdaBound": return AdaBound(alpha: d("alpha", 0.001), finalLr: d("final_lr", 0.1), gamma: d("gamma", 1e-3))
    case "AMSBound": return AMSBound(alpha: d("alpha", 0.001), finalLr: d("final_lr", 0.1), gamma: d("gamma", 1e-3))
    case "SMORMS3": return SMORMS3(lr: d("lr", 0.001), eps: d("eps", 1e-16))
    case "MSVAG": return MSVAG(lr: d("lr", 0.1), beta: d("beta", 0.9), eta: d("eta", 1), weightDecayRate: d("weight_decay_rate", 0))
    case "LARS": return LARS(lr: d("lr", 0.1), momentum: d("momentum", 0.9), eta: d("eta", 0.001), weightDecayRate: d("weight_decay_rate", 0))
    case "LAMB": return LAMB(alpha: d("alpha", 0.001), weightDecayRate: d("weight_decay_rate", 0))
    default: preconditionFailure("makeOptimizer: unknown optimizer \(name)")
    }
}

/// Builds a hook from its Chainer class name and positional arguments (fixture form).
func makeHook(_ name: String, _ args: [Double]) -> any OptimizerHook {
    switch name {
    case "WeightDecay": return WeightDecay(args[0])
    case "Lasso": return Lasso(args[0])
    case "GradientClipping": return GradientClipping(args[0])
    case "GradientHardClipping": return GradientHardClipping(args[0], args[1])
    case "GradientLARS": return GradientLARS(threshold: args[0], weightDecay: args[1], eps: args[2])
    default: preconditionFailure("makeHook: unknown hook \(name)")
    }
}
