import ChainerArray

/// Stacks a batch of `[NDArray]` examples into one array per component (Chainer's `concat_examples`). With
/// `padding`, arrays of different shapes are padded at the end of each axis to the largest shape with that value.
public func concatExamples(_ batch: [[NDArray]], device: Int? = nil, padding: Double? = nil) -> [NDArray] {
    checkCPUDevice(device, "concatExamples")
    precondition(!batch.isEmpty, "concatExamples: the batch is empty")
    let width = batch[0].count
    precondition(batch.allSatisfy { $0.count == width },
                 "concatExamples: examples have different numbers of components: \(Set(batch.map(\.count)).sorted())")
    return (0..<width).map { k in concatExamples(batch.map { $0[k] }, padding: padding) }
}

/// `concatExamples` with a padding value per component (Chainer's `padding=(0, -1)`: pad inputs with 0 and labels
/// with -1 for `ignoreLabel`); nil leaves that component unpadded.
public func concatExamples(_ batch: [[NDArray]], device: Int? = nil, padding: [Double?]) -> [NDArray] {
    checkCPUDevice(device, "concatExamples")
    precondition(!batch.isEmpty, "concatExamples: the batch is empty")
    precondition(batch.allSatisfy { $0.count == padding.count },
                 "concatExamples: \(padding.count) padding values for examples of \(Set(batch.map(\.count)).sorted()) components")
    return padding.indices.map { k in concatExamples(batch.map { $0[k] }, padding: padding[k]) }
}

/// Stacks single-array examples into one batch array, padding to the largest shape when `padding` is given.
public func concatExamples(_ batch: [NDArray], device: Int? = nil, padding: Double? = nil) -> NDArray {
    checkCPUDevice(device, "concatExamples")
    precondition(!batch.isEmpty, "concatExamples: the batch is empty")
    // Mixed dtypes promote as NumPy's concatenate does.
    let dtype = batch.dropFirst().reduce(batch[0].dtype) { DType.promote($0, $1.dtype) }
    let batch = batch.map { $0.dtype == dtype ? $0 : $0.astype(dtype) }
    guard let padding else {
        let shape = batch[0].shape
        for a in batch where a.shape != shape {
            preconditionFailure("concatExamples: examples differ in shape: \(shape) vs \(a.shape); pass padding: to pad them")
        }
        return NDArray.stack(batch)
    }
    let ndim = batch[0].ndim
    precondition(batch.allSatisfy { $0.ndim == ndim },
                 "concatExamples: padded examples must share their rank, got shapes \(batch.map(\.shape))")
    var maxShape = batch[0].shape
    for a in batch { for d in 0..<ndim { maxShape[d] = Swift.max(maxShape[d], a.shape[d]) } }
    let padded = batch.map { a in
        a.shape == maxShape ? a : a.pad((0..<ndim).map { (0, maxShape[$0] - a.shape[$0]) }, mode: .constant(padding))
    }
    return NDArray.stack(padded)
}

/// Examples that `concatExamples` stacks into the arrays an updater or evaluator passes on: a tuple of arrays
/// (`TupleDataset`), or one array (a plain `NDArray` as the dataset, as Chainer allows).
public protocol StackableExample {
    /// The batch stacked component by component.
    static func stack(_ batch: [Self], padding: Double?) -> [NDArray]
}

extension Array: StackableExample where Element == NDArray {
    /// One array per component.
    public static func stack(_ batch: [[NDArray]], padding: Double?) -> [NDArray] { concatExamples(batch, padding: padding) }
}

extension NDArray: StackableExample {
    /// The one stacked array.
    public static func stack(_ batch: [NDArray], padding: Double?) -> [NDArray] { [concatExamples(batch, padding: padding)] }
}

/// Stacks a batch of dictionary examples key by key.
public func concatExamples(_ batch: [[String: NDArray]], device: Int? = nil,
                           padding: Double? = nil) -> [String: NDArray] {
    concatExamples(batch, device: device, padding: batch.first.map { $0.mapValues { _ in padding } } ?? [:])
}

/// Stacks a batch of dictionary examples key by key, with a padding value per key (a key not listed is not padded).
public func concatExamples(_ batch: [[String: NDArray]], device: Int? = nil,
                           padding: [String: Double?]) -> [String: NDArray] {
    checkCPUDevice(device, "concatExamples")
    precondition(!batch.isEmpty, "concatExamples: the batch is empty")
    let keys = batch[0].keys
    var out: [String: NDArray] = [:]
    for k in keys {
        out[k] = concatExamples(batch.map { ex in
            guard let a = ex[k] else { preconditionFailure("concatExamples: an example lacks the key \(k)") }
            return a
        }, padding: padding[k] ?? nil)
    }
    return out
}

/// Chainer's converter signature, `concat_examples(batch, device)`, so the function itself can be passed as a
/// converter (`StandardUpdater(it, optimizer, converter: concatExamples)`).
public func concatExamples(_ batch: [[NDArray]], _ device: Int?) -> [NDArray] {
    concatExamples(batch, device: device)
}

/// `toDevice` with a `Device` (`.cpu`); this build runs on the CPU, so arrays are returned as they are.
public func toDevice(_ device: Device, _ x: NDArray) -> NDArray {
    guard case .cpu = device else { preconditionFailure("toDevice: this build runs on the CPU only, not \(device)") }
    return x
}

/// Chainer's `to_device`: this build runs on the CPU, so arrays are returned as they are.
public func toDevice(_ device: Int?, _ x: NDArray) -> NDArray {
    checkCPUDevice(device, "toDevice")
    return x
}

/// A closure giving the next batch of `iterator` converted to arrays (nil when a non-repeating iterator is done):
/// how updaters and evaluators read batches without being generic over the iterator.
func batchSource<I: DatasetIterator>(_ iterator: I, _ converter: @escaping ([I.Example]) -> [NDArray]) -> () -> [NDArray]? {
    {
        var it = iterator  // a class: `next()` is only formally mutating
        return it.next().map(converter)
    }
}

/// Stops with a clear message when a GPU device is asked for: nil and negative numbers (Chainer's -1) mean the CPU.
func checkCPUDevice(_ device: Int?, _ caller: String) {
    precondition((device ?? -1) < 0, "\(caller): device \(device ?? -1) is a GPU, and this build runs on the CPU only (use nil or -1)")
}
