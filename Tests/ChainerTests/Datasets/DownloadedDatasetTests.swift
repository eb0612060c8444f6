import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// The loaders of downloadable datasets, each on small files in the real format that the test writes into a
/// temporary dataset root with the sums it supplies (the mirror is a closed port: no network).
/// Pixel references from NumPy 1.26 as Chainer 7.8.1 scales them: `x.astype(float32); x *= scale / 255.`.
@Suite struct DownloadedDatasetTests {
    private func mnistStore(_ root: URL, dataset: String, trainCount: Int = 5, testCount: Int = 3) throws
        -> (DatasetStore, train: (pixels: [UInt8], labels: [UInt8]), test: (pixels: [UInt8], labels: [UInt8])) {
        let train = try DatasetTestSupport.mnistFiles(count: trainCount, seed: 1)
        let test = try DatasetTestSupport.mnistFiles(count: testCount, seed: 2)
        let store = try DatasetTestSupport.store(root: root, dataset: dataset, files: [
            ("train-images-idx3-ubyte.gz", train.images), ("train-labels-idx1-ubyte.gz", train.labels),
            ("t10k-images-idx3-ubyte.gz", test.images), ("t10k-labels-idx1-ubyte.gz", test.labels),
        ])
        return (store, (train.pixels, train.labelValues), (test.pixels, test.labelValues))
    }

    @Test func fullMNISTReadsTheCachedIDXFiles() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let (store, train, test) = try mnistStore(root, dataset: "mnist")
        let (tr, te) = try Datasets.mnist(store: store)
        #expect(tr.count == 5 && te.count == 3)
        #expect(tr.arrays[0].shape == [5, 784] && tr.arrays[0].dtype == .float32)
        #expect(tr.arrays[1].dtype == .int32 && tr.arrays[1].asArray(Int32.self) == train.labels.map(Int32.init))
        #expect(te.arrays[1].asArray(Int32.self) == test.labels.map(Int32.init))
        #expect(tr.arrays[0].asArray(Float.self) == train.pixels.map { Float($0) * Float(1.0 / 255) })
        #expect(te.arrays[0].asArray(Float.self) == test.pixels.map { Float($0) * Float(1.0 / 255) })

        let (images3, _) = try Datasets.mnist(withLabel: false, ndim: 3, scale: 2.5, dtype: .float64, store: store)
        #expect(images3.arrays.count == 1 && images3.arrays[0].shape == [5, 1, 28, 28] && images3.arrays[0].dtype == .float64)
        let (images2, _) = try Datasets.mnist(ndim: 2, store: store)
        #expect(images2.arrays[0].shape == [5, 28, 28])
    }

    @Test func fullMNISTCachesItsArraysAsChainerDoes() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let (store, train, test) = try mnistStore(root, dataset: "mnist")
        let (first, _) = try Datasets.mnist(store: store)
        let dir = root.appendingPathComponent("pfnet/chainer/mnist")
        let trainCache = try NPZ.read(dir.appendingPathComponent("train.npz"))
        #expect(Set(trainCache.keys) == ["x", "y"] && trainCache["x"]!.dtype == .uint8 && trainCache["x"]!.shape == [5, 784])
        #expect(trainCache["x"]!.asArray(UInt8.self) == train.pixels && trainCache["y"]!.asArray(UInt8.self) == train.labels)
        let testCache = try NPZ.read(dir.appendingPathComponent("test.npz"))
        #expect(testCache["y"]!.dtype == .uint8 && testCache["y"]!.asArray(UInt8.self) == test.labels)

        // With the IDX files gone, the caches alone give the same dataset.
        for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                     "t10k-labels-idx1-ubyte.gz"] {
            try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
        }
        let (again, _) = try Datasets.mnist(store: store)
        #expect(again.arrays[0].asArray(Float.self) == first.arrays[0].asArray(Float.self))
        #expect(again.arrays[1].asArray(Int32.self) == first.arrays[1].asArray(Int32.self))
    }

    /// With only one of the two caches present, both sets come from the IDX files, and both caches are rewritten.
    @Test func aLoneMNISTCacheIsRebuiltFromTheIDXFiles() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let (store, train, _) = try mnistStore(root, dataset: "mnist")
        let dir = root.appendingPathComponent("pfnet/chainer/mnist")
        try FileManager.default.copyItem(at: Fixture.url("chainer_mnist_train.npz"), to: dir.appendingPathComponent("train.npz"))
        let (tr, _) = try Datasets.mnist(scale: 255, store: store)
        #expect(tr.count == 5 && tr.arrays[0].asArray(Float.self) == train.pixels.map(Float.init))
        #expect(try NPZ.read(dir.appendingPathComponent("train.npz"))["x"]!.shape == [5, 784])
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("test.npz").path))
    }

    /// The `train.npz` / `test.npz` Chainer 7.8.1's own `make_npz` wrote (scripts/fixtures/mnist_cache.py) serve
    /// offline, for Fashion-MNIST's directory too.
    @Test func mnistFamilyReadsCachesChainerWrote() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [("train.npz", try Data(contentsOf: Fixture.url("chainer_mnist_train.npz"))),
                     ("test.npz", try Data(contentsOf: Fixture.url("chainer_mnist_test.npz")))]
        func pixels(_ n: Int) -> [Float] { (0..<n).flatMap { i in (0..<784).map { p in Float((5 * i + 11 * p) % 256) } } }
        for dataset in ["mnist", "fashion-mnist"] {
            let store = try DatasetTestSupport.store(root: root, dataset: dataset, files: files)
            let (train, test) = dataset == "mnist" ? try Datasets.mnist(ndim: 3, scale: 255, store: store)
                                                   : try Datasets.fashionMNIST(ndim: 3, scale: 255, store: store)
            #expect(train.arrays[0].shape == [6, 1, 28, 28] && test.arrays[0].shape == [4, 1, 28, 28])
            #expect(train.arrays[0].asArray(Float.self) == pixels(6) && test.arrays[0].asArray(Float.self) == pixels(4))
            #expect(train.arrays[1].asArray(Int32.self) == [0, 1, 2, 3, 4, 5])
            #expect(test.arrays[1].asArray(Int32.self) == [9, 8, 7, 6])
        }
        // A damaged cache is refused by name rather than silently re-downloaded over.
        let wrong = try NPZ.encode(["x": NDArray.zeros([2, 10], dtype: .uint8)])
        let store = try DatasetTestSupport.store(root: root, dataset: "kuzushiji_mnist",
                                                 files: [("train.npz", wrong), ("test.npz", wrong)])
        do {
            _ = try Datasets.kuzushijiMNIST(store: store)
            Issue.record("a damaged cache was accepted")
        } catch {
            #expect(error.description.contains("train.npz") && error.description.contains("x uint8 [2, 10]"), "\(error)")
        }
    }

    @Test func scalingRoundsAsChainer() throws {
        let pixels: [UInt8] = [3, 6, 7, 128, 255]
        let scaled = Datasets.scaledImages(NDArray(pixels, shape: [5]), dtype: .float32, scale: 1)
        #expect(scaled.asArray(Float.self) == [0x1.818184p-7, 0x1.818184p-6, 0x1.c1c1c4p-6, 0x1.010102p-1, 1])
        let scaled25 = Datasets.scaledImages(NDArray(pixels, shape: [5]), dtype: .float32, scale: 2.5)
        #expect(scaled25.asArray(Float.self) == [0.029411766678094864, 0.05882353335618973, 0.06862745434045792, 1.2549020051956177, 2.5])
    }

    @Test func fashionAndKuzushijiUseTheirOwnDirectories() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let (fashionStore, fashionTrain, _) = try mnistStore(root, dataset: "fashion-mnist", trainCount: 4)
        let (fashion, _) = try Datasets.fashionMNIST(ndim: 3, store: fashionStore)
        #expect(fashion.arrays[0].shape == [4, 1, 28, 28])
        #expect(fashion.arrays[1].asArray(Int32.self) == fashionTrain.labels.map(Int32.init))
        // The Kuzushiji directory is still empty: its loader must not read Fashion-MNIST's files.
        #expect(throws: DatasetError.self) { try Datasets.kuzushijiMNIST(store: fashionStore) }
        let (kStore, _, kTest) = try mnistStore(root, dataset: "kuzushiji_mnist", testCount: 2)
        let (_, kuzushiji) = try Datasets.kuzushijiMNIST(scale: 255, store: kStore)
        #expect(kuzushiji.arrays[0].asArray(Float.self) == kTest.pixels.map { Float($0) })
        #expect(Datasets.fashionMNISTLabels.count == 10 && Datasets.fashionMNISTLabels[9] == "Ankle boot")
        #expect(Datasets.kuzushijiMNISTLabels[1] == ("ki", "\u{304D}"))
    }

    @Test func mismatchedMNISTFilesAreRefused() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let five = try DatasetTestSupport.mnistFiles(count: 5, seed: 1)
        let four = try DatasetTestSupport.mnistFiles(count: 4, seed: 1)
        let store = try DatasetTestSupport.store(root: root, dataset: "mnist", files: [
            ("train-images-idx3-ubyte.gz", five.images), ("train-labels-idx1-ubyte.gz", four.labels),
            ("t10k-images-idx3-ubyte.gz", five.images), ("t10k-labels-idx1-ubyte.gz", five.labels),
        ])
        do {
            _ = try Datasets.mnist(store: store)
            Issue.record("expected 5 images with 4 labels to be refused")
        } catch {
            #expect(error.description.contains("train-labels-idx1-ubyte.gz") && error.description.contains("[4]"))
        }
    }

    /// CIFAR binary records: label byte(s), then 1024 red, 1024 green and 1024 blue bytes.
    private func cifarRecords(count: Int, seed: Int, labelBytes: Int) -> (Data, pixels: [UInt8], labels: [UInt8]) {
        var out = Data(), pixels: [UInt8] = [], labels: [UInt8] = []
        for i in 0..<count {
            let label = UInt8((i * 7 + seed) % (labelBytes == 1 ? 10 : 100))
            let image = DatasetTestSupport.bytes(3072, seed: seed * 100 + i)
            if labelBytes == 2 { out.append(UInt8(label / 5)) }
            out.append(label)
            out.append(contentsOf: image)
            pixels += image
            labels.append(label)
        }
        return (out, pixels, labels)
    }

    /// A CIFAR-10 binary archive of five 2-image batches and a 3-image test batch in a store under `root`.
    private func cifar10Store(_ root: URL) throws
        -> (DatasetStore, batches: [(Data, pixels: [UInt8], labels: [UInt8])], test: (Data, pixels: [UInt8], labels: [UInt8])) {
        let batches = (1...5).map { cifarRecords(count: 2, seed: $0, labelBytes: 1) }
        let test = cifarRecords(count: 3, seed: 9, labelBytes: 1)
        var members = batches.enumerated().map { ("cifar-10-batches-bin/data_batch_\($0.offset + 1).bin", $0.element.0) }
        members.insert(("cifar-10-batches-bin/batches.meta.txt", Data("airplane\n".utf8)), at: 0)
        members.append(("cifar-10-batches-bin/test_batch.bin", test.0))
        let archive = Gzip.compress(DatasetTestSupport.tar(members))
        return (try DatasetTestSupport.store(root: root, dataset: "cifar", files: [("cifar-10-binary.tar.gz", archive)]), batches, test)
    }

    @Test func cifar10ReadsTheBinaryArchive() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let (store, batches, test) = try cifar10Store(root)

        let (train, testSet) = try Datasets.cifar10(store: store)
        #expect(train.count == 10 && testSet.count == 3)
        #expect(train.arrays[0].shape == [10, 3, 32, 32] && train.arrays[0].dtype == .float32)
        #expect(train.arrays[1].dtype == .int32 && train.arrays[1].asArray(Int32.self) == batches.flatMap(\.labels).map(Int32.init))
        #expect(train.arrays[0].asArray(Float.self) == batches.flatMap(\.pixels).map { Float($0) * Float(1.0 / 255) })
        // Channel planes: image 0's green channel starts at byte 1024 of its record.
        #expect(testSet[0][0][1, 0, 0].item() == Double(Float(test.pixels[1024]) * Float(1.0 / 255)))
        let (flat, _) = try Datasets.cifar10(withLabel: false, ndim: 1, scale: 255, dtype: .float64, store: store)
        #expect(flat.arrays.count == 1 && flat.arrays[0].shape == [10, 3072] && flat.arrays[0].dtype == .float64)
        #expect(flat.arrays[0].asArray(Double.self) == batches.flatMap(\.pixels).map(Double.init))
    }

    @Test func cifar10CachesItsArraysAsChainerDoes() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let (store, batches, test) = try cifar10Store(root)
        let (first, _) = try Datasets.cifar10(store: store)

        let dir = root.appendingPathComponent("pfnet/chainer/cifar")
        let cache = try NPZ.read(dir.appendingPathComponent("cifar-10.npz"))
        #expect(Set(cache.keys) == ["train_x", "train_y", "test_x", "test_y"])
        #expect(cache["train_x"]!.dtype == .uint8 && cache["train_x"]!.shape == [10, 3072])
        #expect(cache["train_y"]!.dtype == .uint8 && cache["train_y"]!.asArray(UInt8.self) == batches.flatMap(\.labels))
        #expect(cache["test_x"]!.asArray(UInt8.self) == test.pixels && cache["test_y"]!.shape == [3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.hasSuffix(".tmp") })

        // With the archive gone, the cache alone gives the same dataset.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("cifar-10-binary.tar.gz"))
        let (again, _) = try Datasets.cifar10(store: store)
        #expect(again.arrays[0].asArray(Float.self) == first.arrays[0].asArray(Float.self))
        #expect(again.arrays[1].dtype == .int32 && again.arrays[1].asArray(Int32.self) == first.arrays[1].asArray(Int32.self))
    }

    /// A cache NumPy wrote the way Chainer's `get_cifar10` does (scripts/fixtures/cifar_cache.py) is read as it is.
    @Test func cifar10ReadsACacheChainerWrote() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try DatasetTestSupport.store(root: root, dataset: "cifar", files: [
            ("cifar-10.npz", try Data(contentsOf: Fixture.url("chainer_cifar10_cache.npz")))])
        let (train, test) = try Datasets.cifar10(ndim: 1, scale: 255, store: store)
        #expect(train.count == 6 && test.count == 4)
        let expected = (0..<6).flatMap { i in (0..<3072).map { p in Float((7 * i + 3 * p) % 256) } }
        #expect(train.arrays[0].asArray(Float.self) == expected)
        #expect(train.arrays[1].asArray(Int32.self) == [0, 1, 2, 3, 4, 5])
        #expect(test.arrays[1].asArray(Int32.self) == [9, 8, 7, 6])
    }

    @Test func damagedCIFARCachesAreRefusedByName() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let wrong = try NPZ.encode(["train_x": NDArray.zeros([2, 10], dtype: .uint8)])
        for (bytes, words) in [(Data("not a zip".utf8), "cifar-10.npz"), (wrong, "train_x uint8 [2, 10]")] {
            let store = try DatasetTestSupport.store(root: root, dataset: "cifar", files: [("cifar-10.npz", bytes)])
            do {
                _ = try Datasets.cifar10(store: store)
                Issue.record("a damaged cache was accepted")
            } catch {
                #expect(error.description.contains(words) && error.description.contains("delete it"), "\(error)")
            }
        }
    }

    @Test func cifar100KeepsTheFineLabels() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let train = cifarRecords(count: 4, seed: 3, labelBytes: 2)
        let test = cifarRecords(count: 2, seed: 4, labelBytes: 2)
        let archive = Gzip.compress(DatasetTestSupport.tar([("cifar-100-binary/train.bin", train.0), ("cifar-100-binary/test.bin", test.0)]))
        let store = try DatasetTestSupport.store(root: root, dataset: "cifar", files: [("cifar-100-binary.tar.gz", archive)])
        let (tr, te) = try Datasets.cifar100(store: store)
        #expect(tr.arrays[1].asArray(Int32.self) == train.labels.map(Int32.init))
        #expect(te.arrays[1].asArray(Int32.self) == test.labels.map(Int32.init))
        #expect(tr.arrays[0].asArray(Float.self) == train.pixels.map { Float($0) * Float(1.0 / 255) })
    }

    @Test func damagedCIFARArchivesAreRefused() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let short = Data(count: 3074 + 100)
        let archive = Gzip.compress(DatasetTestSupport.tar([("cifar-100-binary/train.bin", short), ("cifar-100-binary/test.bin", short)]))
        let store = try DatasetTestSupport.store(root: root, dataset: "cifar", files: [("cifar-100-binary.tar.gz", archive)])
        do {
            _ = try Datasets.cifar100(store: store)
            Issue.record("expected a partial record to be refused")
        } catch {
            #expect(error.description.contains("cifar-100-binary/train.bin") && error.description.contains("3074-byte records"))
        }
        let other = try DatasetTestSupport.store(root: root, dataset: "cifar", files: [("cifar-10-binary.tar.gz", archive)])
        do {
            _ = try Datasets.cifar10(store: other)
            Issue.record("expected a missing member to be refused")
        } catch {
            #expect(error.description.contains("data_batch_1.bin"))
        }
    }

    /// Chainer's `_load_words` appends `<eos>` to every line (blank ones too) and numbers words by first
    /// appearance in the training text: for these files the vocabulary is a 0, b 1, c 2, <eos> 3, d 4.
    @Test func ptbWordsNumberWordsAsChainer() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try DatasetTestSupport.store(root: root, dataset: "ptb", files: [
            ("ptb.train.txt", Data(" a b  c \n b c d\n".utf8)), ("ptb.valid.txt", Data("d a\n\n".utf8)),
            ("ptb.test.txt", Data("c".utf8)),
        ])
        let (train, valid, test) = try Datasets.ptbWords(store: store)
        #expect(train.dtype == .int32 && train.asArray(Int32.self) == [0, 1, 2, 3, 1, 2, 4, 3])
        #expect(valid.asArray(Int32.self) == [4, 0, 3, 3])
        #expect(test.asArray(Int32.self) == [2, 3])
        #expect(try Datasets.ptbWordsVocabulary(store: store) == ["a": 0, "b": 1, "c": 2, "<eos>": 3, "d": 4])
    }

    @Test func ptbWordsRefuseUnknownWords() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try DatasetTestSupport.store(root: root, dataset: "ptb", files: [
            ("ptb.train.txt", Data("a b\n".utf8)), ("ptb.valid.txt", Data("a zebra\n".utf8)), ("ptb.test.txt", Data("b\n".utf8)),
        ])
        do {
            _ = try Datasets.ptbWords(store: store)
            Issue.record("expected an unknown word to be refused")
        } catch {
            #expect(error.description.contains("ptb.valid.txt") && error.description.contains("zebra"))
        }
    }
}
