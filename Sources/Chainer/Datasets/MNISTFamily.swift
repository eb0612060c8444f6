import ChainerArray
import Foundation

extension Datasets {
    /// The class names of Fashion-MNIST, by label (Chainer's `get_fashion_mnist_labels`).
    public static let fashionMNISTLabels = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// The classes of Kuzushiji-MNIST, by label: romaji and the character (Chainer's `get_kuzushiji_mnist_labels`).
    public static let kuzushijiMNISTLabels: [(romaji: String, character: String)] = [
        ("o", "\u{304A}"), ("ki", "\u{304D}"), ("su", "\u{3059}"), ("tsu", "\u{3064}"), ("na", "\u{306A}"),
        ("ha", "\u{306F}"), ("ma", "\u{307E}"), ("ya", "\u{3084}"), ("re", "\u{308C}"), ("wo", "\u{3092}"),
    ]

    /// Fashion-MNIST as Chainer's `get_fashion_mnist`: 60 000 train and 10 000 test 28×28 greyscale images of
    /// clothes in 10 classes, with `mnist`'s options. Downloaded once into
    /// `datasetRoot/pfnet/chainer/fashion-mnist/` and verified by SHA-256.
    public static func fashionMNIST(withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32,
                                    labelDType: DType = .int32, rgbFormat: Bool = false)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try fashionMNIST(withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype, labelDType: labelDType,
                         rgbFormat: rgbFormat, store: .standard)
    }

    /// Kuzushiji-MNIST as Chainer's `get_kuzushiji_mnist`: 60 000 train and 10 000 test 28×28 images of cursive
    /// Japanese characters in 10 classes, with `mnist`'s options. Downloaded once into
    /// `datasetRoot/pfnet/chainer/kuzushiji_mnist/` and verified by SHA-256.
    public static func kuzushijiMNIST(withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32,
                                      labelDType: DType = .int32, rgbFormat: Bool = false)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try kuzushijiMNIST(withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype, labelDType: labelDType,
                           rgbFormat: rgbFormat, store: .standard)
    }

    static func fashionMNIST(withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32,
                             labelDType: DType = .int32, rgbFormat: Bool = false, store: DatasetStore)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try idxDataset(Manifests.fashionMNIST, store: store,
                       MNISTFormat("fashionMNIST", withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype,
                                   labelDType: labelDType, rgbFormat: rgbFormat))
    }

    static func kuzushijiMNIST(withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32,
                               labelDType: DType = .int32, rgbFormat: Bool = false, store: DatasetStore)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try idxDataset(Manifests.kuzushijiMNIST, store: store,
                       MNISTFormat("kuzushijiMNIST", withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype,
                                   labelDType: labelDType, rgbFormat: rgbFormat))
    }

    /// The train and test sets of an MNIST-format dataset whose manifest lists train images, train labels, test
    /// images and test labels, preprocessed as Chainer's `preprocess_mnist` does. The raw arrays come from Chainer's
    /// cache (`train.npz` and `test.npz`: uint8 `x` (N, 784) and `y` (N)) when both are in the dataset's directory,
    /// else from the downloaded IDX files, after which that cache is written for the next call (and for Chainer).
    static func idxDataset(_ manifest: DatasetManifest, store: DatasetStore, _ format: MNISTFormat)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        let dir = store.directory(of: manifest)
        let caches = manifest.caches.map { dir.appendingPathComponent($0) }
        var raw = try caches.map { (url) throws(DatasetError) -> (NDArray, NDArray)? in try readMNISTCache(url) }
        if raw.contains(where: { $0 == nil }) {
            let paths = try store.fetch(manifest)
            raw = [try mnistPair(images: paths[0], labels: paths[1]), try mnistPair(images: paths[2], labels: paths[3])]
            for (url, pair) in zip(caches, raw) {
                let (x, y) = pair!
                ArrayCache.write(["x": x.reshaped([x.shape[0], 784]), "y": y], to: url)
            }
        }
        func make(_ pair: (NDArray, NDArray)?) -> TupleDataset {
            format.dataset(scaledImages(pair!.0, dtype: format.dtype, scale: format.scale), pair!.1)
        }
        return (make(raw[0]), make(raw[1]))
    }

    /// The images (uint8, (N, 784)) and labels (uint8, (N)) of one of Chainer's MNIST cache files, or nil when
    /// there is none.
    private static func readMNISTCache(_ url: URL) throws(DatasetError) -> (NDArray, NDArray)? {
        guard let arrays = try ArrayCache.read(url) else { return nil }
        return try ArrayCache.imagesAndLabels(arrays, url, images: "x", labels: "y", pixels: 784)
    }

    /// uint8 pixels as `dtype` in `[0, scale]`, rounded as Chainer's `images *= scale / 255.` rounds.
    static func scaledImages(_ raw: NDArray, dtype: DType, scale: Double) -> NDArray {
        var images = raw.astype(dtype)
        images *= scale / 255
        return images
    }

    /// Reads an MNIST-format pair: uint8 images `(N, 28, 28)` and N uint8 labels.
    static func mnistPair(images: URL, labels: URL) throws(DatasetError) -> (NDArray, NDArray) {
        let x = try readIDX(images)
        let y = try readIDX(labels)
        guard x.dtype == .uint8, x.shape.count == 3, x.shape[1...] == [28, 28] else {
            throw .badFile("\(images.lastPathComponent): expected uint8 images of shape (N, 28, 28), got \(x.dtype) \(x.shape)")
        }
        guard y.dtype == .uint8, y.shape == [x.shape[0]] else {
            throw .badFile("\(labels.lastPathComponent): expected \(x.shape[0]) uint8 labels to match "
                           + "\(images.lastPathComponent), got \(y.dtype) \(y.shape)")
        }
        return (x, y)
    }

    private static func readIDX(_ url: URL) throws(DatasetError) -> NDArray {
        do { return try IDX.read(url) } catch { throw .badFile("\(url.path): \(error)") }
    }
}

/// The options of Chainer's `preprocess_mnist`, shared by the MNIST-format loaders (checked once, where they are
/// given).
struct MNISTFormat {
    let withLabel: Bool, ndim: Int, scale: Double, dtype: DType, labelDType: DType, rgbFormat: Bool

    init(_ function: String, withLabel: Bool, ndim: Int, scale: Double, dtype: DType, labelDType: DType = .int32,
         rgbFormat: Bool = false) {
        precondition([1, 2, 3].contains(ndim), "\(function): ndim must be 1, 2 or 3, got \(ndim)")
        precondition(dtype.isFloatingPoint, "\(function): dtype must be floating point, got \(dtype)")
        precondition(!rgbFormat || ndim == 3, "\(function): rgbFormat needs ndim 3 (images (N, 3, 28, 28)), got ndim \(ndim)")
        (self.withLabel, self.ndim, self.scale, self.dtype) = (withLabel, ndim, scale, dtype)
        (self.labelDType, self.rgbFormat) = (labelDType, rgbFormat)
    }

    /// The dataset of scaled images (N, 28, 28) and uint8 labels: images in the `ndim` shape (three equal channels
    /// with `rgbFormat`, a broadcast view as in Chainer), labels as `labelDType`.
    func dataset(_ images: NDArray, _ labels: NDArray) -> TupleDataset {
        let n = images.shape[0]
        let shaped: NDArray
        switch ndim {
        case 1: shaped = images.reshaped([n, 784])
        case 2: shaped = images.reshaped([n, 28, 28])
        default: shaped = images.reshaped([n, 1, 28, 28]).broadcast(to: [n, rgbFormat ? 3 : 1, 28, 28])
        }
        return withLabel ? TupleDataset(shaped, labels.astype(labelDType)) : TupleDataset(shaped)
    }
}
