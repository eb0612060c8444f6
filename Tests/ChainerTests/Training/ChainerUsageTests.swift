import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// Training code written the way Chainer's examples write it: dictionaries of optimizers, custom steps, resuming with
/// `loadNPZ(path, into: trainer)`, schedules that find the main optimizer, snapshots that clean up earlier runs.
@Suite(.serialized) struct ChainerUsageTests {
    private func tinySetup(seed: UInt64 = 1) -> (TinyClassifier, SGD, TupleDataset) {
        let model = withSeed(seed) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer = SGD(lr: 0.1)
        optimizer.setup(model)
        return (model, optimizer, withSeed(2) { blobs(20) })
    }

    @Test func aBatchLargerThanTheDatasetCountsEveryEpochItSpans() {
        let data = TupleDataset(NDArray((0..<10).map { Float($0) }))
        let it = withSeed(3) { SerialIterator(data, batchSize: 25) }
        let batch = withSeed(4) { it.next()! }
        #expect(batch.count == 25)
        #expect(it.epoch == 2 && it.isNewEpoch && it.epochDetail == 2.5 && it.currentPosition == 5)
        // Each full epoch's order is a permutation, so every example appears twice in the first 20.
        let firstTwenty = batch.prefix(20).map { Int($0[0].item()) }
        #expect(Set(firstTwenty.prefix(10)) == Set(0..<10) && Set(firstTwenty.suffix(10)) == Set(0..<10))
        let plain = SerialIterator(data, batchSize: 25, shuffle: false)
        #expect(plain.next()!.map { Int($0[0].item()) } == Array(0..<10) + Array(0..<10) + Array(0..<5))
        #expect(plain.epoch == 2)
        let once = SerialIterator(data, batchSize: 25, repeat: false, shuffle: false)
        #expect(once.next()!.count == 10 && once.epoch == 1 && once.next() == nil)
    }

    @Test func datasetsOfDifferentTypesConcatenate() {
        let d = TupleDataset(NDArray((0..<10).map { Float($0) }))
        let c = ConcatenatedDataset(d, d[2..<5], TransformDataset(d) { ex in [ex[0] * 10] })
        #expect(c.count == 23)
        #expect([0, 10, 12, 13, 22].map { c[$0][0].item() as Double } == [0, 2, 4, 0, 90])
    }

    @Test func earlyStoppingGuessesTheDirectionAsChainerDoes() throws {
        func stopsAt(_ key: String, _ values: [Double]) throws -> Int {
            let updater = CountingUpdater(iterationsPerEpoch: 1)
            let trigger = EarlyStoppingTrigger(checkTrigger: (1, .iteration), monitor: key, patience: 2,
                                               maxTrigger: (values.count, .iteration))
            let trainer = Trainer(updater, stop: trigger, out: temporaryOutput())
            trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { t in
                report([key: values[t.updater.iteration - 1]])
            })
            try trainer.run()
            return updater.iteration
        }
        let falling = [5.0, 4, 3, 2, 1, 0.5, 0.25, 0.1]
        #expect(try stopsAt("main/perplexity", falling) == falling.count)   // smaller is better: never stalls
        #expect(try stopsAt("validation/main/accuracy", falling) == 3)     // larger is better: stalls at once
    }

    @Test func snapshotRetentionCountsFilesFromEarlierRuns() throws {
        let out = temporaryOutput()
        for stop in [2, 4] {
            let (_, optimizer, data) = tinySetup()
            let trainer = Trainer(StandardUpdater(SerialIterator(data, batchSize: 5), optimizer), stop: (stop, .epoch), out: out)
            trainer.extend(snapshot(nRetains: 1, autoload: true))
            try trainer.run()
            #expect(trainer.updater.iteration == stop * 4)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("snapshot") }
        #expect(files == ["snapshot_iter_16"])
    }

    @Test func aGANStyleUpdaterSubclassesWithADictionaryOfOptimizers() throws {
        final class TwoStep: StandardUpdater {
            var steps: [String] = []
            init(_ it: SerialIterator<TupleDataset>, gen: Optimizer, dis: Optimizer) {
                super.init(it, ["gen": gen, "dis": dis], device: -1)
            }
            override func updateCore() {
                let x = nextBatch()!
                let inputs = x.map { Variable($0, requiresGrad: false) }
                for name in ["dis", "gen"] {
                    let opt = getOptimizer(name)
                    opt.update { (opt.target as! TinyClassifier)(inputs) }
                    steps.append(name)
                }
            }
        }
        let (gen, genOpt, data) = tinySetup(seed: 1)
        let (dis, disOpt, _) = tinySetup(seed: 5)
        let updater = TwoStep(SerialIterator(data, batchSize: 5), gen: genOpt, dis: disOpt)
        #expect(updater.optimizers.map(\.0) == ["dis", "gen"])
        #expect(updater.getAllOptimizers().keys.sorted() == ["dis", "gen"])
        let out = temporaryOutput()
        let trainer = Trainer(updater, stop: (3, .iteration), out: out)
        trainer.extend(snapshot(), trigger: (3, .iteration))
        try trainer.run()
        #expect(updater.steps == ["dis", "gen", "dis", "gen", "dis", "gen"])
        #expect(genOpt.t == 3 && disOpt.t == 3)
        let snap = try NPZ.read(URL(fileURLWithPath: out).appendingPathComponent("snapshot_iter_3"))
        #expect(snap["updater/model:gen/W"]! == gen.W.array)
        #expect(snap["updater/model:dis/W"]! == dis.W.array)
    }

    @Test func aClosureReplacesTheStepAndLossScaleReachesTheOptimizers() throws {
        let (model, optimizer, data) = tinySetup()
        var seen = 0
        let updater = StandardUpdater(SerialIterator(data, batchSize: 5), optimizer, lossScale: 8) { u in
            let inputs = u.nextBatch()!.map { Variable($0, requiresGrad: false) }
            u.getOptimizer().update { model(inputs) }
            seen += inputs[0].shape[0]
        }
        #expect(optimizer.lossScale == 8)
        #expect(updater.getIterator().epoch == 0)
        let trainer = Trainer(updater, stop: (2, .epoch), out: temporaryOutput())
        try trainer.run()
        #expect(seen == 40 && optimizer.t == 8 && updater.iteration == 8)
    }

    @Test func loadNPZIntoATrainerResumesAsResumeFromDoes() throws {
        func make(_ out: String) -> (TinyClassifier, SGD, Trainer) {
            let (model, optimizer, data) = tinySetup()
            let trainer = Trainer(StandardUpdater(SerialIterator(data, batchSize: 5), optimizer), stop: (4, .epoch), out: out)
            trainer.extend(snapshot(), trigger: (2, .epoch))
            trainer.extend(ExponentialShift(\SGD.lr, rate: 0.5), trigger: (1, .epoch))
            return (model, optimizer, trainer)
        }
        let out = temporaryOutput()
        let (full, _, fullTrainer) = make(out)
        try withSeed(7) { try fullTrainer.run() }
        let (resumed, resumedOpt, trainer) = make(temporaryOutput())
        try withSeed(7) {
            try loadNPZ(out + "/snapshot_iter_8", into: trainer)
            #expect(trainer.updater.iteration == 8)
            #expect(resumedOpt.t == 8)
            try trainer.run()
        }
        #expect(trainer.updater.iteration == 16)
        #expect(resumed.W.array == full.W.array)
        #expect(resumedOpt.lr == 0.1 * 0.5 * 0.5 * 0.5 * 0.5)

        // The same on its own pieces: an iterator's position round-trips through an npz file.
        let it = SerialIterator(withSeed(2) { blobs(20) }, batchSize: 3)
        _ = it.next(); _ = it.next()
        let path = scratchPath("chainer-iterator", suffix: ".npz")
        try saveNPZ(it, to: path)
        let copy = SerialIterator(withSeed(2) { blobs(20) }, batchSize: 3)
        try loadNPZ(path, into: copy)
        #expect(copy.currentPosition == 6 && copy.order == it.order)
    }

    @Test func shiftsAndObserveLRFindTheMainOptimizer() throws {
        let (_, optimizer, data) = tinySetup()
        let trainer = Trainer(StandardUpdater(SerialIterator(data, batchSize: 5), optimizer), stop: (8, .iteration),
                              out: temporaryOutput())
        trainer.extend(StepShift(\SGD.lr, gamma: 0.5, step: 2, target: 0.02))
        trainer.extend(observeLR(), trigger: (1, .iteration))
        var closureRuns = 0
        trainer.extend({ _ in closureRuns += 1 }, trigger: (2, .iteration))
        let log = LogReport(trigger: (1, .iteration))
        trainer.extend(log)
        try trainer.run()
        // lr in force during iterations 1…8: 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, then held at the target 0.02.
        let lrs = log.log.map { $0["lr"]! }
        #expect(zip(lrs, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(closureRuns == 4)
        #expect(ManualScheduleTrigger(5, .iteration).points == [5])
    }

    @Test func snapshotObjectSavesAnOptimizerAndKeepsTheNewest() throws {
        let (_, optimizer, data) = tinySetup()
        let momentum = MomentumSGD(lr: 0.1)
        momentum.setup(optimizer.target!)
        let out = temporaryOutput()
        let trainer = Trainer(StandardUpdater(SerialIterator(data, batchSize: 5), momentum), stop: (6, .iteration), out: out)
        trainer.extend(snapshotObject(momentum, filename: "opt_{.updater.iteration}.npz", nRetains: 2), trigger: (2, .iteration))
        try trainer.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("opt_") }.sorted()
        #expect(files == ["opt_4.npz", "opt_6.npz"])
        let restored = MomentumSGD(lr: 0.1)
        restored.setup(optimizer.target!)
        try loadNPZ(out + "/opt_6.npz", into: restored)
        #expect(restored.t == 6)
    }

    @Test func multithreadIteratorLoadsTheNextBatchAhead() throws {
        final class Counting: Dataset, @unchecked Sendable {
            let lock = NSLock()
            var reads = 0
            var count: Int { 12 }
            subscript(i: Int) -> [NDArray] {
                lock.lock(); reads += 1; lock.unlock()
                return [NDArray(Float(i))]
            }
            var readsSoFar: Int { lock.lock(); defer { lock.unlock() }; return reads }
        }
        let data = Counting()
        let it = withSeed(5) { MultithreadIterator(data, batchSize: 4, nThreads: 2) }
        let serial = withSeed(5) { SerialIterator(TupleDataset(NDArray((0..<12).map { Float($0) })), batchSize: 4) }
        let first = withSeed(6) { it.next()! }
        // The second batch lies inside the epoch, so it is read without another call.
        let deadline = Date().addingTimeInterval(10)
        while data.readsSoFar < 8 && Date() < deadline { usleep(1000) }
        #expect(data.readsSoFar == 8)
        var batches = [first]
        for _ in 0..<5 { batches.append(withSeed(6) { it.next()! }) }
        var expected: [[[NDArray]]] = []
        for _ in 0..<6 { expected.append(withSeed(6) { serial.next()! }) }
        #expect(batches.map { $0.map { $0[0].item() as Double } } == expected.map { $0.map { $0[0].item() as Double } })
        #expect(it.epoch == 2 && it.isNewEpoch)
    }

    @Test func onceTriggerFiresAgainAfterAResumeOnlyWhenAsked() throws {
        let out = temporaryOutput()
        func run(stop: Int, resume: Bool, callOnResume: Bool) throws -> Int {
            let (_, optimizer, data) = tinySetup()
            let trainer = Trainer(StandardUpdater(SerialIterator(data, batchSize: 5), optimizer), stop: (stop, .iteration), out: out)
            var fired = 0
            trainer.extend(LambdaExtension(name: "once") { _ in fired += 1 }, trigger: OnceTrigger(callOnResume: callOnResume))
            trainer.extend(snapshot(filename: "snap"), trigger: (4, .iteration))
            if resume { try trainer.resume(from: out + "/snap") }
            try trainer.run()
            return fired
        }
        #expect(try run(stop: 4, resume: false, callOnResume: false) == 1)
        #expect(try run(stop: 8, resume: true, callOnResume: false) == 0)
        #expect(try run(stop: 12, resume: true, callOnResume: true) == 1)
    }

    @Test func bestValueTriggerComparesBestThenNewAsChainer() throws {
        let values = [1.0, 3, 2, 5, 4, 4, 6, 1, 1, 7]
        let updater = CountingUpdater(iterationsPerEpoch: 1)
        let trainer = Trainer(updater, stop: (values.count, .iteration), out: temporaryOutput())
        var fired: [Int] = []
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { t in report(["v": values[t.updater.iteration - 1]]) })
        trainer.extend({ t in fired.append(t.updater.iteration) }, name: "record",
                       trigger: BestValueTrigger("v", compare: { best, new in new > best }, trigger: (1, .iteration)))
        try trainer.run()
        #expect(fired == [1, 2, 4, 7, 10])
    }

    @Test func reportsMixKindsAndKeepInfinities() throws {
        let reporter = Reporter()
        let loss = Variable(NDArray([1, 3] as [Float]))
        let (_, observation) = reporter.scope {
            #expect(getCurrentReporter() === reporter)
            report(["loss": loss, "lr": 0.5, "steps": 3, "inf": Double.infinity])
        }
        #expect(observation == ["loss": 2, "lr": 0.5, "steps": 3, "inf": .infinity])
        var summary = DictSummary()
        summary.add(observation)
        #expect(summary.computeMean()["inf"] == .infinity)
        #expect(getCurrentReporter() == nil)
    }

    @Test func logFileNamesAreFilledFromTheEntryAndPrintReportTakesTheLogReport() throws {
        let (_, optimizer, data) = tinySetup()
        let out = temporaryOutput()
        let trainer = Trainer(StandardUpdater(SerialIterator(data, batchSize: 5), optimizer), stop: (6, .iteration), out: out)
        let log = LogReport(trigger: (3, .iteration), filename: "log_{iteration}")
        trainer.extend(log)
        let text = TextCollector()
        trainer.extend(PrintReport(["iteration", "main/loss"], logReport: log, out: text.sink))
        try trainer.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("log") }.sorted()
        #expect(files == ["log_3", "log_6"])
        #expect(text.text.split(separator: "\n").count == 3)
        #expect(getCrossValidationDatasets(data, 4).count == 4)
    }

    @Test func dictionaryDatasetsReachTheLossFunctionByKey() throws {
        let (model, optimizer, data) = tinySetup()
        let dict = DictDataset(["x": data.arrays[0], "t": data.arrays[1]])
        var seenKeys: Set<String> = []
        let updater = StandardUpdater(SerialIterator(dict, batchSize: 5), optimizer) { batch in
            seenKeys = Set(batch.keys)
            return model([batch["x"]!, batch["t"]!])
        }
        let trainer = Trainer(updater, stop: (2, .epoch), out: temporaryOutput())
        try trainer.run()
        #expect(seenKeys == ["x", "t"] && optimizer.t == 8)
    }
}
