import Foundation
@testable import Chainer
@testable import ChainerArray

/// The 4-5-3 MLP of scripts/fixtures/chainer_trainer_snapshot.py, optionally with dropout after the hidden layer.
final class SnapshotMLP: Chain {
    let l1 = L.Linear(4, 5), l2 = L.Linear(5, 3)
    let dropout: Double?
    init(dropout: Double? = nil) {
        self.dropout = dropout
        super.init()
    }
    func callAsFunction(_ x: Variable) -> Variable {
        var h = F.relu(l1(x))
        if let dropout { h = F.dropout(h, ratio: dropout) }
        return l2(h)
    }
}

/// The trainer of the Chainer fixture run: Classifier(MLP), Adam(alpha 0.01), a shuffling SerialIterator (batch 4)
/// over `train`, Evaluator (batch 3), LogReport, a snapshot every `snapshotEvery` iterations and a no-op extension
/// named "record" (the fixture script registers one).
func fixtureTrainer(train: TupleDataset, test: TupleDataset, stop: any Trigger, out: String, dropout: Double? = nil,
                    snapshotEvery: Int = 2) -> (Trainer, L.Classifier, Adam) {
    let model = L.Classifier(SnapshotMLP(dropout: dropout))
    let optimizer = Adam(alpha: 0.01)
    optimizer.setup(model)
    let updater = StandardUpdater(SerialIterator(train, batchSize: 4), optimizer)
    let trainer = Trainer(updater, stop: stop, out: out)
    trainer.extend(Evaluator(SerialIterator(test, batchSize: 3, repeat: false, shuffle: false), model))
    trainer.extend(LogReport())
    trainer.extend(snapshot(), trigger: (snapshotEvery, .iteration))
    trainer.extend(LambdaExtension(name: "record") { _ in })
    return (trainer, model, optimizer)
}

/// The training and validation sets of the Chainer fixture run.
func fixtureDatasets() throws -> (TupleDataset, TupleDataset) {
    let f = try Fixture.load("chainer_trainer")
    return (TupleDataset(f["x"]!, f["t"]!.astype(.int32)), TupleDataset(f["vx"]!, f["vt"]!.astype(.int32)))
}

/// Each member of an `.npz` file described as NumPy would print its dtype and shape ("float32[5, 4]", "<U[]" for
/// any unicode string), read from the `.npy` headers.
func npzLayout(_ url: URL) throws -> [String: String] {
    let data = try Data(contentsOf: url)
    return try data.withUnsafeBytes { raw in
        var out: [String: String] = [:]
        for (name, member) in try ZipArchive.read(raw) {
            let header = try member.withUnsafeBytes { try NPYHeader.parse($0).0 }
            let dtype = header.format.kind == .unicode ? "<U" : header.format.target!.rawValue
            out[String(name.dropLast(4))] = dtype + "\(header.shape)"
        }
        return out
    }
}
