import ChainerArray

/// A random-access collection of examples (Chainer's dataset protocol: `__len__` and `__getitem__`).
public protocol Dataset<Example> {
    /// One example (an `[NDArray]` tuple for `TupleDataset`).
    associatedtype Example
    /// The number of examples.
    var count: Int { get }
    /// The `i`-th example (`0 <= i < count`).
    subscript(i: Int) -> Example { get }
}

extension Dataset {
    /// The examples at `indices`, in that order.
    public func examples(at indices: [Int]) -> [Example] { indices.map { self[checked: $0] } }

    /// A view of the examples in `range` (Chainer's `dataset[start:stop]`).
    public subscript(range: Range<Int>) -> SubDataset<Self> {
        precondition(range.lowerBound >= 0 && range.upperBound <= count,
                     "Dataset slice: range \(range) is out of bounds for a dataset of \(count) examples")
        return SubDataset(self, start: range.lowerBound, finish: range.upperBound)
    }

    /// A view of the examples in `range`.
    public subscript(range: some RangeExpression<Int>) -> SubDataset<Self> { self[range.relative(to: 0..<count)] }

    /// Every example, in order.
    public var allExamples: [Example] { (0..<count).map { self[$0] } }

    /// The example at `i`, stopping with a clear message when out of range.
    subscript(checked i: Int) -> Example {
        precondition(i >= 0 && i < count, "Dataset: index \(i) is out of range for a dataset of \(count) examples")
        return self[i]
    }
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
    public subscript(i: Int) -> Example { fetch(i) }
}
