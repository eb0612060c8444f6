import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// Trainer behaviours compared with Chainer 7.8.1 runs of the same scenarios (the expected values are Chainer's).
@Suite struct ChainerParityTests {
    private func setup(_ stop: Int, out: String = temporaryOutput()) -> (Trainer, SGD) {
        let model = withSeed(1) { TinyClassifier(inputs: 2, classes: 2) }
        let optimizer = SGD(lr: 0.1)
        optimizer.setup(model)
        let it = SerialIterator(withSeed(2) { blobs(10) }, batchSize: 3, shuffle: false)
        return (Trainer(StandardUpdater(it, optimizer), stop: (stop, .iteration), out: out), optimizer)
    }

    /// `make_extension`'s initializer, finalizer and on_error: run once at the start, once at the end, and on an
    /// error (after which the finalizer still runs), as Chainer's trainer calls them.
    @Test func closureExtensionsHaveInitializerFinalizerAndOnError() throws {
        struct Boom: Error {}
        var events: [String] = []
        let (trainer, _) = setup(3)
        trainer.extend(LambdaExtension(initializer: { _ in events.append("init") }, finalizer: { _ in events.append("final") },
                                       onError: { _, e in events.append("error \(e is Boom)") }) { t in
            events.append("call \(t.updater.iteration)")
            if t.updater.iteration == 2 { throw Boom() }
        })
        #expect(throws: Boom.self) { try trainer.run() }
        #expect(events == ["init", "call 1", "call 2", "error true", "final"])
    }

    /// Chainer's `snapshot(condition=…)`: written only at triggers where the condition holds.
    @Test func snapshotsOnlyWhenTheConditionHolds() throws {
        let out = temporaryOutput()
        let (trainer, _) = setup(6, out: out)
        trainer.extend(snapshot(trigger: (1, .iteration), condition: { trainer.updater.iteration % 3 == 0 }))
        try trainer.run()
        let names = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("snapshot") }.sorted()
        #expect(names == ["snapshot_iter_3", "snapshot_iter_6"])
    }

    /// The shifts in Chainer's argument order and names give the same values as the labelled forms.
    @Test func shiftsInChainersArgumentOrder() throws {
        let (trainer, sgd) = setup(4)
        func values(_ shift: HyperparameterShift<Optimizer>) throws -> [Double] {
            sgd.lr = 0.1
            try shift.initialize(trainer)
            var out = [sgd.lr]
            for _ in 0..<5 { try shift(trainer); out.append(sgd.lr) }
            return out
        }
        let pairs: [(HyperparameterShift<Optimizer>, HyperparameterShift<Optimizer>)] = [
            (ExponentialShift("lr", 0.5, init: 0.2, optimizer: sgd), ExponentialShift("lr", rate: 0.5, initial: 0.2, optimizer: sgd)),
            (LinearShift("lr", (1, 0), (1, 4), optimizer: sgd), LinearShift("lr", valueRange: (1, 0), timeRange: (1, 4), optimizer: sgd)),
            (StepShift("lr", 0.1, 2, init: 1, optimizer: sgd), StepShift("lr", gamma: 0.1, step: 2, initial: 1, optimizer: sgd)),
            (MultistepShift("lr", 0.5, [1, 3], 1, optimizer: sgd), MultistepShift("lr", gamma: 0.5, stepValues: [1, 3], initial: 1, optimizer: sgd)),
            (InverseShift("lr", 0.1, 2, init: 1, optimizer: sgd), InverseShift("lr", gamma: 0.1, power: 2, initial: 1, optimizer: sgd)),
            (PolynomialShift("lr", 2, 5, init: 1, optimizer: sgd), PolynomialShift("lr", rate: 2, maxCount: 5, initial: 1, optimizer: sgd)),
            (WarmupShift("lr", 0, 3, init: 0.3, optimizer: sgd), WarmupShift("lr", warmupStart: 0, warmupIterations: 3, initial: 0.3, optimizer: sgd)),
        ]
        for (chainerOrder, labelled) in pairs { #expect(try values(chainerOrder) == values(labelled)) }
        #expect(try values(ExponentialShift("lr", 0.5, init: 0.2, optimizer: sgd)) == [0.2, 0.1, 0.05, 0.025, 0.0125, 0.00625])
    }

    /// A LogReport handed to PrintReport (not registered) is saved with it under `_log_report/`, as Chainer does.
    @Test func printReportSavesTheLogReportItDrives() throws {
        let out = temporaryOutput()
        let (first, _) = setup(4, out: out)
        first.extend(PrintReport(["iteration", "main/loss"], logReport: LogReport(trigger: (2, .iteration)), out: OutputSink { _ in }))
        first.extend(snapshot(), trigger: (4, .iteration))
        try first.run()
        let state = first.stateDict()
        #expect(state.keys.contains("extensions/PrintReport/_log_report/_log"))
        let (second, _) = setup(6, out: temporaryOutput())
        let log = LogReport(trigger: (2, .iteration))
        second.extend(PrintReport(["iteration", "main/loss"], logReport: log, out: OutputSink { _ in }))
        try second.resume(from: out + "/snapshot_iter_4")
        #expect(log.log.count == 2)
        try second.run()
        #expect(log.log.map { $0["iteration"] } == [2, 4, 6])
    }

    @Test func aSnapshotResumesIntoATrainerWithMoreExtensions() throws {
        let out = temporaryOutput()
        let (first, _) = setup(4, out: out)
        first.extend(snapshot(), trigger: (4, .iteration))
        try first.run()
        let (second, _) = setup(8, out: out)
        second.extend({ _ in }, name: "added", trigger: (1, .epoch))
        second.extend(LogReport())
        try second.resume(from: out + "/snapshot_iter_4")
        #expect(second.updater.iteration == 4)
        // A key missing from a part that is present is reported with its whole path.
        var state = first.stateDict()
        state["updater/iterator:main/epoch"] = nil
        #expect(throws: SerializationError.missingKey("updater/iterator:main/epoch")) { try second.loadStateDict(state) }
    }

    @Test func warmupLeavesTheValueAloneAfterItsLastStep() throws {
        let (trainer, optimizer) = setup(8)
        trainer.extend(WarmupShift(\SGD.lr, warmupStart: 0.01, warmupIterations: 4, initial: 0.1))
        var lrs: [Double] = []
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter + 1) { t in
            lrs.append(optimizer.lr)
            if t.updater.iteration == 6 { optimizer.lr /= 2 }
        })
        try trainer.run()
        // Chainer: 0.01 0.0325 0.055 0.0775 0.1 0.1 (halved by the user) 0.05 0.05; its weighted sums to the bit.
        #expect(lrs == [0.01, 0.0325, 0.055, 0.07750000000000001, 0.1, 0.1, 0.05, 0.05])
    }

    @Test func aFinishedRunCannotRunAgainButAFailedOneCan() throws {
        let (trainer, _) = setup(4)
        var failed = false
        trainer.extend(LambdaExtension { t in
            if t.updater.iteration == 2 && !failed { failed = true; throw SerializationError.io("injected") }
        })
        #expect(throws: SerializationError.self) { try trainer.run() }
        try trainer.run()
        #expect(trainer.updater.iteration == 4)
        #expect(throws: Trainer.RunError.self) { try trainer.run() }
    }

    @Test func printReportRunsALogReportItWasGivenThatIsNotRegistered() throws {
        let (trainer, _) = setup(8)
        let text = TextCollector()
        trainer.extend(PrintReport(["epoch", "iteration"], logReport: LogReport(), out: text.sink))
        try trainer.run()
        // Chainer prints one row per epoch (10 examples in batches of 3: epochs end at iterations 4 and 7).
        #expect(text.text == "epoch       iteration \n1           4           \n2           7           \n")
    }

    @Test func bestValueTriggersResumeMidInterval() throws {
        func fired(resumeAt: Int?) throws -> [Int] {
            let out = temporaryOutput()
            var hits: [Int] = []
            func make(_ stop: Int) -> Trainer {
                let (trainer, _) = setup(stop, out: out)
                trainer.extend(observeValue("v", trigger: (1, .iteration)) { t in Double(100 - t.updater.iteration) })
                trainer.extend(LambdaExtension { hits.append($0.updater.iteration) },
                               trigger: MinValueTrigger("v", trigger: (4, .iteration)))
                trainer.extend(snapshot(filename: "s"), trigger: (6, .iteration))
                return trainer
            }
            if let resumeAt {
                try make(resumeAt).run()
                let resumed = make(12)
                try resumed.resume(from: out + "/s")
                try resumed.run()
            } else {
                try make(12).run()
            }
            return hits
        }
        #expect(try fired(resumeAt: nil) == [4, 8, 12])
        #expect(try fired(resumeAt: 6) == [4, 8, 12])
    }

    @Test func snapshotNamesTakePythonFormatSpecs() throws {
        #expect(SnapshotName("snap_{.updater.iteration:05d}.npz").filled(iteration: 7, epoch: 0) == "snap_00007.npz")
        #expect(SnapshotName("e{.updater.epoch:>3}_{.updater.iteration}").filled(iteration: 12, epoch: 2) == "e  2_12")
        #expect(SnapshotName("{x}_{.updater.epoch:*<4d}").filled(iteration: 0, epoch: 5) == "{x}_5***")
        #expect(SnapshotName("snap_{.updater.iteration:05d}.npz").numbers(in: "snap_00014.npz") == [14])
        #expect(SnapshotName("snap_{.updater.iteration:05d}.npz").numbers(in: "snap_00014.npz.tmp") == nil)
        let out = temporaryOutput()
        let (trainer, _) = setup(6, out: out)
        trainer.extend(snapshot(filename: "snap_{.updater.iteration:05d}", nRetains: 2), trigger: (2, .iteration))
        try trainer.run()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("snap") }.sorted()
                == ["snap_00004", "snap_00006"])
    }

    @Test func shiftsTakeHyperparameterNamesAsChainersAttributes() throws {
        let (trainer, optimizer) = setup(4)
        trainer.extend(ExponentialShift("lr", rate: 0.5), trigger: (2, .iteration))
        var lrs: [Double] = []
        trainer.extend(LambdaExtension { _ in lrs.append(optimizer.lr) })
        try trainer.run()
        // Chainer's ExponentialShift('lr', 0.5) every 2 iterations, read after it: halved at iterations 2 and 4.
        #expect(lrs == [0.1, 0.05, 0.05, 0.025])
        let adam = Adam()
        adam.setup(TinyClassifier(inputs: 2, classes: 2))
        let shift = InverseShift("alpha", gamma: 1, power: 1, target: 0.0004, optimizer: adam)
        try shift.initialize(trainer)
        for _ in 0..<3 { try shift(trainer) }
        #expect(adam[hyperparameter: "alpha"] == 0.0004 && adam.alpha == 0.0004)
    }

    /// Snapshots every 5 iterations fall between checks; every 4, on a check, before the stop trigger has seen that
    /// iteration's observation (the trainer saves it for the resumed run's first check).
    @Test(arguments: [(5, 5), (4, 8)]) func earlyStoppingKeepsItsPatienceAcrossASnapshot(every: Int, interruptAt: Int) throws {
        struct Interrupt: Error {}
        func make(out: String, interruptAt: Int?) -> Trainer {
            let (base, _) = setup(100, out: out)
            // v: 2, 1, 0, 0, … so the check every 2 iterations improves at 2 and 4, then not: stops at 10.
            let stop = EarlyStoppingTrigger(checkTrigger: (2, .iteration), monitor: "v", patience: 3, maxTrigger: (40, .iteration))
            let trainer = Trainer(base.updater, stop: stop, out: out)
            trainer.extend(observeValue("v", trigger: (1, .iteration)) { t in Double(max(0, 3 - t.updater.iteration)) })
            trainer.extend(snapshot(filename: "s"), trigger: (every, .iteration))
            if let interruptAt {
                trainer.extend(LambdaExtension(priority: -1000) { t in if t.updater.iteration == interruptAt { throw Interrupt() } })
            }
            return trainer
        }
        let whole = make(out: temporaryOutput(), interruptAt: nil)
        try whole.run()
        let out = temporaryOutput()
        #expect(throws: Interrupt.self) { try make(out: out, interruptAt: interruptAt).run() }
        let resumed = make(out: out, interruptAt: nil)
        try resumed.resume(from: out + "/s")
        try resumed.run()
        // Without its state the resumed trigger would forget the best value and stop two checks later, at 12.
        #expect(whole.updater.iteration == 10 && resumed.updater.iteration == 10)
    }

    @Test func plotAndGraphStateUseChainersKeysAndStaleTemporariesGo() throws {
        let out = temporaryOutput()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let stale = out + "/.snapshot_iter_2.\(UUID().uuidString).tmp", foreign = out + "/.other.tmp"
        for path in [stale, foreign] { _ = FileManager.default.createFile(atPath: path, contents: Data([1])) }
        let (trainer, _) = setup(4, out: out)
        trainer.extend(LogReport(trigger: (2, .iteration)))
        let plot = PlotReport(["main/loss"], xKey: "iteration", trigger: (2, .iteration), filename: "loss.png")
        trainer.extend(plot)
        trainer.extend(DumpGraph("main/loss"))
        trainer.extend(snapshot(autoload: true), trigger: (4, .iteration))
        try trainer.run()
        #expect(!FileManager.default.fileExists(atPath: stale) && FileManager.default.fileExists(atPath: foreign))
        let state = trainer.stateDict()
        // Chainer reads `_plot_<file>` as JSON text and DumpGraph's flags as booleans.
        let text = String(decoding: state["extensions/PlotReport/_plot_loss.png"]!.asArray(UInt8.self), as: UTF8.self)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [[Double]]])
        #expect(json["main/loss"]?.map { $0[0] } == [2, 4] && text.hasPrefix("{\"main/loss\": [[2, "))
        #expect(state["extensions/dump_graph/_flag_called"]?.item() == 1 && state["extensions/dump_graph/_original_flag"]?.dtype == .bool)
        #expect(trainer.textStateKeys.contains("extensions/PlotReport/_plot_loss.png"))
    }

    @Test func extensionsCalledBeforeTrainingLogTheUntrainedModel() throws {
        let (trainer, _) = setup(4)
        let model = (trainer.updater.optimizers.first!.1.target as! TinyClassifier)
        let evaluator = Evaluator(SerialIterator(withSeed(2) { blobs(10) }, batchSize: 5, repeat: false, shuffle: false), model)
        trainer.extend(evaluator, callBeforeTraining: true)
        let log = LogReport()
        trainer.extend(log, callBeforeTraining: true)
        let text = TextCollector()
        trainer.extend(PrintReport(["epoch", "iteration", "validation/main/loss"], out: text.sink), callBeforeTraining: true)
        #expect(trainer.isBeforeTraining)
        try trainer.run()
        // Chainer 7.8.1 (train_mnist.py's call_before_training=True): a first entry at epoch 0 with the validation keys.
        #expect(log.log.count == 2 && log.log[0]["epoch"] == 0 && log.log[0]["iteration"] == 0)
        #expect(log.log[0]["validation/main/loss"] != nil && log.log[0]["main/loss"] == nil && log.log[1]["epoch"] == 1)
        #expect(text.text.split(separator: "\n").count == 3 && text.text.split(separator: "\n")[1].hasPrefix("0           0 "))
        #expect(!trainer.isBeforeTraining)
    }

    @Test func extensionsMayWriteTheObservation() throws {
        let (trainer, _) = setup(2)
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { t in t.observation["custom"] = Double(t.updater.iteration) })
        let log = LogReport(trigger: (1, .iteration))
        trainer.extend(log)
        try trainer.run()
        #expect(log.log.map { $0["custom"] } == [1, 2] && log.log[0]["main/loss"] != nil)
    }

    /// Outside an iteration (an extension's finalize) a write only changes what later reads see, as writing to
    /// Chainer's dict does; it is not reported and does not stop the program.
    @Test func observationWritesOutsideAnIterationAreKeptQuietly() throws {
        let (trainer, _) = setup(1)
        final class FinalWriter: Extension {
            override func finalize(_ trainer: Trainer) { trainer.observation["done"] = 1 }
        }
        trainer.extend(FinalWriter())
        try trainer.run()
        #expect(trainer.observation["done"] == 1)
    }

    /// Extensions reach the optimizers and iterators through `trainer.updater` whatever the updater's type, as
    /// Chainer's `trainer.updater.get_optimizer('main')`.
    @Test func updatersGiveTheirOptimizersAndIteratorsByName() throws {
        let (trainer, _) = setup(1)
        let updater: any Updater = trainer.updater
        #expect(updater.getOptimizer() === updater.optimizers[0].1 && updater.getAllOptimizers().keys.sorted() == ["main"])
        #expect(updater.getIterator().batchSize == updater.getIterator("main").batchSize)
        let typed: SerialIterator<TupleDataset> = updater.getIterator()
        #expect(typed.epoch == 0)
    }
}
