import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// A run stopped at a snapshot and resumed in a fresh trainer ends exactly where an uninterrupted run ends.
@Suite(.serialized) struct ExactResumeTests {
    private let total = 11, stopAt = 5

    /// Trains the fixture setup with dropout (so the generator matters) for `iterations` steps, snapshotting every
    /// `stopAt`; resumes from `resumeFrom` first when given.
    private func train(iterations: Int, seed: UInt64, out: String, resumeFrom: String? = nil)
        throws -> (L.Classifier, Adam, LogReport) {
        let (trainSet, testSet) = try fixtureDatasets()
        return try withSeed(seed) {
            let (trainer, model, optimizer) = fixtureTrainer(train: trainSet, test: testSet,
                                                             stop: IntervalTrigger(iterations, .iteration), out: out,
                                                             dropout: 0.3, snapshotEvery: stopAt)
            if let resumeFrom { try trainer.resume(from: resumeFrom) }
            try trainer.run()
            return (model, optimizer, trainer.getExtension("LogReport") as! LogReport)
        }
    }

    @Test func resumedRunIsBitIdenticalToAnUninterruptedOne() throws {
        let (full, fullOptimizer, fullLog) = try train(iterations: total, seed: 5, out: temporaryOutput())
        let first = temporaryOutput()
        _ = try train(iterations: stopAt, seed: 5, out: first)
        // A different seed: everything that matters must come from the snapshot.
        let (resumed, resumedOptimizer, resumedLog) = try train(iterations: total, seed: 77, out: temporaryOutput(),
                                                                resumeFrom: first + "/snapshot_iter_\(stopAt)")
        for ((path, a), (_, b)) in zip(full.namedParams(), resumed.namedParams()) {
            #expect(a.array == b.array, "\(path)")
            #expect(fullOptimizer.updateRules[path]!.state["m"]! == resumedOptimizer.updateRules[path]!.state["m"]!)
            #expect(fullOptimizer.updateRules[path]!.state["v"]! == resumedOptimizer.updateRules[path]!.state["v"]!)
        }
        #expect(fullOptimizer.t == resumedOptimizer.t && fullOptimizer.epoch == resumedOptimizer.epoch)
        // The log's means cover the snapshot's unfinished interval too.
        #expect(fullLog.log.count == resumedLog.log.count && fullLog.log.count == 3)
        for (a, b) in zip(fullLog.log, resumedLog.log) {
            #expect(a["main/loss"] == b["main/loss"] && a["validation/main/loss"] == b["validation/main/loss"])
        }
    }

    @Test func withoutTheGeneratorStateDropoutDiverges() throws {
        // The control for the test above: the same resume from a snapshot stripped of the generator state differs.
        let (full, _, _) = try train(iterations: total, seed: 5, out: temporaryOutput())
        let first = temporaryOutput()
        _ = try train(iterations: stopAt, seed: 5, out: first)
        let path = first + "/snapshot_iter_\(stopAt)"
        var state = try NPZ.read(URL(fileURLWithPath: path))
        #expect(state.removeValue(forKey: Trainer.generatorKey) != nil)
        try NPZ.write(state, to: URL(fileURLWithPath: path))
        let (resumed, _, _) = try train(iterations: total, seed: 77, out: temporaryOutput(), resumeFrom: path)
        #expect(full.namedParams().first!.1.array != resumed.namedParams().first!.1.array)
    }

    @Test func generatorStateRoundTrips() {
        withSeed(9) {
            let saved = generatorState()
            let a = NDArray.uniform([16])
            setGeneratorState(saved)
            #expect(NDArray.uniform([16]) == a)
        }
    }

    @Test func snapshotFileIsNeverSeenHalfWritten() throws {
        let (trainSet, testSet) = try fixtureDatasets()
        let out = temporaryOutput()
        let (trainer, _, _) = withSeed(3) {
            fixtureTrainer(train: trainSet, test: testSet, stop: IntervalTrigger(2, .iteration), out: out)
        }
        try trainer.run()
        let url = URL(fileURLWithPath: out).appendingPathComponent("snapshot_iter_2")
        try FileManager.default.removeItem(at: url)
        let expectedKeys = Set(trainer.stateDict().keys)
        try trainer.writeSnapshot(to: url)
        let watch = SnapshotWatch()
        let reader = Thread {
            // Reads the final name as fast as possible while the writer replaces it over and over.
            while !watch.isDone {
                guard let data = FileManager.default.contents(atPath: url.path) else { continue }
                watch.record(complete: (try? NPZ.decode(data)).map { Set($0.keys) == expectedKeys } ?? false)
            }
        }
        reader.start()
        while watch.reads == 0 { usleep(100) }
        for _ in 0..<40 { try trainer.writeSnapshot(to: url) }
        watch.finish()
        while !watch.readerStopped { usleep(1000) }
        #expect(watch.reads > 0)
        #expect(watch.partialReads == 0)
        // Only the final file is left: the temporary files were renamed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }.isEmpty)
    }
}

/// What the reader thread of `snapshotFileIsNeverSeenHalfWritten` saw.
private final class SnapshotWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false, stopped = false
    private var readCount = 0
    private(set) var partialReads = 0
    var reads: Int { lock.lock(); defer { lock.unlock() }; return readCount }
    var isDone: Bool {
        lock.lock(); defer { lock.unlock() }
        if done { stopped = true }
        return done
    }
    var readerStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
    func record(complete: Bool) { lock.lock(); readCount += 1; if !complete { partialReads += 1 }; lock.unlock() }
    func finish() { lock.lock(); done = true; lock.unlock() }
}
