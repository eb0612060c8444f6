import ChainerArray
import Foundation

extension Datasets {
    /// CIFAR-10 as Chainer's `get_cifar10`: 50 000 train and 10 000 test 32×32 RGB images in 10 classes. Images
    /// are `dtype` times `scale / 255`, shaped `(N, 3, 32, 32)` for `ndim` 3 or `(N, 3072)` for `ndim` 1; labels
    /// int32. The binary archive `cifar-10-binary.tar.gz` is downloaded once into `datasetRoot/pfnet/chainer/cifar/`
    /// and verified by SHA-256.
    public static func cifar10(withLabel: Bool = true, ndim: Int = 3, scale: Double = 1, dtype: DType = .float32)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try cifar10(withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype, store: .standard)
    }

    /// CIFAR-100 as Chainer's `get_cifar100`: like `cifar10` with 100 classes; the labels are the fine labels, as
    /// Chainer's. The binary archive `cifar-100-binary.tar.gz` is kept in `datasetRoot/pfnet/chainer/cifar/`.
    public static func cifar100(withLabel: Bool = true, ndim: Int = 3, scale: Double = 1, dtype: DType = .float32)
        throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        try cifar100(withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype, store: .standard)
    }

    static func cifar10(withLabel: Bool = true, ndim: Int = 3, scale: Double = 1, dtype: DType = .float32,
                        store: DatasetStore) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        checkCIFAROptions("cifar10", ndim: ndim, dtype: dtype)
        let archive = try cifarArchive(try store.fetch(Manifests.cifar10)[0])
        let train = try (1...5).map { (i) throws(DatasetError) -> (NDArray, NDArray) in
            try cifarRecords(archive, "cifar-10-batches-bin/data_batch_\(i).bin", labelBytes: 1)
        }
        let test = try cifarRecords(archive, "cifar-10-batches-bin/test_batch.bin", labelBytes: 1)
        let trainSet = (NDArray.concatenate(train.map(\.0), axis: 0), NDArray.concatenate(train.map(\.1), axis: 0))
        return (cifarDataset(trainSet, withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype),
                cifarDataset(test, withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype))
    }

    static func cifar100(withLabel: Bool = true, ndim: Int = 3, scale: Double = 1, dtype: DType = .float32,
                         store: DatasetStore) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
        checkCIFAROptions("cifar100", ndim: ndim, dtype: dtype)
        let archive = try cifarArchive(try store.fetch(Manifests.cifar100)[0])
        let train = try cifarRecords(archive, "cifar-100-binary/train.bin", labelBytes: 2)
        let test = try cifarRecords(archive, "cifar-100-binary/test.bin", labelBytes: 2)
        return (cifarDataset(train, withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype),
                cifarDataset(test, withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype))
    }

    private static func checkCIFAROptions(_ function: String, ndim: Int, dtype: DType) {
        precondition(ndim == 1 || ndim == 3, "\(function): ndim must be 1 or 3, got \(ndim)")
        precondition(dtype.isFloatingPoint, "\(function): dtype must be floating point, got \(dtype)")
    }

    private static func cifarDataset(_ raw: (NDArray, NDArray), withLabel: Bool, ndim: Int, scale: Double,
                                     dtype: DType) -> TupleDataset {
        let n = raw.0.shape[0]
        let images = scaledImages(raw.0, dtype: dtype, scale: scale).reshaped(ndim == 1 ? [n, 3072] : [n, 3, 32, 32])
        return withLabel ? TupleDataset(images, raw.1) : TupleDataset(images)
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
        var labels = [Int32](repeating: 0, count: n)
        bytes.withUnsafeBytes { src in
            pixels.withUnsafeMutableBytes { dst in
                for i in 0..<n {
                    let record = src.baseAddress! + i * recordSize
                    labels[i] = Int32(record.load(fromByteOffset: labelBytes - 1, as: UInt8.self))
                    (dst.baseAddress! + i * 3072).copyMemory(from: record + labelBytes, byteCount: 3072)
                }
            }
        }
        return (NDArray(pixels, shape: [n, 3072]), NDArray(labels))
    }
}
