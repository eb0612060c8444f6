import ChainerArray
import Foundation

extension Datasets {
    /// CIFAR-10 as Chainer's `get_cifar10`: 50 000 train and 10 000 test 32×32 RGB images in 10 classes. Images
    /// are `dtype` times `scale / 255`, shaped `(N, 3, 32, 32)` for `ndim` 3 or `(N, 3072)` for `ndim` 1; labels
    /// int32. The binary archive `cifar-10-binary.tar.gz` is downloaded once into `datasetRoot/pfnet/chainer/cifar/`
    /// and verified by SHA-256; its arrays are then cached beside it as `cifar-10.npz`, the file Chainer's own cache
    /// is, so a cache Chainer made is read too.
    public static func cifar10(withLabel: Bool = true, ndim: Int = 3, scale: Double = 1, dtype: DType = .float32)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try cifar10(withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype, store: .standard)
    }

    /// CIFAR-100 as Chainer's `get_cifar100`: like `cifar10` with 100 classes; the labels are the fine labels, as
    /// Chainer's. The binary archive `cifar-100-binary.tar.gz` is kept in `datasetRoot/pfnet/chainer/cifar/`, with
    /// the `cifar-100.npz` cache.
    public static func cifar100(withLabel: Bool = true, ndim: Int = 3, scale: Double = 1, dtype: DType = .float32)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try cifar100(withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype, store: .standard)
    }

    static func cifar10(withLabel: Bool = true, ndim: Int = 3, scale: Double = 1, dtype: DType = .float32,
                        store: DatasetStore) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        checkCIFAROptions("cifar10", ndim: ndim, dtype: dtype)
        let raw = try cifarRaw(Manifests.cifar10, cache: "cifar-10.npz", store: store) { (archive) throws(DatasetError) in
            let train = try (1...5).map { (i) throws(DatasetError) -> (NDArray, NDArray) in
                try cifarRecords(archive, "cifar-10-batches-bin/data_batch_\(i).bin", labelBytes: 1)
            }
            let test = try cifarRecords(archive, "cifar-10-batches-bin/test_batch.bin", labelBytes: 1)
            return ((NDArray.concatenate(train.map(\.0), axis: 0), NDArray.concatenate(train.map(\.1), axis: 0)), test)
        }
        return (cifarDataset(raw.train, withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype),
                cifarDataset(raw.test, withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype))
    }

    static func cifar100(withLabel: Bool = true, ndim: Int = 3, scale: Double = 1, dtype: DType = .float32,
                         store: DatasetStore) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        checkCIFAROptions("cifar100", ndim: ndim, dtype: dtype)
        let raw = try cifarRaw(Manifests.cifar100, cache: "cifar-100.npz", store: store) { (archive) throws(DatasetError) in
            (try cifarRecords(archive, "cifar-100-binary/train.bin", labelBytes: 2),
             try cifarRecords(archive, "cifar-100-binary/test.bin", labelBytes: 2))
        }
        return (cifarDataset(raw.train, withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype),
                cifarDataset(raw.test, withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype))
    }

    /// The pixels (uint8, (N, 3072)) and labels (uint8) of both sets, from the cache file Chainer's `get_cifar10` /
    /// `get_cifar100` keep beside the archive (`cifar-10.npz`: `train_x`, `train_y`, `test_x`, `test_y`), so a cache
    /// Chainer made is used as it is. Without one, they are read from the archive (`parse`) and the cache is written
    /// atomically, so a later call skips decompressing the archive.
    private static func cifarRaw(_ manifest: DatasetManifest, cache name: String, store: DatasetStore,
                                 parse: (TarArchive) throws(DatasetError) -> ((NDArray, NDArray), (NDArray, NDArray)))
        throws(DatasetError) -> (train: (NDArray, NDArray), test: (NDArray, NDArray)) {
        let cache = store.directory(of: manifest).appendingPathComponent(name)
        if let arrays = try ArrayCache.read(cache) {
            return (try ArrayCache.imagesAndLabels(arrays, cache, images: "train_x", labels: "train_y", pixels: 3072),
                    try ArrayCache.imagesAndLabels(arrays, cache, images: "test_x", labels: "test_y", pixels: 3072))
        }
        let (train, test) = try parse(try cifarArchive(try store.fetch(manifest)[0]))
        ArrayCache.write(["train_x": train.0, "train_y": train.1, "test_x": test.0, "test_y": test.1], to: cache)
        return (train, test)
    }

    private static func checkCIFAROptions(_ function: String, ndim: Int, dtype: DType) {
        precondition(ndim == 1 || ndim == 3, "\(function): ndim must be 1 or 3, got \(ndim)")
        precondition(dtype.isFloatingPoint, "\(function): dtype must be floating point, got \(dtype)")
    }

    private static func cifarDataset(_ raw: (NDArray, NDArray), withLabel: Bool, ndim: Int, scale: Double,
                                     dtype: DType) -> TupleDataset {
        let n = raw.0.shape[0]
        let images = scaledImages(raw.0, dtype: dtype, scale: scale).reshaped(ndim == 1 ? [n, 3072] : [n, 3, 32, 32])
        return withLabel ? TupleDataset(images, raw.1.astype(.int32)) : TupleDataset(images)
    }

    private static func cifarArchive(_ url: URL) throws(DatasetError) -> TarArchive {
        do {
            return try TarArchive(try Gzip.decompress(try Data(contentsOf: url, options: .mappedIfSafe)))
        } catch let error as ArrayIOError {
            throw .badFile("\(url.path): \(error)")
        } catch {
            throw .badFile("cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    /// The records of one CIFAR binary batch: each is `labelBytes` label bytes (CIFAR-100: coarse then fine) and
    /// 3072 pixels, the red plane, then green, then blue, each 32×32 row-major. The last label byte is kept.
    private static func cifarRecords(_ archive: TarArchive, _ member: String, labelBytes: Int) throws(DatasetError) -> (NDArray, NDArray) {
        guard let bytes = archive.contents(of: member) else {
            throw .badFile("the CIFAR archive has no \(member) (it holds \(archive.names.joined(separator: ", ")))")
        }
        let recordSize = labelBytes + 3072
        guard bytes.count % recordSize == 0 else {
            throw .badFile("\(member): \(bytes.count) bytes is not a whole number of \(recordSize)-byte records")
        }
        let n = bytes.count / recordSize
        var pixels = [UInt8](repeating: 0, count: n * 3072)
        var labels = [UInt8](repeating: 0, count: n)
        bytes.withUnsafeBytes { src in
            pixels.withUnsafeMutableBytes { dst in
                for i in 0..<n {
                    let record = src.baseAddress! + i * recordSize
                    labels[i] = record.load(fromByteOffset: labelBytes - 1, as: UInt8.self)
                    (dst.baseAddress! + i * 3072).copyMemory(from: record + labelBytes, byteCount: 3072)
                }
            }
        }
        return (NDArray(pixels, shape: [n, 3072]), NDArray(labels))
    }
}
