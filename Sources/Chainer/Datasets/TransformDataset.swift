/// A dataset whose examples pass through a function when read (Chainer's `TransformDataset`).
public struct TransformDataset<Base: Dataset, Example>: Dataset {
    /// The dataset read from.
    public let base: Base
    private let transform: (Base.Example) -> Example

    /// Applies `transform` to each example of `base` as it is read.
    public init(_ base: Base, _ transform: @escaping (Base.Example) -> Example) {
        self.base = base
        self.transform = transform
    }

    /// `init(_:_:)` with the transform labelled, as Chainer's keyword `transform=`.
    public init(_ base: Base, transform: @escaping (Base.Example) -> Example) { self.init(base, transform) }

    /// The number of examples.
    public var count: Int { base.count }

    /// The transformed `i`-th example.
    public subscript(i: Int) -> Example { transform(base[resolvedIndex(i)]) }
}

extension TransformDataset: Sequence {}

/// Several datasets read one after another (Chainer's `ConcatenatedDataset`).
public struct ConcatenatedDataset<Example>: Dataset {
    private let parts: [AnyDataset<Example>]
    private let offsets: [Int]

    /// Concatenates datasets with the same example type (of any dataset types: a TupleDataset and a slice of one).
    public init(_ datasets: any Dataset<Example>...) { self.init(datasets.map { AnyDataset($0) }) }

    /// Concatenates type-erased datasets.
    public init(_ datasets: [AnyDataset<Example>]) {
        parts = datasets
        var acc = 0
        offsets = datasets.map { d in defer { acc += d.count }; return acc }
    }

    /// The total number of examples.
    public var count: Int { parts.reduce(0) { $0 + $1.count } }

    /// The `i`-th example across the parts.
    public subscript(i: Int) -> Example {
        let i = resolvedIndex(i)
        var k = offsets.count - 1
        while offsets[k] > i || parts[k].count == 0 { k -= 1 }
        return parts[k][i - offsets[k]]
    }
}

extension ConcatenatedDataset: Sequence {}
