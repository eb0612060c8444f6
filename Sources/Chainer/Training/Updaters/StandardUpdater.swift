import ChainerArray

/// A link that computes a loss from a batch's arrays (what `StandardUpdater` and `Evaluator` call when no loss
/// function is given; `L.Classifier` is one: `[x, t]` in, the loss out, reporting `loss` and `accuracy`).
public protocol LossLink: Link {
    /// The loss of one batch, given its arrays as variables (in the converter's order).
    func callAsFunction(_ inputs: [Variable]) -> Variable
}

/// The usual training step (Chainer's `StandardUpdater`): take a batch from the iterator, convert it to arrays, wrap
/// them in variables, and run `optimizer.update { lossFunction(inputs) }`. Subclass and override `updateCore()`
/// for custom steps (GANs and the like).
///
/// ```swift
/// let updater = StandardUpdater(SerialIterator(train, batchSize: 100), optimizer)   // optimizer.target is a LossLink
/// ```
open class StandardUpdater: Updater {
    /// The main iterator's progress.
    public let iterator: any IteratorProgress
    private let nextArrays: () -> [NDArray]?
    /// The main optimizer.
    public let optimizer: Optimizer
    /// The loss of a batch; nil calls the optimizer's target as a `LossLink`.
    public var lossFunction: (([Variable]) -> Variable)?
    /// Updates done.
    public final var iteration = 0

    /// An updater over any iterator, with a converter from its batches to arrays.
    public init<I: DatasetIterator>(_ iterator: I, _ optimizer: Optimizer, converter: @escaping ([I.Example]) -> [NDArray],
                                    lossFunction: (([Variable]) -> Variable)? = nil) {
        self.iterator = iterator
        self.optimizer = optimizer
        self.lossFunction = lossFunction
        nextArrays = {
            var it = iterator  // a class: `next()` is only formally mutating
            return it.next().map(converter)
        }
    }

    /// An updater over an iterator of `[NDArray]` examples, stacked by `concatExamples`.
    public convenience init<I: DatasetIterator>(_ iterator: I, _ optimizer: Optimizer, padding: Double? = nil,
                                                lossFunction: (([Variable]) -> Variable)? = nil) where I.Example == [NDArray] {
        self.init(iterator, optimizer, converter: { concatExamples($0, padding: padding) }, lossFunction: lossFunction)
    }

    /// Completed epochs of the main iterator.
    public var epoch: Int { iterator.epoch }
    /// Epochs as a fraction.
    public var epochDetail: Double { iterator.epochDetail }
    /// `epochDetail` before the last update.
    public var previousEpochDetail: Double? { iterator.previousEpochDetail }
    /// Whether the last update completed an epoch.
    public var isNewEpoch: Bool { iterator.isNewEpoch }
    /// `[("main", optimizer)]`.
    open var optimizers: [(String, Optimizer)] { [("main", optimizer)] }

    /// The next batch's arrays (nil when a non-repeating iterator is exhausted).
    public final func nextBatch() -> [NDArray]? { nextArrays() }

    /// One step, then the iteration count.
    public final func update() {
        updateCore()
        iteration += 1
    }

    /// The step: one batch, one optimizer update, and `newEpoch()` at an epoch's end.
    open func updateCore() {
        guard let arrays = nextBatch() else {
            preconditionFailure("StandardUpdater: the iterator is exhausted; training iterators must repeat")
        }
        let inputs = arrays.map { Variable($0, requiresGrad: false) }
        let loss = lossFunction ?? defaultLoss()
        optimizer.update { loss(inputs) }
        if iterator.isNewEpoch { optimizer.newEpoch() }
    }

    private func defaultLoss() -> ([Variable]) -> Variable {
        guard let target = optimizer.target as? any LossLink else {
            preconditionFailure("StandardUpdater: the optimizer's target \(optimizer.target.map { "\(type(of: $0))" } ?? "nil") "
                                + "is not a LossLink; pass lossFunction:")
        }
        return { target($0) }
    }

    /// Chainer 7.8.1's layout: `iteration`, `iterator:main/…`, then per optimizer `optimizer:<name>/…` (written by
    /// `Optimizer.serialize`: `t`, `epoch`, `<param path>/t|m|v…`) and `model:<name>/…` (the target's parameters and
    /// persistent values, written by `Link.serialize`).
    open func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = ["iteration": NDArray(iteration)]
        for (k, v) in iterator.stateDict() { s["iterator:main/" + k] = v }
        for (name, opt) in optimizers {
            let serializer = DictionarySerializer()
            // Saving into a dictionary cannot fail: only loaders validate.
            try? opt.serialize(serializer["optimizer:\(name)"])
            if let target = opt.target { try? target.serialize(serializer["model:\(name)"]) }
            s.merge(serializer.arrays) { _, new in new }
        }
        return s
    }

    /// Restores iteration, iterator position, optimizer counters and state, and model parameters; each model and
    /// optimizer is checked (keys, shapes, dtypes) before it changes.
    open func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        let position = try state.int("iteration")
        for (name, opt) in optimizers {
            if let target = opt.target { try loadArrays(state, into: target, path: "model:\(name)/") }
            try loadArrays(state, into: opt, path: "optimizer:\(name)/")
        }
        try iterator.loadStateDict(state.subState("iterator:main/"))
        iteration = position
    }
}

/// Copies saved arrays into a link's parameters, checking shapes (missing parameters are an error).
public func loadParams(_ link: Link, _ state: [String: NDArray]) throws(SerializationError) {
    for (path, p) in link.namedParams() {
        let key = String(path.dropFirst())
        guard let a = state[key] else { throw .missingKey(key) }
        if p.isInitialized {
            guard a.shape == p.shape else { throw .badValue("\(key) has shape \(a.shape), the parameter \(p.shape)") }
            p.array = a.cast(p.dtype).copy()
        } else {
            p.initialize(a.copy())
        }
    }
}

extension Dictionary where Key == String, Value == NDArray {
    /// The entries under `prefix`, with the prefix removed.
    func subState(_ prefix: String) -> [String: NDArray] {
        var out: [String: NDArray] = [:]
        for (k, v) in self where k.hasPrefix(prefix) { out[String(k.dropFirst(prefix.count))] = v }
        return out
    }

    /// Adds `other` with its keys under `prefix`.
    mutating func merge(_ other: [String: NDArray], prefix: String) {
        for (k, v) in other { self[prefix + k] = v }
    }
}
