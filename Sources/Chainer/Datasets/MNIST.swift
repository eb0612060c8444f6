import ChainerArray
import Foundation

/// Chainer's `chainer.datasets` loaders (`Datasets.mnist()`, …).
public enum Datasets {
    /// The number of embedded MNIST images used for training (the rest are the test set).
    public static let embeddedMNISTTrainCount = 8000

    /// The directory where downloadable datasets are kept: `$CHAINER_DATASET_ROOT`, else `~/.chainer/dataset`.
    /// Each dataset has its own directory below it, as Chainer lays them out: `pfnet/chainer/<name>/`.
    public static var datasetRoot: URL {
        if let env = ProcessInfo.processInfo.environment["CHAINER_DATASET_ROOT"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".chainer/dataset")
    }

    /// A mirror to download from instead of the official addresses: `$CHAINER_DATASET_URL`, laid out like the
    /// dataset root (a file is fetched from `<mirror>/pfnet/chainer/<name>/<file>`), or nil.
    public static var datasetURL: String? {
        guard let env = ProcessInfo.processInfo.environment["CHAINER_DATASET_URL"], !env.isEmpty else { return nil }
        return env
    }

    /// MNIST as Chainer's `get_mnist`: the real 10 000-image set embedded in the package (the first 8000 images
    /// train, the last 2000 test), so results never depend on the machine. Images are `dtype` scaled to
    /// `[0, scale]`, shaped `(N, 784)` for `ndim` 1, `(N, 28, 28)` for 2, `(N, 1, 28, 28)` for 3 (`(N, 3, 28, 28)`
    /// with `rgbFormat`); labels `labelDType`. `full: true` gives the official 60 000 train and 10 000 test images
    /// instead, downloaded once into `datasetRoot/pfnet/chainer/mnist/`, verified against SHA-256 sums kept in the
    /// code, and read from there afterwards without network; offline, the error says which files to place there by
    /// hand.
    public static func mnist(withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32,
                             labelDType: DType = .int32, rgbFormat: Bool = false,
                             full: Bool = false) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        if full {
            return try mnist(withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype, labelDType: labelDType,
                             rgbFormat: rgbFormat, store: .standard)
        }
        let format = MNISTFormat("mnist", withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype,
                                 labelDType: labelDType, rgbFormat: rgbFormat)
        let (x, y) = try embeddedMNIST()
        let n = embeddedMNISTTrainCount
        // The embedded set divides by 255 / scale (Chainer multiplies by scale / 255; the two differ by at most one
        // float32 ulp): kept as it was so results on the embedded set never change.
        func make(_ raw: NDArray, _ labels: NDArray) -> TupleDataset {
            // Scaled in place: a second full-size temporary would stay resident in the buffer pool.
            var images = raw.astype(dtype)
            images /= 255 / scale
            return format.dataset(images, labels)
        }
        return (make(x[..<n], y[..<n]), make(x[n...], y[n...]))
    }

    /// The full MNIST set from `store` (`mnist(full: true)` with the cache and sums a test supplies).
    static func mnist(withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32,
                      labelDType: DType = .int32, rgbFormat: Bool = false, store: DatasetStore)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try idxDataset(Manifests.mnist, store: store,
                       MNISTFormat("mnist", withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype,
                                   labelDType: labelDType, rgbFormat: rgbFormat))
    }

    /// The embedded 10 000 images (uint8, `(10000, 28, 28)`) and labels.
    static func embeddedMNIST() throws(DatasetError) -> (NDArray, NDArray) {
        try mnistPair(images: try embeddedMNISTFile("t10k-images-idx3-ubyte.gz"),
                      labels: try embeddedMNISTFile("t10k-labels-idx1-ubyte.gz"))
    }

    /// The path of an embedded MNIST file (`t10k-images-idx3-ubyte.gz` or `t10k-labels-idx1-ubyte.gz`).
    static func embeddedMNISTFile(_ fileName: String) throws(DatasetError) -> URL {
        let name = String(fileName.dropLast(3))
        guard let u = Bundle.module.url(forResource: name, withExtension: "gz", subdirectory: "Resources/mnist")
                ?? Bundle.module.url(forResource: name, withExtension: "gz") else {
            throw .missingResource("mnist/\(fileName)")
        }
        return u
    }
}
