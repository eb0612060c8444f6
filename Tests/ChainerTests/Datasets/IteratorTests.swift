import Testing
@testable import Chainer
import ChainerArray

@Suite struct IteratorTests {
    private func indices(_ n: Int) -> AnyDataset<Int> { AnyDataset(Array(0..<n)) }

    @Test func inOrderEpochsWrapAround() {
        let it = SerialIterator(indices(10), batchSize: 4, shuffle: false)
        #expect(it.next() == [0, 1, 2, 3])
        #expect(!it.isNewEpoch && it.epoch == 0 && it.epochDetail == 0.4 && it.previousEpochDetail == 0)
        #expect(it.next() == [4, 5, 6, 7])
        #expect(it.next() == [8, 9, 0, 1])
        #expect(it.isNewEpoch && it.epoch == 1)
        #expect(abs(it.epochDetail - 1.2) < 1e-12 && abs(it.previousEpochDetail! - 0.8) < 1e-12)
        #expect(it.next() == [2, 3, 4, 5])
        #expect(!it.isNewEpoch)
    }

    @Test func withoutRepeatStopsAfterOneEpoch() {
        let it = SerialIterator(indices(10), batchSize: 4, repeat: false, shuffle: false)
        var batches: [[Int]] = []
        for batch in it { batches.append(batch) }
        #expect(batches == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
        #expect(it.next() == nil)
        it.reset()
        #expect(it.epoch == 0 && it.previousEpochDetail == nil && it.next() == [0, 1, 2, 3])
    }

    @Test func shuffledEpochsArePermutationsWithoutRepeats() {
        withSeed(11) {
            let it = SerialIterator(indices(12), batchSize: 3)
            var epochs: [[Int]] = []
            for _ in 0..<3 {
                var seen: [Int] = []
                for _ in 0..<4 { seen += it.next()! }
                #expect(it.isNewEpoch)
                #expect(seen.sorted() == Array(0..<12))
                epochs.append(seen)
            }
            #expect(epochs[0] != Array(0..<12))
            #expect(epochs[0] != epochs[1] || epochs[1] != epochs[2])
        }
    }

    @Test func orderFollowsTheSeed() {
        let a = withSeed(7) { () -> [[Int]] in let it = SerialIterator(indices(20), batchSize: 6); return (0..<8).map { _ in it.next()! } }
        let b = withSeed(7) { () -> [[Int]] in let it = SerialIterator(indices(20), batchSize: 6); return (0..<8).map { _ in it.next()! } }
        let c = withSeed(8) { () -> [[Int]] in let it = SerialIterator(indices(20), batchSize: 6); return (0..<8).map { _ in it.next()! } }
        #expect(a == b)
        #expect(a != c)
    }

    @Test func resetStartsAFreshFirstEpoch() {
        withSeed(2) {
            let it = SerialIterator(indices(8), batchSize: 3)
            _ = it.next(); _ = it.next(); _ = it.next()
            #expect(it.epoch == 1)
            it.reset()
            #expect(it.epoch == 0 && it.currentPosition == 0 && !it.isNewEpoch)
            var seen: [Int] = []
            seen += it.next()!; seen += it.next()!
            seen += it.next()!.prefix(2)
            #expect(seen.sorted() == Array(0..<8))
        }
    }

    @Test func stateDictResumesTheSameBatches() throws {
        try withSeed(4) {
            let it = SerialIterator(indices(10), batchSize: 4)
            for _ in 0..<3 { _ = it.next() }
            let state = it.stateDict()
            let expected = (0..<2).map { _ in it.next()! }
            let resumed = SerialIterator(indices(10), batchSize: 4)
            try resumed.loadStateDict(state)
            #expect(resumed.epoch == 1 && resumed.currentPosition == 2)
            #expect((0..<2).map { _ in resumed.next()! } == expected)
        }
    }

    @Test func iteratorOverTupleDatasetFeedsConcatExamples() {
        let ds = TupleDataset(NDArray.arange(10, dtype: .float32).reshaped(5, 2), NDArray((0..<5).map { Int32($0) }))
        let it = SerialIterator(ds, batchSize: 2, repeat: false, shuffle: false)
        let arrays = concatExamples(it.next()!)
        #expect(arrays[0].asArray(Float.self) == [0, 1, 2, 3])
        #expect(arrays[1].asArray(Int32.self) == [0, 1])
    }

    @Test func multithreadIteratorMatchesSerialOrder() throws {
        let data = TransformDataset(indices(23)) { $0 * 10 }
        let serial = withSeed(5) { () -> [[Int]] in let it = SerialIterator(data, batchSize: 7); return (0..<9).map { _ in it.next()! } }
        let threaded = withSeed(5) { () -> [[Int]] in
            let it = MultithreadIterator(data, batchSize: 7, nThreads: 3)
            return (0..<9).map { _ in it.next()! }
        }
        #expect(serial == threaded)
        let once = MultithreadIterator(data, batchSize: 10, repeat: false, shuffle: false, nThreads: 4)
        #expect(Array(once).map(\.count) == [10, 10, 3])
        #expect(once.epoch == 1)
    }
}
