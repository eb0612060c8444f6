import Foundation
import Testing
@testable import Chainer

/// The MNIST test files (`shared/data/mnist` beside the repository, or one level further up for a worktree).
private let mnistDirectory: URL? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    for up in ["../shared/data/mnist", "../../shared/data/mnist"] {
        let dir = root.appendingPathComponent(up).standardizedFileURL
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path) { return dir }
    }
    return nil
}()

/// A 784-32-10 perceptron from Parameters and F.linear.
private final class MNISTMLP: Link {
    let W1: Parameter, b1: Parameter, W2: Parameter, b2: Parameter

    override init() {
        W1 = Parameter(NDArray.normal([32, 784], std: (1.0 / 784).squareRoot()))
        b1 = Parameter(NDArray.zeros([32]))
        W2 = Parameter(NDArray.normal([10, 32], std: (1.0 / 32).squareRoot()))
        b2 = Parameter(NDArray.zeros([10]))
        super.init()
        register(W1, as: "W1"); register(b1, as: "b1"); register(W2, as: "W2"); register(b2, as: "b2")
    }

    func callAsFunction(_ x: Variable) -> Variable { F.linear(F.relu(F.linear(x, W1, b1)), W2, b2) }
}

private func mnistOptimizer(_ name: String) -> Optimizer {
    switch name {
    case "SGD": SGD(lr: 0.2)
    case "MomentumSGD": MomentumSGD(lr: 0.05)
    case "CorrectedMomentumSGD": CorrectedMomentumSGD(lr: 0.05)
    case "NesterovAG": NesterovAG(lr: 0.05)
    case "AdaGrad": AdaGrad(lr: 0.02)
    case "AdaDelta": AdaDelta(eps: 1e-4)
    case "RMSprop": RMSprop(lr: 0.002)
    case "RMSpropGraves": RMSpropGraves(lr: 0.002)
    case "Adam": Adam(alpha: 0.005)
    case "AdamW": AdamW(alpha: 0.005, weightDecayRate: 1e-4)
    case "AMSGrad": AMSGrad(alpha: 0.005)
    case "AdaBound": AdaBound(alpha: 0.005)
    case "AMSBound": AMSBound(alpha: 0.005)
    case "SMORMS3": SMORMS3(lr: 0.005)
    case "MSVAG": MSVAG(lr: 0.2)
    case "LARS": LARS(lr: 1, eta: 0.01)
    case "LAMB": LAMB(alpha: 0.01)
    default: preconditionFailure("unknown optimizer \(name)")
    }
}

@Suite struct OptimizerMNISTTests {
    static let names = ["SGD", "MomentumSGD", "CorrectedMomentumSGD", "NesterovAG", "AdaGrad", "AdaDelta", "RMSprop",
                        "RMSpropGraves", "Adam", "AdamW", "AMSGrad", "AdaBound", "AMSBound", "SMORMS3", "MSVAG", "LARS", "LAMB"]

    @Test(.enabled(if: mnistDirectory != nil, "MNIST files absent: expected ../shared/data/mnist beside the repository"),
          arguments: names)
    func trainingOnMNISTLowersTheLoss(_ name: String) throws {
        let dir = try #require(mnistDirectory)
        let n = 600
        let images = try IDX.read(dir.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
        let labels = try IDX.read(dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
        let x = Variable((images[0..<n].reshaped([n, 784]).astype(.float32) / 255), requiresGrad: false)
        let t = labels[0..<n].astype(.int64)
        withSeed(3) {
            let model = MNISTMLP()
            let optimizer = mnistOptimizer(name)
            optimizer.setup(model)
            func loss(_ lo: Int, _ hi: Int) -> Variable {
                F.softmaxCrossEntropy(model(Variable(x.array[lo..<hi], requiresGrad: false)), t[lo..<hi])
            }
            let initial = loss(0, n).item()
            for _ in 0..<5 {   // epochs of 6 minibatches of 100
                for start in stride(from: 0, to: n, by: 100) { optimizer.update { loss(start, start + 100) } }
                optimizer.newEpoch()
            }
            let final = loss(0, n).item()
            #expect(optimizer.epoch == 5 && optimizer.t == 30)
            #expect(final.isFinite)
            #expect(final < 0.7 * initial, "\(name): loss \(initial) -> \(final)")
        }
    }
}
