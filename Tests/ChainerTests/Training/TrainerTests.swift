import Foundation
import Testing
@testable import Chainer
import ChainerArray

@Suite(.serialized) struct TrainerTests {
    /// Trains the tiny classifier on blobs for `epochs` epochs with the usual extensions.
    private func train(epochs: Int, out: String, resumeFrom: String? = nil, text: TextCollector = TextCollector())
        throws -> (TinyClassifier, LogReport, Trainer) {
        try withSeed(42) {
            let (trainSet, testSet) = (blobs(200), blobs(100))
            let model = TinyClassifier(inputs: 2, classes: 2)
            let optimizer = TinySGD(lr: 0.1)
            optimizer.setup(model)
            let updater = StandardUpdater(SerialIterator(trainSet, batchSize: 20), optimizer)
            let trainer = Trainer(updater, stop: (epochs, .epoch), out: out)
            trainer.extend(Evaluator(SerialIterator(testSet, batchSize: 25, repeat: false, shuffle: false), model))
            let log = LogReport()
            trainer.extend(log)
            trainer.extend(PrintReport(["epoch", "main/loss", "validation/main/loss", "main/accuracy",
                                        "validation/main/accuracy", "elapsed_time"], out: text.sink))
            trainer.extend(ProgressBar(out: TextCollector().sink))
            trainer.extend(snapshot(), trigger: (1, .epoch))
            if let resumeFrom { try trainer.resume(from: resumeFrom) }
            try trainer.run()
            return (model, log, trainer)
        }
    }

    @Test func endToEndTrainingLearnsAndLogsChainersKeys() throws {
        let out = temporaryOutput()
        let text = TextCollector()
        let (model, log, trainer) = try train(epochs: 3, out: out, text: text)
        #expect(trainer.updater.iteration == 30)
        #expect(log.log.count == 3)
        let keys: Set<String> = ["epoch", "iteration", "elapsed_time", "main/loss", "main/accuracy",
                                 "validation/main/loss", "validation/main/accuracy"]
        #expect(Set(log.log[0].keys) == keys)
        #expect(log.log.map { $0["iteration"]! } == [10, 20, 30])
        #expect(log.log[2]["main/loss"]! < log.log[0]["main/loss"]!)
        #expect(log.log[2]["validation/main/accuracy"]! > 0.95)
        #expect(text.text.hasPrefix("epoch       main/loss   validation/main/loss"))
        #expect(text.text.split(separator: "\n").count == 4)
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(Set(files).isSuperset(of: ["log", "snapshot_iter_10", "snapshot_iter_20", "snapshot_iter_30"]))
        let snap = try NPZ.read(URL(fileURLWithPath: out).appendingPathComponent("snapshot_iter_30"))
        #expect(snap["updater/model:main/W"]! == model.W.array)
        #expect(snap["updater/iteration"]!.item() == 30)
        #expect(snap["updater/optimizer:main/t"]!.item() == 30)
        #expect(snap["updater/iterator:main/epoch"]!.item() == 3)
        #expect(model.W.grad != nil)
    }

    @Test func resumingFromASnapshotEndsWithTheSameParameters() throws {
        let out = temporaryOutput()
        let (full, fullLog, _) = try train(epochs: 2, out: out)
        let (resumed, resumedLog, trainer) = try train(epochs: 2, out: temporaryOutput(),
                                                       resumeFrom: out + "/snapshot_iter_10")
        #expect(trainer.updater.iteration == 20)
        #expect(resumed.W.array == full.W.array)
        #expect(resumed.b.array == full.b.array)
        #expect(resumedLog.log.count == 2)
        #expect(resumedLog.log[1]["main/loss"] == fullLog.log[1]["main/loss"])
    }

    @Test func lossFunctionClosureReplacesTheLossLink() throws {
        try withSeed(1) {
            let model = TinyClassifier(inputs: 2, classes: 2)
            let optimizer = TinySGD(lr: 0.1)
            optimizer.setup(model)
            var calls = 0
            let updater = StandardUpdater(SerialIterator(blobs(40), batchSize: 10), optimizer, lossFunction: { inputs in
                calls += 1
                return F.softmaxCrossEntropy(F.linear(inputs[0], model.W, model.b), inputs[1])
            })
            let before = model.W.array
            let trainer = Trainer(updater, stop: (5, .iteration), out: temporaryOutput())
            try trainer.run()
            #expect(calls == 5)
            #expect(optimizer.t == 5 && optimizer.epoch == 1)
            #expect(model.W.array != before)
        }
    }

    @Test func evaluatorReportsUnderValidationWithoutTraining() throws {
        let model = withSeed(3) { TinyClassifier(inputs: 2, classes: 2) }
        let data = withSeed(4) { blobs(30) }
        let evaluator = Evaluator(SerialIterator(data, batchSize: 10, repeat: false, shuffle: false), model)
        var seenTrain: [Bool] = []
        let probe = Evaluator(SerialIterator(data, batchSize: 15, repeat: false, shuffle: false), model, evalFunction: { _ in
            seenTrain.append(Config.current.train)
            seenTrain.append(Config.current.enableBackprop)
        })
        var hooked = 0
        evaluator.evalHook = { _ in hooked += 1 }
        // On its own (not registered, so unnamed) the keys have no prefix, as Chainer's `evaluator()`.
        let result = evaluator()
        #expect(Set(result.keys) == ["main/loss", "main/accuracy"] && hooked == 1)
        #expect(abs(result["main/loss"]! - evaluateLossDirectly(model, data)) < 1e-5)
        _ = probe.evaluate()
        #expect(seenTrain == [false, false, false, false])
        // A second evaluation resets the iterator and gives the same means; registered, it is "validation".
        #expect(evaluator.evaluate() == result)
        let trainer = Trainer(CountingUpdater(iterationsPerEpoch: 1), stop: (1, .iteration), out: temporaryOutput())
        trainer.extend(evaluator)
        #expect(evaluator.evaluate()["validation/main/loss"] == result["main/loss"] && hooked == 3)
    }

    /// A custom evaluation loop (Chainer's pattern: override `evaluate()` and report through the current reporter)
    /// reports under the extension's name, and leaves the training step's own keys alone.
    final class CustomEvaluator: Evaluator {
        override func evaluate() -> [String: Double] {
            let model = getTarget("main") as! TinyClassifier
            let iterator: SerialIterator<TupleDataset> = getIterator("main")
            #expect(getAllTargets()["main"] === model)
            var summary = DictSummary()
            iterator.reset()
            for batch in iterator {
                let arrays = concatExamples(batch)
                let observation = getCurrentReporter()!.scope {
                    _ = model([Variable(arrays[0], requiresGrad: false), Variable(arrays[1], requiresGrad: false)])
                }.observation
                summary.add(observation)
            }
            return summary.computeMean()
        }
    }

    @Test func anOverriddenEvaluateReportsUnderTheExtensionsName() throws {
        let model = withSeed(3) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer = TinySGD(lr: 0.1)
        optimizer.setup(model)
        let data = withSeed(4) { blobs(20) }
        let trainer = Trainer(StandardUpdater(SerialIterator(data, batchSize: 10), optimizer), stop: (1, .epoch),
                              out: temporaryOutput())
        trainer.extend(CustomEvaluator(SerialIterator(data, batchSize: 10, repeat: false, shuffle: false), model), name: "myeval")
        let log = LogReport()
        trainer.extend(log)
        try trainer.run()
        let entry = try #require(log.log.first)
        #expect(entry["myeval/main/loss"] != nil && entry["myeval/main/accuracy"] != nil)
        #expect(entry["main/loss"] != nil && entry["main/loss"] != entry["myeval/main/loss"])
    }

    private func evaluateLossDirectly(_ model: TinyClassifier, _ data: TupleDataset) -> Double {
        let arrays = concatExamples(data.allExamples)
        let y = F.linear(Variable(arrays[0]), model.W, model.b)
        return F.softmaxCrossEntropy(y, Variable(arrays[1])).item()
    }
}

@Suite struct TrainerExtrasTests {
    @Test func softmaxRegressionLearnsEmbeddedMNIST() throws {
        try withSeed(0) {
            let (train, test) = try Datasets.mnist()
            let model = TinyClassifier(inputs: 784, classes: 10)
            let optimizer = TinySGD(lr: 0.5)
            optimizer.setup(model)
            let trainer = Trainer(StandardUpdater(SerialIterator(train, batchSize: 100), optimizer), stop: (1, .epoch),
                                  out: temporaryOutput())
            trainer.extend(Evaluator(SerialIterator(test, batchSize: 500, repeat: false, shuffle: false), model))
            let log = LogReport()
            trainer.extend(log)
            try trainer.run()
            #expect(trainer.updater.iteration == 80)
            #expect(log.log.count == 1)
            #expect(log.log[0]["validation/main/accuracy"]! > 0.85)
        }
    }

    @Test func snapshotKeepsTheNewestAndAutoloads() throws {
        let out = temporaryOutput()
        let model = withSeed(1) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer = TinySGD(lr: 0.1)
        optimizer.setup(model)
        let data = withSeed(2) { blobs(20) }
        let trainer = Trainer(StandardUpdater(SerialIterator(data, batchSize: 5), optimizer), stop: (12, .iteration), out: out)
        trainer.extend(snapshot(nRetains: 2), trigger: (4, .iteration))
        try trainer.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("snapshot") }
        #expect(Set(files) == ["snapshot_iter_8", "snapshot_iter_12"])

        let model2 = withSeed(9) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer2 = TinySGD(lr: 0.1)
        optimizer2.setup(model2)
        let resumed = Trainer(StandardUpdater(SerialIterator(data, batchSize: 5), optimizer2), stop: (12, .iteration), out: out)
        resumed.extend(snapshot(autoload: true), trigger: (4, .iteration))
        try resumed.run()
        #expect(resumed.updater.iteration == 12)
        #expect(optimizer2.t == 12)
        #expect(model2.W.array == model.W.array)
    }

    @Test func failOnNonNumberStopsTraining() throws {
        let model = withSeed(1) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer = TinySGD(lr: 0.1)
        optimizer.setup(model)
        let trainer = Trainer(StandardUpdater(SerialIterator(withSeed(2) { blobs(20) }, batchSize: 5), optimizer),
                              stop: (10, .iteration), out: temporaryOutput())
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { t in
            if t.updater.iteration == 3 { model.b.array = NDArray([Float.nan, 0]) }
        })
        trainer.extend(FailOnNonNumber())
        var observed: [Double] = []
        trainer.extend(observeValue("it", trigger: (1, .iteration)) { Double($0.updater.iteration) })
        trainer.extend(LambdaExtension { observed.append($0.observation["it"] ?? -1) })
        #expect(throws: FailOnNonNumber.NonNumberError.self) { try trainer.run() }
        #expect(trainer.updater.iteration == 3)
        #expect(observed == [1, 2])
    }

    @Test func hyperparameterShiftsFollowChainersSchedules() throws {
        let model = withSeed(1) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer = TinySGD(lr: 0.4)
        optimizer.setup(model)
        let trainer = Trainer(StandardUpdater(SerialIterator(withSeed(2) { blobs(20) }, batchSize: 10), optimizer),
                              stop: (3, .epoch), out: temporaryOutput())
        trainer.extend(ExponentialShift(\TinySGD.lr, rate: 0.5, target: 0.15, optimizer: optimizer), trigger: (1, .epoch))
        trainer.extend(observeLR(optimizer, \TinySGD.lr, trigger: (1, .iteration)))
        var seen: [Double] = []
        trainer.extend(LambdaExtension { seen.append($0.observation["lr"]!) })
        try trainer.run()
        // The shift runs (as a reader, after observeLR) at the end of each epoch: 0.4, 0.2, then capped at 0.15.
        #expect(seen == [0.4, 0.4, 0.2, 0.2, 0.15, 0.15])
        let linear = LinearShift(\TinySGD.lr, valueRange: (1, 0), timeRange: (2, 6), optimizer: optimizer)
        let step = StepShift(\TinySGD.lr, gamma: 0.1, step: 2, initial: 1, optimizer: optimizer)
        let multi = MultistepShift(\TinySGD.lr, gamma: 0.5, stepValues: [1, 3], initial: 1, optimizer: optimizer)
        var values: [[Double]] = []
        for shift in [linear, step, multi] {
            try shift.initialize(trainer)
            var row = [optimizer.lr]
            for _ in 0..<4 { try shift(trainer); row.append(optimizer.lr) }
            values.append(row)
        }
        #expect(values[0] == [1, 1, 1, 0.75, 0.5])
        #expect(values[1].map { ($0 * 1000).rounded() / 1000 } == [1, 1, 0.1, 0.1, 0.01])
        #expect(values[2] == [1, 0.5, 0.5, 0.25, 0.25])
    }

    /// Chainer 7.8.1's MultistepShift('lr', 0.5, stepValues, 1.0): the value after initialize, then after each of 7
    /// calls (one step at most per call), and the `_current_step` it saves (Chainer resumes from it).
    @Test(arguments: [([5, 2], [1.0, 1, 1, 1, 1, 0.5, 0.25, 0.25]), ([3, 3], [1.0, 1, 1, 0.5, 0.25, 0.25, 0.25, 0.25]),
                      ([0, 2], [1.0, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25]),
                      ([1, 3], [1.0, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25])])
    func multistepShiftStepsAsChainers(stepValues: [Int], expected: [Double]) throws {
        let optimizer = TinySGD(lr: 0.1)
        optimizer.setup(TinyClassifier(inputs: 2, classes: 2))
        let trainer = Trainer(StandardUpdater(SerialIterator(blobs(4), batchSize: 2), optimizer), stop: (1, .epoch),
                              out: temporaryOutput())
        let shift = MultistepShift(\TinySGD.lr, gamma: 0.5, stepValues: stepValues, initial: 1, optimizer: optimizer)
        try shift.initialize(trainer)
        var row = [optimizer.lr]
        for _ in 0..<7 { try shift(trainer); row.append(optimizer.lr) }
        #expect(row == expected)
        #expect(shift.stateDict()["_current_step"]?.item() == 2 && shift.stateDict()["_t"]?.item() == 7)
    }

    @Test func microAverageAndParameterStatistics() throws {
        let model = withSeed(1) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer = TinySGD(lr: 0.1)
        optimizer.setup(model)
        let trainer = Trainer(StandardUpdater(SerialIterator(withSeed(2) { blobs(20) }, batchSize: 10), optimizer),
                              stop: (2, .epoch), out: temporaryOutput())
        let counts: [(Double, Double)] = [(3, 10), (5, 10), (9, 10), (1, 2)]
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { t in
            let (n, d) = counts[t.updater.iteration - 1]
            report(["correct": n, "total": d])
        })
        trainer.extend(MicroAverage("correct", "total", "micro"))
        trainer.extend(ParameterStatistics(model))
        // What the statistics saw after each update (they run every iteration and report each epoch's mean).
        var means: [Double] = [], maxima: [Double] = []
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { _ in
            means.append(model.W.array.astype(.float64).mean().item())
            maxima.append(model.b.array.astype(.float64).max().item())
        })
        let log = LogReport()
        trainer.extend(log)
        try trainer.run()
        #expect(log.log.map { $0["micro"] } == [0.4, 10.0 / 12])
        let last = log.log[1]
        #expect(abs(last["None/W/data/mean"]! - (means[2] + means[3]) / 2) < 1e-15)
        #expect(abs(last["None/b/data/max"]! - (maxima[2] + maxima[3]) / 2) < 1e-15)
        #expect(last["None/W/grad/zeros"] != nil && last["None/W/data/std"]! > 0)
        // Seven percentiles, ascending, between the minimum and the maximum.
        let points = (0..<7).map { last["None/W/data/percentile/\($0)"]! }
        #expect(points == points.sorted() && points[0] >= last["None/W/data/min"]! && points[6] <= last["None/W/data/max"]!)
    }

    /// Keys name each watched link as Chainer's `link.name` does: its attribute in the trained model, "None" for
    /// the model itself, or the name given.
    @Test func parameterStatisticsNameLinksAsChainer() throws {
        let model = withSeed(1) { L.Classifier(L.Linear(2, 2)) }
        let optimizer = SGD(lr: 0.1)
        optimizer.setup(model)
        let trainer = Trainer(StandardUpdater(SerialIterator(withSeed(2) { blobs(4) }, batchSize: 2), optimizer),
                              stop: (1, .iteration), out: temporaryOutput())
        trainer.extend(ParameterStatistics([model.predictor, model], reportGrads: false, trigger: (1, .iteration)))
        trainer.extend(ParameterStatistics(model.predictor, name: "mine", reportParams: false, prefix: "p",
                                           trigger: (1, .iteration)))
        let log = LogReport(trigger: (1, .iteration))
        trainer.extend(log)
        try trainer.run()
        let keys = Set(log.log[0].keys)
        #expect(keys.contains("predictor/W/data/mean") && keys.contains("None/predictor/b/data/max"))
        #expect(keys.contains("p/mine/W/grad/std") && !keys.contains("predictor/W/grad/mean"))
        #expect(abs(log.log[0]["predictor/W/data/mean"]! - log.log[0]["None/predictor/W/data/mean"]!) == 0)
    }

    /// Behaviours checked against Chainer 7.8.1: a NaN makes every percentile NaN (NumPy's), a finite array whose
    /// sum overflows passes FailOnNonNumber, and MicroAverage loads Chainer's state (its sums, no trigger keys).
    @Test func statisticsAndChecksAtTheEdges() throws {
        let link = L.Linear(2, 2)
        link.W.array = NDArray([Float.nan, 1, 2, 3], shape: [2, 2])
        let stats = ParameterStatistics(link).statistics()
        #expect((0..<7).allSatisfy { stats["None/W/data/percentile/\($0)"]!.isNaN })
        let big = usingConfig(\.dtype, .float64) { L.Linear(1, 2) }
        big.W.array = NDArray([1e308, 1e308] as [Double], shape: [2, 1])
        let optimizer = SGD(lr: 0)
        optimizer.setup(big)
        let trainer = Trainer(StandardUpdater(SerialIterator(NDArray.ones([2, 1], dtype: .float64), batchSize: 1), optimizer)
                              { v in F.sum(big(v[0])) * 0.0 }, stop: (1, .iteration), out: temporaryOutput())
        trainer.extend(FailOnNonNumber())
        try trainer.run()
        let micro = MicroAverage("n", "d", "r")
        try micro.loadStateDict(["_numerator": NDArray(3.0), "_denominator": NDArray(4.0)])
        #expect(micro.stateDict()["_numerator"]?.item() == 3)
    }

    @Test func snapshotOnErrorAndSnapshotObject() throws {
        struct Boom: Error {}
        let out = temporaryOutput()
        let model = withSeed(1) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer = TinySGD(lr: 0.1)
        optimizer.setup(model)
        let trainer = Trainer(StandardUpdater(SerialIterator(withSeed(2) { blobs(20) }, batchSize: 10), optimizer),
                              stop: (10, .iteration), out: out)
        trainer.extend(snapshot(snapshotOnError: true), trigger: (100, .iteration))
        trainer.extend(snapshotObject(model, filename: "model_{.updater.iteration}.npz"), trigger: (2, .iteration))
        trainer.extend(LambdaExtension { t in if t.updater.iteration == 3 { throw Boom() } })
        #expect(throws: Boom.self) { try trainer.run() }
        let dir = URL(fileURLWithPath: out)
        let snap = try NPZ.read(dir.appendingPathComponent("snapshot_iter_3"))
        #expect(snap["updater/iteration"]!.item() == 3)
        let saved = try NPZ.read(dir.appendingPathComponent("model_2.npz"))
        #expect(Set(saved.keys) == ["W", "b"])
    }
}
