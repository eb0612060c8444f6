import ChainerArray
import Foundation

/// Why a dataset could not be loaded.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    /// A resource embedded in the package is missing.
    case missingResource(String)
    /// A file was found but could not be decoded.
    case badFile(String)
    /// The data must be downloaded, and this build works offline.
    case notAvailableOffline(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .missingResource(let s): "missing package resource: \(s)"
        case .badFile(let s): "bad dataset file: \(s)"
        case .notAvailableOffline(let s): "not available offline: \(s)"
        }
    }
}

/// Chainer's `chainer.datasets` loaders (`Datasets.mnist()`, …).
public enum Datasets {
    /// The number of embedded MNIST images used for training (the rest are the test set).
    public static let embeddedMNISTTrainCount = 8000

    /// The directory where downloadable datasets are kept: `$CHAINER_DATASET_ROOT`, else `~/.chainer/dataset`.
    public static var datasetRoot: URL {
        if let env = ProcessInfo.processInfo.environment["CHAINER_DATASET_ROOT"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".chainer/dataset")
    }

    /// MNIST as Chainer's `get_mnist`: the real 10 000-image set embedded in the package (the first 8000 images
    /// train, the last 2000 test), so results never depend on the machine. Images are `dtype` scaled to
    /// `[0, scale]`, shaped `(N, 784)` for `ndim` 1, `(N, 28, 28)` for 2, `(N, 1, 28, 28)` for 3; labels int32.
    /// `full: true` asks for the 70 000-image set, read from `datasetRoot/pfnet/chainer/mnist` when placed there.
    public static func mnist(withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32,
                             full: Bool = false) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        precondition([1, 2, 3].contains(ndim), "mnist: ndim must be 1, 2 or 3, got \(ndim)")
        precondition(dtype.isFloatingPoint, "mnist: dtype must be floating point, got \(dtype)")
        let trainX: NDArray, trainY: NDArray, testX: NDArray, testY: NDArray
        if full {
            let dir = datasetRoot.appendingPathComponent("pfnet/chainer/mnist")
            let names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
            let urls = names.map { dir.appendingPathComponent($0) }
            guard urls.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) else {
                throw .notAvailableOffline("the full MNIST set is not downloaded by this build; place \(names.joined(separator: ", ")) "
                                           + "(from https://ossci-datasets.s3.amazonaws.com/mnist/) in \(dir.path)")
            }
            trainX = try readIDX(urls[0]); trainY = try readIDX(urls[1])
            testX = try readIDX(urls[2]); testY = try readIDX(urls[3])
        } else {
            let (x, y) = try embeddedMNIST()
            let n = embeddedMNISTTrainCount
            trainX = x[..<n]; trainY = y[..<n]
            testX = x[n...]; testY = y[n...]
        }
        func images(_ raw: NDArray) -> NDArray {
            let shape: [Int] = switch ndim {
            case 1: [raw.shape[0], 784]
            case 2: [raw.shape[0], 28, 28]
            default: [raw.shape[0], 1, 28, 28]
            }
            // Scaled in place: a second full-size temporary would stay resident in the buffer pool.
            var x = raw.astype(dtype)
            x /= 255 / scale
            return x.reshaped(shape)
        }
        func make(_ x: NDArray, _ y: NDArray) -> TupleDataset {
            withLabel ? TupleDataset(images(x), y.astype(.int32)) : TupleDataset(images(x))
        }
        return (make(trainX, trainY), make(testX, testY))
    }

    /// The embedded 10 000 images (uint8, `(10000, 28, 28)`) and labels.
    static func embeddedMNIST() throws(DatasetError) -> (NDArray, NDArray) {
        func url(_ name: String) throws(DatasetError) -> URL {
            guard let u = Bundle.module.url(forResource: name, withExtension: "gz", subdirectory: "Resources/mnist")
                    ?? Bundle.module.url(forResource: name, withExtension: "gz") else {
                throw .missingResource("mnist/\(name).gz")
            }
            return u
        }
        let x = try readIDX(try url("t10k-images-idx3-ubyte"))
        let y = try readIDX(try url("t10k-labels-idx1-ubyte"))
        guard x.shape.count == 3, x.shape[1...] == [28, 28], y.shape == [x.shape[0]] else {
            throw .badFile("MNIST images \(x.shape) and labels \(y.shape) do not match")
        }
        return (x, y)
    }

    private static func readIDX(_ url: URL) throws(DatasetError) -> NDArray {
        do { return try IDX.read(url) } catch { throw .badFile("\(url.lastPathComponent): \(error)") }
    }
}
