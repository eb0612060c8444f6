import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// The download-verify-cache path. Every store points at a temporary root and at a closed local port (or at a
/// local HTTP server this test starts), so nothing here reaches the network or ~/.chainer.
@Suite struct DatasetStoreTests {
    private let manifest = DatasetManifest(name: "toy", title: "Toy", files: [
        DatasetFile(name: "a.bin", url: "https://example.invalid/a.bin", sha256: String(repeating: "0", count: 64)),
        DatasetFile(name: "b.txt", url: "https://example.invalid/b.txt", sha256: String(repeating: "1", count: 64)),
    ])

    @Test func cachedFilesWithMatchingSumsAreUsedWithoutNetwork() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try DatasetTestSupport.store(root: root, dataset: "toy", files: [("a.bin", Data([1, 2, 3])), ("b.txt", Data("hi".utf8))])
        let paths = try store.fetch(manifest)
        #expect(paths.map(\.lastPathComponent) == ["a.bin", "b.txt"])
        #expect(paths[0].path == root.appendingPathComponent("pfnet/chainer/toy/a.bin").path)
        #expect(try Data(contentsOf: paths[1]) == Data("hi".utf8))
    }

    @Test func aCachedFileWithTheWrongSumIsRejectedByName() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        var store = try DatasetTestSupport.store(root: root, dataset: "toy", files: [("a.bin", Data([1, 2, 3])), ("b.txt", Data("hi".utf8))])
        let good = store.sha256Overrides["b.txt"]!
        store.sha256Overrides["b.txt"] = String(repeating: "ab", count: 32)
        do {
            _ = try store.fetch(manifest)
            Issue.record("expected the file with the wrong sum to be refused")
        } catch {
            guard case .checksumMismatch(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains(root.appendingPathComponent("pfnet/chainer/toy/b.txt").path))
            #expect(message.contains(good) && message.contains(String(repeating: "ab", count: 32)))
            #expect(message.contains("delete it"))
        }
        // The refused file is left for the user to inspect, never replaced behind their back.
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("pfnet/chainer/toy/b.txt").path))
    }

    @Test func offlineMessageNamesTheDirectoryFilesAndURLs() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let store = DatasetStore(root: root, mirror: DatasetTestSupport.closedPort)
        do {
            _ = try Datasets.mnist(store: store)
            Issue.record("expected the download from a closed port to fail")
        } catch {
            guard case .notAvailableOffline(let message) = error else { Issue.record("wrong error \(error)"); return }
            let dir = root.appendingPathComponent("pfnet/chainer/mnist").path
            #expect(message.contains("\(dir)/"))
            for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
                #expect(message.contains(name))
                #expect(message.contains("http://127.0.0.1:9/pfnet/chainer/mnist/\(name)"))
            }
            #expect(message.contains("cannot download train-images-idx3-ubyte.gz from http://127.0.0.1:9/"))
            #expect(message.contains("CHAINER_DATASET_ROOT"))
            #expect(message.contains("place them, with exactly these names") && message.contains("(train.npz and test.npz)"))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("pfnet/chainer/mnist").path)
        #expect(left.isEmpty, "no partial or temporary file may stay behind: \(left)")
    }

    @Test func officialURLsAreUsedWithoutAMirror() {
        let store = DatasetStore(root: URL(fileURLWithPath: "/nonexistent"), mirror: nil)
        #expect(store.url(of: Manifests.mnist.files[0], in: Manifests.mnist)
                == "https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz")
        let mirrored = DatasetStore(root: URL(fileURLWithPath: "/nonexistent"), mirror: "http://mirror.example/data/")
        #expect(mirrored.url(of: Manifests.ptb.files[1], in: Manifests.ptb) == "http://mirror.example/data/pfnet/chainer/ptb/ptb.valid.txt")
        let placement = store.placement(Manifests.cifar10)
        #expect(placement.contains("/nonexistent/pfnet/chainer/cifar/") && placement.contains("cifar-10-binary.tar.gz"))
        #expect(placement.contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"))
        #expect(placement.contains("place it, with exactly this name") && placement.contains("(cifar-10.npz) is used"))
    }

    /// The embedded MNIST test files were re-compressed (their .gz sums differ from the mirror's) but hold the
    /// official data: their gunzipped sums are the published ones, so placed by hand they are accepted.
    @Test func recompressedMNISTCopiesAreAcceptedByContent() throws {
        let root = try DatasetTestSupport.root()
        defer { try? FileManager.default.removeItem(at: root) }
        let dir = root.appendingPathComponent("pfnet/chainer/mnist")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let testFiles = Array(Manifests.mnist.files[2...])
        for file in testFiles {
            try FileManager.default.copyItem(at: try Datasets.embeddedMNISTFile(file.name), to: dir.appendingPathComponent(file.name))
            #expect(try SHA256.hex(fileAt: dir.appendingPathComponent(file.name)) != file.sha256)
        }
        let store = DatasetStore(root: root, mirror: DatasetTestSupport.closedPort)
        let paths = try store.fetch(DatasetManifest(name: "mnist", title: "MNIST test", files: testFiles))
        #expect(try IDX.read(paths[0]).shape == [10000, 28, 28])
        // A different file with the same name is still refused.
        try Gzip.compress(Data([0, 0, 8, 1, 0, 0, 0, 0])).write(to: paths[1])
        #expect(throws: DatasetError.self) { try store.fetch(DatasetManifest(name: "mnist", title: "MNIST test", files: testFiles)) }
    }
}
