import Foundation
import Testing
@testable import Chainer

/// A two-layer perceptron built from Parameters and F.linear.
private final class TinyMLP: Link {
    let W1: Parameter, b1: Parameter, W2: Parameter, b2: Parameter

    init(inputs: Int, hidden: Int, outputs: Int) {
        W1 = Parameter(NDArray.normal([hidden, inputs], std: (1 / Double(inputs)).squareRoot()))
        b1 = Parameter(NDArray.zeros([hidden]))
        W2 = Parameter(NDArray.normal([outputs, hidden], std: (1 / Double(hidden)).squareRoot()))
        b2 = Parameter(NDArray.zeros([outputs]))
        super.init()
        register(W1, as: "W1"); register(b1, as: "b1"); register(W2, as: "W2"); register(b2, as: "b2")
    }

    func callAsFunction(_ x: Variable) -> Variable { F.linear(F.tanh(F.linear(x, W1, b1)), W2, b2) }
}

/// Optimizers with rates suited to a few dozen full-batch steps on the synthetic task.
private let trainingOptimizers: [String] = [
    "SGD", "MomentumSGD", "CorrectedMomentumSGD", "NesterovAG", "AdaGrad", "AdaDelta", "RMSprop", "RMSpropGraves",
    "Adam", "AdamW", "AMSGrad", "AdaBound", "AMSBound", "SMORMS3", "MSVAG", "LARS", "LAMB",
]

private func trainingOptimizer(_ name: String) -> Optimizer {
    switch name {
    case "SGD": SGD(lr: 0.5)
    case "MomentumSGD": MomentumSGD(lr: 0.1)
    case "CorrectedMomentumSGD": CorrectedMomentumSGD(lr: 0.1)
    case "NesterovAG": NesterovAG(lr: 0.1)
    case "AdaGrad": AdaGrad(lr: 0.1)
    case "AdaDelta": AdaDelta()
    case "RMSprop": RMSprop(lr: 0.01)
    case "RMSpropGraves": RMSpropGraves(lr: 0.01)
    case "Adam": Adam(alpha: 0.02)
    case "AdamW": AdamW(alpha: 0.02, weightDecayRate: 1e-4)
    case "AMSGrad": AMSGrad(alpha: 0.02)
    case "AdaBound": AdaBound(alpha: 0.02)
    case "AMSBound": AMSBound(alpha: 0.02)
    case "SMORMS3": SMORMS3(lr: 0.02)
    case "MSVAG": MSVAG(lr: 0.5)
    case "LARS": LARS(lr: 1, eta: 0.01)
    case "LAMB": LAMB(alpha: 0.02)
    default: preconditionFailure("unknown optimizer \(name)")
    }
}

@Suite struct OptimizerTrainingTests {
    @Test(arguments: trainingOptimizers)
    func trainingLowersTheLoss(_ name: String) {
        withSeed(42) {
            // Three classes separated by the sign pattern of two input features, plus two noise features.
            let x = NDArray.normal([96, 4])
            let f = x.scalars
            let labels: [Int64] = (0..<96).map { i in f[4 * i] > 0 ? (f[4 * i + 1] > 0 ? 0 : 1) : 2 }
            let t = NDArray(labels, shape: [96])
            let model = TinyMLP(inputs: 4, hidden: 16, outputs: 3)
            let optimizer = trainingOptimizer(name)
            optimizer.setup(model)
            let input = Variable(x, requiresGrad: false)
            func loss() -> Variable { F.softmaxCrossEntropy(model(input), t) }
            let initial = loss().item()
            var losses: [Double] = []
            for _ in 0..<60 {
                optimizer.update { loss() }
                losses.append(loss().item())
            }
            #expect(optimizer.t == 60)
            #expect(losses.allSatisfy { $0.isFinite }, "\(name) produced a non-finite loss")
            #expect(losses.last! < 0.8 * initial, "\(name): loss \(initial) -> \(losses.last!)")
        }
    }
}
