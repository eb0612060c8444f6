import Foundation
import Testing
import Chainer

/// The README's training example (DESIGN.md section 4's shape), kept compiling and running (one short epoch).
@Test func readmeTrainingExampleRuns() throws {
    final class MLP: Chain {
        let l1 = L.Linear(784, 50), l2 = L.Linear(50, 50), l3 = L.Linear(50, 10)
        func callAsFunction(_ x: Variable) -> Variable { l3(F.relu(l2(F.relu(l1(x))))) }
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("readme-train-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let (train, test) = try Datasets.mnist()
    let model = L.Classifier(MLP())
    let optimizer = Adam(); optimizer.setup(model)
    let updater = StandardUpdater(SerialIterator(train, batchSize: 100), optimizer)
    let trainer = Trainer(updater, stop: (1, .epoch), out: out)
    trainer.extend(Evaluator(SerialIterator(test, batchSize: 100, repeat: false, shuffle: false), model))
    trainer.extend(LogReport())
    try trainer.run()
    let log = try String(contentsOfFile: out + "/log", encoding: .utf8)
    #expect(log.contains("\"validation/main/accuracy\""))
}
