import Testing
import Chainer

// DESIGN.md section 4, verbatim inside a function: it must keep compiling as written. (The README's shorter
// training example runs it for real in ReadmeTrainingExampleTests.)
final class DesignMLP: Chain {      // `Chain` = a Link base class & a one-input call protocol; `ChainBase` for others
    let l1 = L.Linear(784, 1000), l2 = L.Linear(1000, 1000), l3 = L.Linear(1000, 10)
    func callAsFunction(_ x: Variable) -> Variable { l3(F.relu(l2(F.relu(l1(x))))) }
}

func designSection4Example() throws {
    let (train, test) = try Datasets.mnist()   // always the embedded 10k set; `mnist(full: true)` for the 70k one
    let model = L.Classifier(DesignMLP())
    let optimizer = Adam(); optimizer.setup(model)
    let updater = StandardUpdater(SerialIterator(train, batchSize: 100), optimizer)
    let trainer = Trainer(updater, stop: (20, .epoch), out: "result")
    trainer.extend(Evaluator(SerialIterator(test, batchSize: 100, repeat: false, shuffle: false), model))
    trainer.extend(LogReport())
    trainer.extend(PrintReport(["epoch", "main/loss", "validation/main/loss", "main/accuracy", "validation/main/accuracy", "elapsed_time"]))
    trainer.extend(ProgressBar())
    trainer.extend(snapshot(), trigger: (1, .epoch))
    try trainer.run()
}

@Test func designExampleModelHasChainerPaths() {
    let model = L.Classifier(DesignMLP())
    #expect(model.namedParams().map(\.0) == ["/predictor/l1/W", "/predictor/l1/b", "/predictor/l2/W", "/predictor/l2/b",
                                             "/predictor/l3/W", "/predictor/l3/b"])
}
