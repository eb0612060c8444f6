import Testing
@testable import Chainer
import ChainerArray

@Suite struct TriggerTests {
    /// The iterations at which `trigger` fires during a run of `iterations` updates.
    private func firings(_ trigger: any Trigger, iterations: Int, perEpoch: Double = 4) throws -> [Int] {
        let trainer = Trainer(CountingUpdater(iterationsPerEpoch: perEpoch), stop: (iterations, .iteration), out: temporaryOutput())
        var fired: [Int] = []
        trainer.extend(LambdaExtension { fired.append($0.updater.iteration) }, trigger: trigger)
        try trainer.run()
        return fired
    }

    @Test func intervalTriggerOnIterations() throws {
        #expect(try firings(IntervalTrigger(3, .iteration), iterations: 10) == [3, 6, 9])
        #expect(try firings(IntervalTrigger(1, .iteration), iterations: 4) == [1, 2, 3, 4])
    }

    @Test func intervalTriggerOnFractionalEpochs() throws {
        // 2.5 iterations per epoch: epochs end during iterations 3 (1.2), 5 (2.0), 8 (3.2) and 10 (4.0).
        #expect(try firings(IntervalTrigger(1, .epoch), iterations: 10, perEpoch: 2.5) == [3, 5, 8, 10])
        #expect(try firings(IntervalTrigger(2, .epoch), iterations: 10, perEpoch: 2.5) == [5, 10])
    }

    @Test func stopTriggerInEpochs() throws {
        let updater = CountingUpdater(iterationsPerEpoch: 4)
        let trainer = Trainer(updater, stop: (3, .epoch), out: temporaryOutput())
        try trainer.run()
        #expect(updater.iteration == 12)
        #expect(trainer.stopTrigger.trainingLength! == (3, .epoch))
    }

    @Test func manualScheduleAndOnce() throws {
        #expect(try firings(ManualScheduleTrigger([2, 5, 7], .iteration), iterations: 8) == [2, 5, 7])
        #expect(try firings(ManualScheduleTrigger([1, 2], .epoch), iterations: 12) == [4, 8])
        #expect(try firings(OnceTrigger(), iterations: 5) == [1])
        #expect(try firings(ClosureTrigger { $0.updater.iteration.isMultiple(of: 4) }, iterations: 9) == [4, 8])
        // Fractional epochs, as Chainer's ManualScheduleTrigger([0.5, 1.5], 'epoch') fires at 4 iterations an epoch.
        let half = ManualScheduleTrigger([0.5, 1.5], .epoch)
        #expect(try firings(half, iterations: 8) == [2, 6])
        #expect(half.trainingLength! == (2, .epoch))
    }

    /// Any closure serves as a trigger, for an extension or for stopping, as any callable does in Chainer.
    @Test func closuresAsTriggers() throws {
        let trainer = Trainer(CountingUpdater(iterationsPerEpoch: 4), stop: { $0.updater.iteration >= 7 },
                              out: temporaryOutput())
        var fired: [Int] = [], ran: [Int] = []
        trainer.extend(LambdaExtension { fired.append($0.updater.iteration) }, trigger: { $0.updater.iteration % 3 == 0 })
        trainer.extend({ ran.append($0.updater.iteration) }, name: "odd", trigger: { $0.updater.iteration % 2 == 1 })
        try trainer.run()
        #expect(fired == [3, 6] && ran == [1, 3, 5, 7])
    }

    /// TimeTrigger(0) fires every iteration, as Chainer's does.
    @Test func timeTriggerOfZeroFiresEveryIteration() throws {
        #expect(try firings(TimeTrigger(0), iterations: 3) == [1, 2, 3])
    }

    @Test func intervalTriggerStateResumes() throws {
        let updater = CountingUpdater(iterationsPerEpoch: 4)
        let trainer = Trainer(updater, stop: (6, .iteration), out: temporaryOutput())
        let trigger = IntervalTrigger(4, .iteration)
        _ = trigger(trainer)
        updater.iteration = 3
        _ = trigger(trainer)
        let copy = IntervalTrigger(4, .iteration)
        try copy.loadStateDict(trigger.stateDict())
        updater.iteration = 4
        #expect(copy(trainer))
    }

    @Test func extensionsRunByPriorityThenRegistration() throws {
        let trainer = Trainer(CountingUpdater(iterationsPerEpoch: 4), stop: (1, .iteration), out: temporaryOutput())
        var order: [String] = []
        trainer.extend(LambdaExtension(name: "reader") { _ in order.append("reader") })
        trainer.extend(LambdaExtension(name: "writer", priority: Extension.priorityWriter) { _ in order.append("writer") })
        trainer.extend(LambdaExtension(name: "reader") { _ in order.append("reader_1") })
        try trainer.run()
        #expect(order == ["writer", "reader", "reader_1"])
        #expect(trainer.extensions.map(\.name) == ["reader", "writer", "reader_1"])
    }

    /// A trainer whose writer extension reports `values[iteration - 1]` under `key` each iteration.
    private func reportingTrainer(_ values: [Double], key: String, stop: any Trigger) -> (Trainer, CountingUpdater) {
        let updater = CountingUpdater(iterationsPerEpoch: 2)
        let trainer = Trainer(updater, stop: stop, out: temporaryOutput())
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { t in
            report([key: values[t.updater.iteration - 1]])
        })
        return (trainer, updater)
    }

    @Test func bestValueTriggersCompareIntervalMeans() throws {
        let values: [Double] = [1, 1, 3, 3, 2, 2, 5, 5]
        for (trigger, expected) in [(MaxValueTrigger("v") as BestValueTrigger, [2, 4, 8]), (MinValueTrigger("v"), [2])] {
            let (trainer, _) = reportingTrainer(values, key: "v", stop: IntervalTrigger(8, .iteration))
            var fired: [Int] = []
            trainer.extend(LambdaExtension { fired.append($0.updater.iteration) }, trigger: trigger)
            try trainer.run()
            #expect(fired == expected)
        }
    }

    @Test func earlyStoppingStopsAfterPatienceChecks() throws {
        let values: [Double] = [4, 2, 2, 2, 3, 2, 2.5, 2.5, 2.5, 2.5, 1, 1]
        let (trainer, updater) = reportingTrainer(values, key: "main/loss",
                                                  stop: EarlyStoppingTrigger(monitor: "main/loss", patience: 2, maxTrigger: (6, .epoch)))
        try trainer.run()
        // Epoch means 3, 2, 2.5, 2.5: the best is at epoch 2, and two checks later training stops.
        #expect(updater.iteration == 8)
        let (capped, cappedUpdater) = reportingTrainer(values, key: "main/loss",
                                                       stop: EarlyStoppingTrigger(monitor: "main/loss", patience: 10, maxTrigger: (3, .epoch)))
        try capped.run()
        #expect(cappedUpdater.iteration == 6)
        // A misspelt monitor never stops training early, and the trigger says so (once, on standard error).
        let misspelt = EarlyStoppingTrigger(monitor: "main/los", patience: 1, maxTrigger: (2, .epoch))
        let (silent, silentUpdater) = reportingTrainer(values, key: "main/loss", stop: misspelt)
        try silent.run()
        #expect(silentUpdater.iteration == 4 && misspelt.warned)
    }

    @Test func timeTriggerWaitsForItsPeriod() throws {
        #expect(try firings(TimeTrigger(3600), iterations: 5) == [])
    }
}
