import ChainerArray

/// A contiguous or permuted subset of another dataset (Chainer's `SubDataset`).
public struct SubDataset<Base: Dataset>: Dataset {
    /// The dataset this one views.
    public let base: Base
    /// The first position (in `order`, or in `base` when no order) this subset covers.
    public let start: Int
    /// One past the last position covered.
    public let finish: Int
    /// An optional permutation of the base's indices.
    public let order: [Int]?

    /// The examples `start..<finish` of `base`, or of `base` permuted by `order`.
    public init(_ base: Base, start: Int, finish: Int, order: [Int]? = nil) {
        precondition(start >= 0 && start <= finish, "SubDataset: bad range \(start)..<\(finish)")
        if let order {
            precondition(order.count == base.count,
                         "SubDataset: order has \(order.count) entries for a dataset of \(base.count) examples")
        }
        precondition(finish <= base.count, "SubDataset: finish \(finish) exceeds the dataset size \(base.count)")
        self.base = base
        self.start = start
        self.finish = finish
        self.order = order
    }

    /// `init(_:start:finish:order:)` with the bounds positional, as Chainer's `SubDataset(dataset, start, finish)`.
    public init(_ base: Base, _ start: Int, _ finish: Int, order: [Int]? = nil) {
        self.init(base, start: start, finish: finish, order: order)
    }

    /// The number of examples.
    public var count: Int { finish - start }

    /// The `i`-th example of the subset.
    public subscript(i: Int) -> Base.Example {
        let j = start + resolvedIndex(i)
        return base[order.map { $0[j] } ?? j]
    }
}

extension SubDataset: Sequence {}

/// Splits a dataset in two at `firstSize` (Chainer's `split_dataset`).
public func splitDataset<D: Dataset>(_ dataset: D, _ firstSize: Int, order: [Int]? = nil) -> (SubDataset<D>, SubDataset<D>) {
    precondition(firstSize >= 0 && firstSize <= dataset.count,
                 "splitDataset: firstSize \(firstSize) is outside 0...\(dataset.count)")
    return (SubDataset(dataset, start: 0, finish: firstSize, order: order),
            SubDataset(dataset, start: firstSize, finish: dataset.count, order: order))
}

/// A random order of `0..<n`: from a generator of its own seeded with `seed` when one is given (the same order on
/// every run, whatever else draws), else from the generator in use.
func randomOrder(_ n: Int, seed: UInt64?) -> [Int] {
    let draw = { NDArray.permutation(n).asArray(Int64.self).map { Int($0) } }
    return seed.map { withSeed($0, draw) } ?? draw()
}

/// Splits a dataset in two at random (Chainer's `split_dataset_random`); `seed` fixes the split.
public func splitDatasetRandom<D: Dataset>(_ dataset: D, _ firstSize: Int, seed: UInt64? = nil) -> (SubDataset<D>, SubDataset<D>) {
    splitDataset(dataset, firstSize, order: randomOrder(dataset.count, seed: seed))
}

/// Splits a dataset into `n` parts of `count / n` examples each (Chainer's `split_dataset_n`: the last
/// `count % n` examples, in `order`, belong to no part).
public func splitDatasetN<D: Dataset>(_ dataset: D, _ n: Int, order: [Int]? = nil) -> [SubDataset<D>] {
    precondition(n >= 1, "splitDatasetN: n must be positive, got \(n)")
    let size = dataset.count / n
    return (0..<n).map { i in SubDataset(dataset, start: i * size, finish: (i + 1) * size, order: order) }
}

/// Splits a dataset into `n` random parts of `count / n` examples each (Chainer's `split_dataset_n_random`);
/// `seed` fixes the split.
public func splitDatasetNRandom<D: Dataset>(_ dataset: D, _ n: Int, seed: UInt64? = nil) -> [SubDataset<D>] {
    splitDatasetN(dataset, n, order: randomOrder(dataset.count, seed: seed))
}

/// `nFolds` (train, test) pairs for cross-validation; each test part is a different fold (Chainer's
/// `get_cross_validation_datasets`, with its fold order).
public func getCrossValidationDatasets<D: Dataset>(_ dataset: D, nFolds: Int, order: [Int]? = nil) -> [(SubDataset<D>, SubDataset<D>)] {
    precondition(nFolds >= 1 && nFolds <= dataset.count,
                 "getCrossValidationDatasets: nFolds must be in 1...\(dataset.count), got \(nFolds)")
    let n = dataset.count
    var current = order ?? Array(0..<n)
    let borders = (0...nFolds).map { n * $0 / nFolds }
    let testSizes = (0..<nFolds).map { borders[$0 + 1] - borders[$0] }
    var splits: [(SubDataset<D>, SubDataset<D>)] = []
    for testSize in testSizes.reversed() {
        splits.append(splitDataset(dataset, n - testSize, order: current))
        current = Array(current.suffix(testSize) + current.dropLast(testSize))
    }
    return splits
}

/// Cross-validation folds over a random order (Chainer's `get_cross_validation_datasets_random`); `seed` fixes the
/// order.
public func getCrossValidationDatasetsRandom<D: Dataset>(_ dataset: D, nFolds: Int, seed: UInt64? = nil) -> [(SubDataset<D>, SubDataset<D>)] {
    getCrossValidationDatasets(dataset, nFolds: nFolds, order: randomOrder(dataset.count, seed: seed))
}

/// `getCrossValidationDatasets(_:nFolds:order:)` with the fold count positional, as Chainer's `n_fold`.
public func getCrossValidationDatasets<D: Dataset>(_ dataset: D, _ nFolds: Int, order: [Int]? = nil) -> [(SubDataset<D>, SubDataset<D>)] {
    getCrossValidationDatasets(dataset, nFolds: nFolds, order: order)
}

/// `getCrossValidationDatasetsRandom(_:nFolds:seed:)` with the fold count positional.
public func getCrossValidationDatasetsRandom<D: Dataset>(_ dataset: D, _ nFolds: Int, seed: UInt64? = nil) -> [(SubDataset<D>, SubDataset<D>)] {
    getCrossValidationDatasetsRandom(dataset, nFolds: nFolds, seed: seed)
}
