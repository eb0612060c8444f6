import Foundation
@testable import Chainer
import ChainerArray

/// A softmax regression model called with `[x, t]`, reporting `loss` and `accuracy` as `L.Classifier` does.
final class TinyClassifier: ChainBase, LossLink {
    let W: Parameter
    let b: Parameter

    init(inputs: Int, classes: Int) {
        W = Parameter(NDArray.normal([classes, inputs], std: 0.1))
        b = Parameter(NDArray.zeros([classes]))
        super.init()
        register(W, as: "W")
        register(b, as: "b")
    }

    func callAsFunction(_ inputs: [Variable]) -> Variable {
        let y = F.linear(inputs[0], W, b)
        let loss = F.softmaxCrossEntropy(y, inputs[1])
        report(["loss": loss, "accuracy": F.accuracy(y, inputs[1])], observer: self)
        return loss
    }
}

/// Plain SGD (the real optimizers live elsewhere).
final class TinySGD: Optimizer {
    var lr: Double
    init(lr: Double) { self.lr = lr }
    override func updateParameter(_ parameter: Parameter, path: String) {
        parameter.array = parameter.array - lr * parameter.grad!
    }
}

/// Two Gaussian blobs in two dimensions, labels 0 and 1.
func blobs(_ n: Int) -> TupleDataset {
    let labels = (0..<n).map { Int32($0 % 2) }
    let centers = NDArray(labels.flatMap { $0 == 0 ? [Float(-2), -2] : [2, 2] }, shape: [n, 2])
    return TupleDataset(centers + NDArray.normal([n, 2], std: 0.7), NDArray(labels))
}

/// A fresh output directory, removed when the test process exits.
func temporaryOutput() -> String {
    scratchPath("chainer-train")
}

/// A fresh path in the system temporary directory (nothing is created), removed when the test process exits, as
/// is the file at that path plus `suffix`.
func scratchPath(_ prefix: String, suffix: String = "") -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path + suffix
    return ScratchPaths.shared.add(path)
}

/// Paths handed out to tests, deleted at exit: many tests keep their output to inspect it on failure.
private final class ScratchPaths: @unchecked Sendable {
    static let shared: ScratchPaths = {
        atexit { ScratchPaths.shared.removeAll() }
        return ScratchPaths()
    }()
    private let lock = NSLock()
    private var paths: [String] = []

    func add(_ path: String) -> String {
        lock.lock(); defer { lock.unlock() }
        paths.append(path)
        return path
    }

    func removeAll() {
        lock.lock(); defer { lock.unlock() }
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
        paths.removeAll()
    }
}

/// An updater that only counts, with `iterationsPerEpoch` iterations per epoch.
final class CountingUpdater: Updater {
    var iteration = 0
    let iterationsPerEpoch: Double
    init(iterationsPerEpoch: Double) { self.iterationsPerEpoch = iterationsPerEpoch }
    var epochDetail: Double { Double(iteration) / iterationsPerEpoch }
    var epoch: Int { Int(epochDetail.rounded(.down)) }
    var previousEpochDetail: Double? { iteration == 0 ? nil : Double(iteration - 1) / iterationsPerEpoch }
    var isNewEpoch: Bool { iteration > 0 && Int(previousEpochDetail!.rounded(.down)) != epoch }
    var optimizers: [(String, Optimizer)] { [] }
    func update() { iteration += 1 }
    func stateDict() -> [String: NDArray] { ["iteration": NDArray(iteration)] }
    func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) { iteration = try state.int("iteration") }
}

/// Collects written text.
final class TextCollector: @unchecked Sendable {
    var text = ""
    var sink: OutputSink { OutputSink { [self] in text += $0 } }
}
