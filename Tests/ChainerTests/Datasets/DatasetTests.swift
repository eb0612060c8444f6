import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// Reference values: scripts/fixtures/training_refs.py (NumPy over the same embedded files).
@Suite struct DatasetTests {
    @Test func embeddedMNISTHasChainersLayout() throws {
        let (train, test) = try Datasets.mnist()
        #expect(train.count == 8000)
        #expect(test.count == 2000)
        #expect(train.arrays[0].shape == [8000, 784] && train.arrays[0].dtype == .float32)
        #expect(train.arrays[1].shape == [8000] && train.arrays[1].dtype == .int32)
        #expect(test.arrays[0].shape == [2000, 784])
        #expect(train.arrays[1][0..<5].asArray(Int32.self) == [7, 2, 1, 0, 4])
        #expect(test.arrays[1][0..<5].asArray(Int32.self) == [4, 9, 9, 7, 1])
        #expect(abs(train[0][0].astype(.float64).sum().item() - 72.36862819222733) < 1e-4)
        #expect(abs(test[0][0].astype(.float64).sum().item() - 147.8000009106472) < 1e-4)
        #expect(train.arrays[0].min().item() == 0 && train.arrays[0].max().item() == 1)
        let counts = (0..<10).map { c in train.arrays[1].asArray(Int32.self).filter { $0 == c }.count }
        #expect(counts == [773, 905, 834, 803, 788, 723, 756, 813, 787, 818])
    }

    @Test func mnistOptions() throws {
        let (train2, _) = try Datasets.mnist(ndim: 2)
        #expect(train2.arrays[0].shape == [8000, 28, 28])
        let (train3, test3) = try Datasets.mnist(withLabel: false, ndim: 3, scale: 2, dtype: .float64)
        #expect(train3.arrays.count == 1 && test3.arrays.count == 1)
        #expect(train3.arrays[0].shape == [8000, 1, 28, 28] && train3.arrays[0].dtype == .float64)
        #expect(train3.arrays[0].max().item() == 2)
        // Chainer's label_dtype and rgb_format: three equal channels, the labels unchanged in another dtype.
        let (rgb, _) = try Datasets.mnist(ndim: 3, labelDType: .int64, rgbFormat: true)
        #expect(rgb.arrays[0].shape == [8000, 3, 28, 28] && rgb.arrays[1].dtype == .int64)
        let (plain, _) = try Datasets.mnist()
        #expect(rgb.arrays[1].asArray(Int64.self) == plain.arrays[1].asArray(Int32.self).map(Int64.init))
        let image = rgb[7][0]
        #expect(image[0].asArray(Float.self) == plain[7][0].asArray(Float.self))
        #expect(image[1].asArray(Float.self) == image[0].asArray(Float.self) && image[2].asArray(Float.self) == image[0].asArray(Float.self))
    }

    @Test func tupleAndDictDatasets() {
        let x = NDArray.arange(12, dtype: .float32).reshaped(6, 2)
        let t = NDArray((0..<6).map { Int32($0) })
        let ds = TupleDataset(x, t)
        #expect(ds.count == 6)
        #expect(ds[2][0].asArray(Float.self) == [4, 5])
        #expect(ds[2][1].item() == 2)
        #expect(ds.batch(at: [5, 0])[0].asArray(Float.self) == [10, 11, 0, 1])
        let sliced = ds[1..<4]
        #expect(sliced.count == 3 && sliced[0][1].item() == 1)
        #expect(ds[4...].count == 2)
        let dict = DictDataset(["x": x, "t": t])
        #expect(dict.count == 6 && dict[3]["t"]!.item() == 3)
    }

    @Test func splitsCoverEveryExampleOnce() {
        let ds = TupleDataset(NDArray((0..<10).map { Int32($0) }))
        let (a, b) = splitDataset(ds, 7)
        #expect(a.count == 7 && b.count == 3 && b[0][0].item() == 7)
        let (r1, r2) = withSeed(3) { splitDatasetRandom(ds, 4) }
        let values = (r1.allExamples + r2.allExamples).map { Int($0[0].item()) }
        #expect(values.sorted() == Array(0..<10))
        #expect(values != Array(0..<10))
        // Chainer 7.8.1: split_dataset_n(range(10), 3) gives [0, 1, 2], [3, 4, 5], [6, 7, 8] (9 belongs to none).
        let parts = splitDatasetN(ds, 3)
        #expect(parts.map { $0.allExamples.map { Int($0[0].item()) } } == [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
        let randomParts = withSeed(5) { splitDatasetNRandom(ds, 2) }
        #expect(randomParts.flatMap { $0.allExamples.map { Int($0[0].item()) } }.sorted() == Array(0..<10))
    }

    @Test func seededSplitsRepeatAndLeaveTheGeneratorAlone() {
        let ds = TupleDataset(NDArray((0..<20).map { Int32($0) }))
        func order<D: Dataset>(_ parts: [D]) -> [Int] where D.Example == [NDArray] {
            parts.flatMap { $0.allExamples.map { Int($0[0].item()) } }
        }
        // Inside a scope of its own, so tests running beside this one cannot move the generator it watches.
        let (a, b) = withSeed(1) { () -> ((SubDataset<TupleDataset>, SubDataset<TupleDataset>), (SubDataset<TupleDataset>, SubDataset<TupleDataset>)) in
            let before = generatorState()
            let a = splitDatasetRandom(ds, 5, seed: 42), b = splitDatasetRandom(ds, 5, seed: 42)
            #expect(generatorState().counter == before.counter, "a seeded split draws from a generator of its own")
            return (a, b)
        }
        #expect(order([a.0, a.1]) == order([b.0, b.1]) && order([a.0, a.1]).sorted() == Array(0..<20))
        let c = splitDatasetRandom(ds, 5, seed: 43)
        #expect(order([a.0, a.1]) != order([c.0, c.1]))
        #expect(order(splitDatasetNRandom(ds, 4, seed: 7)) == order(splitDatasetNRandom(ds, 4, seed: 7)))
        let folds1 = getCrossValidationDatasetsRandom(ds, nFolds: 4, seed: 9)
        let folds2 = getCrossValidationDatasetsRandom(ds, nFolds: 4, seed: 9)
        #expect(folds1.map { order([$0.1]) } == folds2.map { order([$0.1]) })
        #expect(Set(folds1.flatMap { order([$0.1]) }) == Set(0..<20), "each example is in exactly one test fold")
    }

    @Test func transformAndConcatenate() {
        let ds = TupleDataset(NDArray([1, 2, 3] as [Float]))
        let doubled = TransformDataset(ds) { ex in ex[0].item() * 2 }
        #expect(doubled.allExamples == [2, 4, 6])
        let cat = ConcatenatedDataset(AnyDataset([1, 2]), AnyDataset([Int]()), AnyDataset([3]))
        #expect(cat.count == 3 && cat.allExamples == [1, 2, 3])
    }

    @Test func concatExamplesStacksAndPads() {
        let batch = [[NDArray([1, 2] as [Float]), NDArray(scalar: 0, dtype: .int32)], [NDArray([3, 4] as [Float]), NDArray(scalar: 1, dtype: .int32)]]
        let arrays = concatExamples(batch)
        #expect(arrays[0].shape == [2, 2] && arrays[0].asArray(Float.self) == [1, 2, 3, 4])
        #expect(arrays[1].shape == [2] && arrays[1].dtype == .int32)
        let ragged = concatExamples([NDArray([1] as [Float]), NDArray([2, 3, 4] as [Float])], padding: -1)
        #expect(ragged.shape == [2, 3] && ragged.asArray(Float.self) == [1, -1, -1, 2, 3, 4])
        let dict = concatExamples([["a": NDArray([1] as [Float])], ["a": NDArray([2] as [Float])]])
        #expect(dict["a"]!.shape == [2, 1])
    }

    @Test func crossValidationFoldsPartitionTheData() {
        let ds = AnyDataset(Array(0..<7))
        let folds = getCrossValidationDatasets(ds, nFolds: 3)
        #expect(folds.count == 3)
        // Chainer's folds for 7 examples: test parts [4, 5, 6], [2, 3], [0, 1].
        #expect(folds.map { $0.1.allExamples } == [[4, 5, 6], [2, 3], [0, 1]])
        for (train, test) in folds { #expect((train.allExamples + test.allExamples).sorted() == Array(0..<7)) }
        let random = withSeed(1) { getCrossValidationDatasetsRandom(ds, nFolds: 2) }
        #expect(random.flatMap { $0.1.allExamples }.sorted() == Array(0..<7))
    }
}
