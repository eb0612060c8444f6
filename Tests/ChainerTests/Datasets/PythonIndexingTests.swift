import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// What Chainer users get from Python: negative indices, clipped slices, iteration with `for`, lists as datasets,
/// per-component padding and dtype promotion in `concat_examples` (each checked against Chainer 7.8.1 by hand).
@Suite struct PythonIndexingTests {
    private let td = TupleDataset(NDArray((0..<10).map { Float($0) }), NDArray((0..<10).map { Int32($0 * 10) }))

    @Test func negativeIndicesCountFromTheEnd() {
        // Chainer: td[-1] -> (9.0, 90); sub[-1] -> (9.0, 90); TransformDataset(td, f)[-1] -> 18.0.
        #expect(td[-1][1].item() == 90 && td[-10][0].item() == 0)
        #expect(splitDataset(td, 3).1[-1][0].item() == 9)
        #expect(TransformDataset(td) { $0[0] * 2.0 }[-1].item() == 18)
        let dict = DictDataset(["x": td.arrays[0], "y": td.arrays[1]])
        #expect(dict[-1]["y"]!.item() == 90)
        #expect(ConcatenatedDataset(td, td[0..<2])[-2][0].item() == 0)
        #expect(AnyDataset([1, 2, 3])[-3] == 1)
    }

    @Test func outOfRangeIndicesStop() async {
        await #expect(processExitsWith: .failure) {
            let d = TupleDataset(NDArray([1, 2, 3] as [Float]))
            _ = d[-4]
        }
    }

    @Test func slicesFollowPythonsRules() {
        // Chainer: len(td[5:20]) -> 5, len(td[-3:]) -> 3, len(td[7:2]) -> 0, td[-3:-1][0] -> (7.0, 70).
        #expect(td[5..<20].count == 5 && td[(-3)...].count == 3 && td[(-3)..<(-1)][0][1].item() == 70)
        #expect(td[...].count == 10 && td[..<3].count == 3)
    }

    @Test func datasetsAreSequences() {
        var seen: [Double] = []
        for example in td[7...] { seen.append(example[0].item()) }
        #expect(seen == [7, 8, 9])
        #expect(td.map { $0[1].item() }.reduce(0, +) == 450)
        #expect(Array(AnyDataset(["a", "b"])) == ["a", "b"])
    }

    @Test func iteratorsTakeListsAndAPositionalBatchSize() {
        let it = SerialIterator([1, 2, 3, 4, 5], 2, repeat: false, shuffle: false)
        #expect(Array(it) == [[1, 2], [3, 4], [5]])
        // After the end, previousEpochDetail is the detail at the failed call (Chainer: 1.0).
        #expect(it.next() == nil && it.previousEpochDetail == 1.0 && it.epochDetail == 1.0)
        let threaded = MultithreadIterator(Array(0..<5), batchSize: 2, repeat: false, shuffle: false)
        #expect(Array(threaded) == [[0, 1], [2, 3], [4]])
        #expect(MultithreadIterator(td, 4, repeat: false, shuffle: false).next()!.count == 4)
    }

    @Test func listIndicesAndPositionalSubDatasetBounds() {
        // Chainer: [e[1] for e in td[[1, 3, 5]]] -> [10, 30, 50]; len(SubDataset(td, 2, 5)) -> 3.
        #expect(td[[1, 3, -1]].map { $0[1].item() } == [10, 30, 90])
        let sub = SubDataset(td, 2, 5)
        #expect(sub.count == 3 && sub[0][0].item() == 2)
    }

    /// Chainer raises ValueError for both a shuffle flag and an order sampler; a sampler alone decides the order.
    @Test func anOrderSamplerExcludesTheShuffleFlag() async {
        let reversed: OrderSampler = { order, _ in order.reversed() }
        let it = SerialIterator(td, batchSize: 4, orderSampler: reversed)
        #expect(it.next()!.map { $0[1].item() } == [90, 80, 70, 60] && it.shuffle == false)
        await #expect(processExitsWith: .failure) {
            let td = TupleDataset(NDArray([1, 2, 3] as [Float]))
            _ = SerialIterator(td, batchSize: 1, shuffle: false, orderSampler: { order, _ in order })
        }
    }

    @Test func aShufflingIteratorRefusesAStateWithoutOrder() {
        let plain = SerialIterator(td, batchSize: 2, shuffle: false)
        _ = plain.next(); _ = plain.next()
        let shuffled = SerialIterator(td, batchSize: 2)
        #expect(throws: SerializationError.missingKey("order")) { try shuffled.loadStateDict(plain.stateDict()) }
        // Nothing was loaded.
        #expect(shuffled.order != nil && shuffled.currentPosition == 0)
    }

    @Test func concatExamplesPadsPerComponentAndPromotes() {
        // Chainer: concat_examples(batch, padding=(0, -1)) pads inputs with 0 and labels with -1.
        let batch = [[NDArray([1, 2] as [Float]), NDArray([7] as [Int32])],
                     [NDArray([3] as [Float]), NDArray([8, 9] as [Int32])]]
        let out = concatExamples(batch, padding: [0, -1])
        #expect(out[0].asArray(Float.self) == [1, 2, 3, 0] && out[1].asArray(Int32.self) == [7, -1, 8, 9])
        let dict = concatExamples([["x": NDArray([1] as [Float])], ["x": NDArray([2, 3] as [Float])]], padding: ["x": 5])
        #expect(dict["x"]!.asArray(Float.self) == [1, 5, 2, 3])
        // numpy.concatenate promotes: float32 with float64 gives float64.
        let mixed = concatExamples([NDArray([1] as [Float]), NDArray([2] as [Double])])
        #expect(mixed.dtype == .float64 && mixed.asArray(Double.self) == [1, 2])
    }

    @Test func textFilesSplitOnEveryLineEnd() throws {
        let path = scratchPath("chainer-text", suffix: ".txt")
        try Data("p\rq\r\nr\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try TextDataset(path).allExamples == ["p", "q", "r"])
        // One file gives strings, as Chainer's does; its filter sees the line.
        let kept = try TextDataset(path) { $0 != "q" }
        #expect(kept.count == 2 && kept[1] == "r" && kept[-2] == "p")
    }

    @Test func oneFoldCrossValidationTestsOnEverything() {
        // Chainer: get_cross_validation_datasets(range(10), 1) -> [(train of 0, test of 10)].
        let folds = getCrossValidationDatasets(td, 1)
        #expect(folds.count == 1 && folds[0].0.count == 0 && folds[0].1.count == 10)
    }

    @Test func aSeededShuffleOrderSamplerIgnoresOtherDraws() {
        func orders(_ interleave: Bool) -> [[Int]] {
            let it = SerialIterator(td, batchSize: 10, orderSampler: ShuffleOrderSampler(seed: 7))
            var seen: [[Int]] = []
            for _ in 0..<3 {
                if interleave { _ = NDArray.uniform([5]) }
                seen.append(it.order!)
                _ = it.next()
            }
            return seen
        }
        let plain = orders(false)
        #expect(plain == orders(true) && Set(plain).count == 3 && plain.allSatisfy { $0.sorted() == Array(0..<10) })
    }
}
