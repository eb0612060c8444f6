import ChainerArray

/// Chooses the order of the next epoch from the current order and position (Chainer's order samplers).
public typealias OrderSampler = (_ currentOrder: [Int], _ currentPosition: Int) -> [Int]

/// A fresh random permutation from the seeded generator (Chainer's `ShuffleOrderSampler`).
public func shuffleOrderSampler(_ currentOrder: [Int], _ currentPosition: Int) -> [Int] {
    NDArray.permutation(currentOrder.count).asArray(Int64.self).map { Int($0) }
}

/// Chainer's `ShuffleOrderSampler(random_state)`: a fresh permutation each epoch, from a generator of its own seeded
/// with `seed` (so other random draws do not change the orders), or from the global generator when `seed` is nil.
///
/// ```swift
/// let it = SerialIterator(train, batchSize: 100, orderSampler: ShuffleOrderSampler(seed: 0))
/// ```
public func ShuffleOrderSampler(seed: UInt64? = nil) -> OrderSampler {
    guard let seed else { return shuffleOrderSampler }
    let own = SamplerGenerator(Philox(seed: seed))
    return { order, position in
        let global = generatorState()
        setGeneratorState(own.state)
        defer { own.state = generatorState(); setGeneratorState(global) }
        return shuffleOrderSampler(order, position)
    }
}

/// The generator state a seeded order sampler carries from one epoch to the next.
private final class SamplerGenerator: @unchecked Sendable {
    var state: Philox
    init(_ state: Philox) { self.state = state }
}

/// Batches drawn in order or in a shuffled order, one epoch after another (Chainer's `SerialIterator`).
///
/// ```swift
/// let it = SerialIterator(train, batchSize: 100)            // repeats forever, reshuffled each epoch
/// for batch in SerialIterator(test, batchSize: 100, repeat: false, shuffle: false) { … }
/// ```
public final class SerialIterator<D: Dataset>: DatasetIterator {
    /// The example type of the dataset.
    public typealias Example = D.Example
    /// The dataset iterated.
    public let dataset: D
    /// Examples per batch.
    public let batchSize: Int
    /// Whether iteration goes on past the first epoch.
    public let `repeat`: Bool
    /// Whether the order is reshuffled each epoch.
    public let shuffle: Bool
    private let orderSampler: OrderSampler?
    /// The position within the current epoch's order.
    public private(set) var currentPosition = 0
    /// Completed epochs.
    public private(set) var epoch = 0
    /// Whether the last batch completed an epoch.
    public private(set) var isNewEpoch = false
    private var previousDetail = -1.0
    /// The current epoch's order (nil when iterating in dataset order).
    public private(set) var order: [Int]?

    /// Iterates `dataset` in batches of `batchSize`; `shuffle` (the default) draws a permutation each epoch from the
    /// seeded generator, or `orderSampler` decides the order (giving both stops, as Chainer raises).
    public init(_ dataset: D, batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil, orderSampler: OrderSampler? = nil) {
        precondition(batchSize >= 1, "SerialIterator: batchSize must be positive, got \(batchSize)")
        precondition(dataset.count >= 1, "SerialIterator: the dataset is empty")
        precondition(shuffle == nil || orderSampler == nil,
                     "SerialIterator: shuffle is ignored when an orderSampler is given; pass only one of them")
        self.dataset = dataset
        self.batchSize = batchSize
        self.repeat = `repeat`
        self.shuffle = shuffle ?? (orderSampler == nil)
        if let orderSampler {
            self.orderSampler = orderSampler
        } else if self.shuffle {
            self.orderSampler = shuffleOrderSampler
        } else {
            self.orderSampler = nil
        }
        reset()
    }

    /// `init(_:batchSize:repeat:shuffle:orderSampler:)` with the batch size positional, as Chainer's `batch_size`.
    public convenience init(_ dataset: D, _ batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil,
                            orderSampler: OrderSampler? = nil) {
        self.init(dataset, batchSize: batchSize, repeat: `repeat`, shuffle: shuffle, orderSampler: orderSampler)
    }

    /// The next batch, or nil after the first epoch when not repeating. A batch that reaches the end of the order
    /// completes an epoch and, when repeating, goes on in the next epoch's order — as many epochs as it spans.
    public func next() -> [D.Example]? {
        previousDetail = epochDetail
        if !self.repeat && epoch > 0 { return nil }
        let n = dataset.count
        var start = currentPosition, end = start + batchSize
        if !self.repeat { end = Swift.min(end, n) }
        var picked: [Int] = []
        isNewEpoch = false
        while end >= n {
            picked += indices(start..<n)
            if let sampler = orderSampler, let current = order {
                let next = sampler(current, start)
                precondition(next.count == current.count,
                             "SerialIterator: the order sampler returned \(next.count) indices for \(current.count)")
                order = next
            }
            start = 0
            end = self.repeat ? end - n : 0
            epoch += 1
            isNewEpoch = true
        }
        picked += indices(start..<end)
        currentPosition = end
        return picked.map { dataset[$0] }
    }

    /// The examples the next `next()` will return when they are already known: the batch ends inside the current
    /// epoch, so no new order has to be drawn (nil otherwise). Nothing changes.
    func peekNextBatch() -> [D.Example]? {
        let end = currentPosition + batchSize
        guard (self.repeat || epoch == 0) && end < dataset.count else { return nil }
        return indices(currentPosition..<end).map { dataset[$0] }
    }

    private func indices(_ r: Range<Int>) -> [Int] { order.map { Array($0[r]) } ?? Array(r) }

    /// Epochs as a fraction.
    public var epochDetail: Double { Double(epoch) + Double(currentPosition) / Double(dataset.count) }

    /// `epochDetail` before the last `next()`, or nil before the first.
    public var previousEpochDetail: Double? { previousDetail < 0 ? nil : previousDetail }

    /// Goes back to the start, with a fresh order when shuffling.
    public func reset() {
        currentPosition = 0
        epoch = 0
        isNewEpoch = false
        previousDetail = -1
        order = orderSampler.map { $0(Array(0..<dataset.count), 0) }
    }

    /// Chainer's serialized keys: `current_position`, `epoch`, `is_new_epoch`, `previous_epoch_detail`, `order`.
    public func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = [
            "current_position": NDArray(currentPosition), "epoch": NDArray(epoch),
            "is_new_epoch": NDArray(isNewEpoch), "previous_epoch_detail": NDArray(previousDetail),
        ]
        if let order { s["order"] = NDArray(order) }
        return s
    }

    /// Restores a state from `stateDict()`.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        let position = try state.int("current_position")
        let e = try state.int("epoch")
        let isNew = try state.int("is_new_epoch") != 0
        let previous = try state.double("previous_epoch_detail")
        var newOrder: [Int]?
        if let o = state["order"] {
            // A damaged order would only fail later, in the middle of an epoch: it must be a permutation now.
            guard o.ndim == 1, let ints = o.exactInts(), ints.count == dataset.count,
                  Set(ints).count == ints.count, ints.allSatisfy({ $0 >= 0 && $0 < dataset.count }) else {
                throw .badValue("order must be a permutation of 0..<\(dataset.count), found \(o.dtype) \(o.shape)")
            }
            newOrder = ints
        }
        guard position >= 0 && position < dataset.count else { throw .badValue("current_position \(position)") }
        guard e >= 0 else { throw .badValue("epoch \(e)") }
        // A shuffling iterator without an order would go on unshuffled for good (Chainer raises KeyError too).
        if orderSampler != nil && newOrder == nil { throw .missingKey("order") }
        currentPosition = position; epoch = e; isNewEpoch = isNew; previousDetail = previous
        if orderSampler != nil { order = newOrder }
    }
}

extension SerialIterator {
    /// Iterates an array of examples (a Python list as a dataset).
    public convenience init<E>(_ examples: [E], batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil,
                               orderSampler: OrderSampler? = nil) where D == AnyDataset<E> {
        self.init(AnyDataset(examples), batchSize: batchSize, repeat: `repeat`, shuffle: shuffle, orderSampler: orderSampler)
    }

    /// Iterates the rows of an array (a plain `NDArray` as the dataset); batches stack into one array.
    public convenience init(_ array: NDArray, batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil,
                            orderSampler: OrderSampler? = nil) where D == AnyDataset<NDArray> {
        self.init(AnyDataset(rows: array), batchSize: batchSize, repeat: `repeat`, shuffle: shuffle, orderSampler: orderSampler)
    }

    /// Iterates an array of examples, the batch size positional.
    public convenience init<E>(_ examples: [E], _ batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil,
                               orderSampler: OrderSampler? = nil) where D == AnyDataset<E> {
        self.init(AnyDataset(examples), batchSize: batchSize, repeat: `repeat`, shuffle: shuffle, orderSampler: orderSampler)
    }
}
