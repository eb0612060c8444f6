import ChainerArray

/// A random-access collection of examples (Chainer's dataset protocol: `__len__` and `__getitem__`).
public protocol Dataset<Example> {
    /// One example (an `[NDArray]` tuple for `TupleDataset`).
    associatedtype Example
    /// The number of examples.
    var count: Int { get }
    /// The `i`-th example (`0 <= i < count`; the library's datasets also take `-count <= i < 0`, from the end).
    subscript(i: Int) -> Example { get }
}

/// Iterates a dataset's examples in order (what `for example in dataset` uses).
public struct DatasetExampleIterator<D: Dataset>: IteratorProtocol {
    private let dataset: D
    private var position = 0
    init(_ dataset: D) { self.dataset = dataset }
    /// The next example, or nil after the last.
    public mutating func next() -> D.Example? {
        guard position < dataset.count else { return nil }
        defer { position += 1 }
        return dataset[position]
    }
}

extension Sequence where Self: Dataset {
    /// Iterates the examples in order.
    public func makeIterator() -> DatasetExampleIterator<Self> { DatasetExampleIterator(self) }
    /// The number of examples.
    public var underestimatedCount: Int { count }
}

extension Dataset {
    /// The examples at `indices`, in that order.
    public func examples(at indices: [Int]) -> [Example] { indices.map { self[checked: $0] } }

    /// The examples at `indices`, in that order (Chainer's `dataset[[1, 3, 5]]`).
    public subscript(indices: [Int]) -> [Example] { examples(at: indices) }

    /// A view of the examples in `range`, with Python's slice rules (Chainer's `dataset[start:stop]`): a negative
    /// bound counts from the end and bounds past either end are clipped, so `dataset[-3..<count + 5]` is the last 3.
    public subscript(range: Range<Int>) -> SubDataset<Self> {
        let n = count
        func clip(_ b: Int) -> Int { Swift.min(Swift.max(b < 0 ? b + n : b, 0), n) }
        let lower = clip(range.lowerBound)
        return SubDataset(self, start: lower, finish: Swift.max(lower, clip(range.upperBound)))
    }

    /// A view of the examples in `range` (`dataset[5...]`, `dataset[..<3]`).
    public subscript(range: some RangeExpression<Int>) -> SubDataset<Self> { self[range.relative(to: 0..<count)] }

    /// Every example (`dataset[...]`, Python's `dataset[:]`).
    public subscript(_: UnboundedRange) -> SubDataset<Self> { self[0..<count] }

    /// `i` as a position in `0..<count`, a negative `i` counting from the end as in Python; stops with a message
    /// naming the dataset type when `i` is outside `-count..<count`.
    public func resolvedIndex(_ i: Int) -> Int {
        let j = i < 0 ? i + count : i
        precondition(j >= 0 && j < count, "\(Self.self): index \(i) is out of range for \(count) examples")
        return j
    }

    /// Every example, in order.
    public var allExamples: [Example] { (0..<count).map { self[$0] } }

    /// The example at `i` (negative from the end), stopping with a clear message when out of range.
    subscript(checked i: Int) -> Example { self[resolvedIndex(i)] }
}

/// A dataset type-erased over its concrete type.
public struct AnyDataset<Example>: Dataset {
    private let countValue: Int
    private let fetch: (Int) -> Example

    /// Wraps any dataset with this example type.
    public init<D: Dataset>(_ base: D) where D.Example == Example {
        countValue = base.count
        fetch = { base[$0] }
    }

    /// Wraps an array of examples.
    public init(_ examples: [Example]) {
        countValue = examples.count
        fetch = { examples[$0] }
    }

    /// The number of examples.
    public var count: Int { countValue }
    /// The `i`-th example.
    public subscript(i: Int) -> Example { fetch(resolvedIndex(i)) }
}

extension AnyDataset: Sequence {}

extension AnyDataset where Example == NDArray {
    /// The rows of an array as the examples (a plain array as the dataset, as Chainer allows): example i is
    /// `array[i]`, a view.
    public init(rows array: NDArray) {
        precondition(array.ndim >= 1, "AnyDataset(rows:): a 0-d array has no rows")
        countValue = array.shape[0]
        fetch = { array[$0] }
    }
}
