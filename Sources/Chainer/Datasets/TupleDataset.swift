import ChainerArray

/// Several arrays of equal length zipped: example `i` is `[a0[i], a1[i], …]` (Chainer's `TupleDataset`).
public struct TupleDataset: Dataset {
    /// The zipped arrays (each indexed along its first axis).
    public let arrays: [NDArray]

    /// Zips arrays that share their first dimension.
    public init(_ arrays: NDArray...) { self.init(arrays) }

    /// Zips arrays that share their first dimension.
    public init(_ arrays: [NDArray]) {
        precondition(!arrays.isEmpty, "TupleDataset: needs at least one array")
        for a in arrays {
            precondition(a.ndim >= 1, "TupleDataset: arrays must have at least one dimension, got shape \(a.shape)")
            precondition(a.shape[0] == arrays[0].shape[0],
                         "TupleDataset: arrays differ in length: \(arrays.map(\.shape))")
        }
        self.arrays = arrays
    }

    /// The number of examples.
    public var count: Int { arrays[0].shape[0] }

    /// The `i`-th row of every array (views, no copy).
    public subscript(i: Int) -> [NDArray] {
        let i = resolvedIndex(i)
        return arrays.map { $0[i] }
    }

    /// The rows at `indices` gathered into one batch array per component (faster than stacking examples).
    public func batch(at indices: [Int]) -> [NDArray] {
        let idx = NDArray(indices)
        return arrays.map { $0.take(idx, axis: 0) }
    }
}

/// Named arrays of equal length: example `i` is `[name: array[i]]` (Chainer's `DictDataset`).
public struct DictDataset: Dataset {
    /// The named arrays.
    public let arrays: [String: NDArray]
    private let length: Int

    /// Names arrays that share their first dimension.
    public init(_ arrays: [String: NDArray]) {
        precondition(!arrays.isEmpty, "DictDataset: needs at least one array")
        let lengths = Set(arrays.values.map { $0.ndim >= 1 ? $0.shape[0] : -1 })
        precondition(lengths.count == 1 && lengths.first! >= 0,
                     "DictDataset: arrays must share their first dimension: \(arrays.mapValues(\.shape))")
        self.arrays = arrays
        length = lengths.first!
    }

    /// The number of examples.
    public var count: Int { length }

    /// The `i`-th row of every array, by name.
    public subscript(i: Int) -> [String: NDArray] {
        let i = resolvedIndex(i)
        return arrays.mapValues { $0[i] }
    }
}

extension TupleDataset: Sequence {}
extension DictDataset: Sequence {}
