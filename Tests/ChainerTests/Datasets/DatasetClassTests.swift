import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// Orders and partitions compared with Chainer 7.8.1 on the same inputs (`chainer.datasets.split_dataset`,
/// `split_dataset_n`, `get_cross_validation_datasets`, `ConcatenatedDataset`), quoted beside each check.
@Suite struct DatasetClassTests {
    private let ten = AnyDataset(Array(0..<10))

    @Test func subDatasetsFollowTheirOrder() {
        let reversed = Array((0..<10).reversed())
        // split_dataset(range(10), 4, order=[9, ..., 0]) -> [9, 8, 7, 6], [5, 4, 3, 2, 1, 0]
        let (a, b) = splitDataset(ten, 4, order: reversed)
        #expect(a.allExamples == [9, 8, 7, 6] && b.allExamples == [5, 4, 3, 2, 1, 0])
        let sub = SubDataset(ten, start: 2, finish: 5, order: reversed)
        #expect(sub.count == 3 && sub.allExamples == [7, 6, 5])
        #expect(ten[7...].allExamples == [7, 8, 9] && ten[..<2].allExamples == [0, 1])
        #expect(splitDataset(ten, 0).0.count == 0 && splitDataset(ten, 10).1.count == 0)
    }

    @Test func splitNWithAnOrder() {
        // split_dataset_n(range(10), 4, order=[3, 1, 4, 0, 5, 9, 2, 6, 8, 7]) -> [3, 1], [4, 0], [5, 9], [2, 6]
        let parts = splitDatasetN(ten, 4, order: [3, 1, 4, 0, 5, 9, 2, 6, 8, 7])
        #expect(parts.map(\.allExamples) == [[3, 1], [4, 0], [5, 9], [2, 6]])
        let random = withSeed(11) { splitDatasetNRandom(ten, 3) }
        let seen = random.flatMap(\.allExamples)
        #expect(random.map(\.count) == [3, 3, 3] && Set(seen).count == 9)
    }

    @Test func crossValidationWithAnOrder() {
        // get_cross_validation_datasets(range(7), 3, order=[6, 2, 5, 0, 4, 1, 3])
        let folds = getCrossValidationDatasets(AnyDataset(Array(0..<7)), nFolds: 3, order: [6, 2, 5, 0, 4, 1, 3])
        #expect(folds.map(\.0.allExamples) == [[6, 2, 5, 0], [4, 1, 3, 6, 2], [5, 0, 4, 1, 3]])
        #expect(folds.map(\.1.allExamples) == [[4, 1, 3], [5, 0], [6, 2]])
    }

    @Test func concatenatedDatasetsSkipEmptyParts() {
        // ConcatenatedDataset([1, 2], [], [3, 4, 5]) -> 1, 2, 3, 4, 5
        let cat = ConcatenatedDataset(AnyDataset([1, 2]), AnyDataset([Int]()), AnyDataset([3, 4, 5]))
        #expect(cat.allExamples == [1, 2, 3, 4, 5])
        let x = TupleDataset(NDArray([1, 2] as [Float])), y = TupleDataset(NDArray([3] as [Float]))
        let tuples = ConcatenatedDataset(x, y)
        #expect(tuples.count == 3 && tuples[2][0].item() == 3)
        let empty = ConcatenatedDataset<Int>([])
        #expect(empty.count == 0)
    }

    @Test func transformAndDictDatasetsKeepTheirShapes() {
        let dict = DictDataset(["x": NDArray.arange(6, dtype: .float32).reshaped(3, 2), "t": NDArray([0, 1, 2] as [Int32])])
        #expect(dict.count == 3 && dict[1]["x"]!.asArray(Float.self) == [2, 3] && dict[2]["t"]!.item() == 2)
        let sums = TransformDataset(dict) { ex in ex["x"]!.sum().item() + ex["t"]!.item() }
        #expect(sums.allExamples == [1, 6, 11])
    }

    @Test func textDatasetFiltersLinesAcrossFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainer-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let en = dir.appendingPathComponent("en.txt"), ja = dir.appendingPathComponent("ja.txt")
        try "hello\n\nbye\n".write(to: en, atomically: true, encoding: .utf8)
        try "konnichiwa\nxxx\nsayonara\n".write(to: ja, atomically: true, encoding: .utf8)
        let pairs = try TextDataset(paths: [en.path, ja.path]) { lines in !lines[0].isEmpty }
        #expect(pairs.count == 2 && pairs[0] == ["hello", "konnichiwa"] && pairs[1] == ["bye", "sayonara"])
    }

    @Test func imageListsAcceptTabsAndListFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainer-images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try PNG.write(NDArray([1, 2, 3, 4, 5, 6] as [UInt8], shape: [2, 3]), to: dir.appendingPathComponent("g.png"))
        try "g.png\t4\n\n".write(to: dir.appendingPathComponent("labels.txt"), atomically: true, encoding: .utf8)
        try "g.png\ng.png\n".write(to: dir.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
        let labeled = try LabeledImageDataset(listFile: dir.appendingPathComponent("labels.txt").path, root: dir.path, labelDType: .int64)
        #expect(labeled.count == 1 && labeled[0][1].item() == 4 && labeled[0][1].dtype == .int64)
        #expect(labeled[0][0].shape == [1, 2, 3] && labeled[0][0].asArray(Float.self) == [1, 2, 3, 4, 5, 6])
        let images = try ImageDataset(listFile: dir.appendingPathComponent("list.txt").path, root: dir.path, dtype: .float64)
        #expect(images.count == 2 && images[1].dtype == .float64)
        try "g.png four\n".write(to: dir.appendingPathComponent("bad.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try LabeledImageDataset(listFile: dir.appendingPathComponent("bad.txt").path, root: dir.path)
            Issue.record("expected a non-numeric label to be refused")
        } catch {
            #expect(error.description.contains("bad.txt line 1"))
        }
    }
}
