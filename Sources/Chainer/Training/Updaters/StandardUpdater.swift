import ChainerArray

/// A link that computes a loss from a batch's arrays (what `StandardUpdater` and `Evaluator` call when no loss
/// function is given; `L.Classifier` is one: `[x, t]` in, the loss out, reporting `loss` and `accuracy`).
public protocol LossLink: Link {
    /// The loss of one batch, given its arrays as variables (in the converter's order).
    func callAsFunction(_ inputs: [Variable]) -> Variable
}

/// The optimizers an updater drives: one optimizer (named "main") or a dictionary of them by name (a GAN's
/// `["gen": optGen, "dis": optDis]`).
public protocol UpdaterOptimizers {
    /// The optimizers with their names, "main" first, the rest by name.
    var namedOptimizers: [(String, Optimizer)] { get }
}

extension Optimizer: UpdaterOptimizers {
    /// This optimizer as "main".
    public var namedOptimizers: [(String, Optimizer)] { [("main", self)] }
}

extension Dictionary: UpdaterOptimizers where Key == String, Value: Optimizer {
    /// The entries, "main" first, the rest by name.
    public var namedOptimizers: [(String, Optimizer)] {
        sorted { ($0.key == "main" ? 0 : 1, $0.key) < ($1.key == "main" ? 0 : 1, $1.key) }.map { ($0.key, $0.value) }
    }
}

/// The usual training step (Chainer's `StandardUpdater`): take a batch from the iterator, convert it to arrays, wrap
/// them in variables, and run `optimizer.update { lossFunction(inputs) }`. For custom steps (GANs and the like),
/// pass `updateCore:` a closure, or subclass and override `updateCore()`; either one reads batches with
/// `nextBatch()` and the optimizers with `getOptimizer(_:)`.
///
/// ```swift
/// let updater = StandardUpdater(SerialIterator(train, batchSize: 100), optimizer)   // optimizer.target is a LossLink
/// let gan = StandardUpdater(SerialIterator(train, batchSize: 64), ["gen": optGen, "dis": optDis]) { u in
///     let yReal = dis(Variable(u.nextBatch()![0], requiresGrad: false)), yFake = dis(gen(z))
///     u.getOptimizer("dis").update { disLoss(yFake, yReal) }   // one forward feeds both updates, as in Chainer
///     u.getOptimizer("gen").update { genLoss(yFake) }
/// }
/// ```
open class StandardUpdater: Updater {
    /// The main iterator's progress.
    public let iterator: any IteratorProgress
    private let nextArrays: () -> [NDArray]?
    private let convert: ([Any]) -> [NDArray]
    /// The main optimizer: the one named "main", else the first by name.
    public let optimizer: Optimizer
    private let allOptimizers: [(String, Optimizer)]
    /// The loss of a batch; nil calls the optimizer's target as a `LossLink`.
    public var lossFunction: (([Variable]) -> Variable)?
    private let customStep: ((StandardUpdater) throws -> Void)?
    /// The device batches go to (nil or a negative number: the CPU, the only device of this build).
    public let device: Int?
    /// Updates done.
    public final var iteration = 0

    /// An updater over any iterator, with a converter from its batches to arrays. `lossScale` turns on static loss
    /// scaling in every optimizer; `updateCore` replaces the default step.
    public init<I: DatasetIterator>(_ iterator: I, _ optimizers: any UpdaterOptimizers,
                                    converter: @escaping ([I.Example]) -> [NDArray], device: Int? = nil,
                                    lossFunction: (([Variable]) -> Variable)? = nil, lossScale: Double? = nil,
                                    updateCore: ((StandardUpdater) throws -> Void)? = nil) {
        (self.iterator, nextArrays, convert, allOptimizers, optimizer, self.device, customStep) =
            Self.parts(iterator, converter, optimizers, device, lossScale, updateCore)
        self.lossFunction = lossFunction
    }

    /// An updater with a Chainer-style converter, called with the batch and the device (`convert(batch, device)`).
    public init<I: DatasetIterator>(_ iterator: I, _ optimizers: any UpdaterOptimizers,
                                    converter: @escaping ([I.Example], Int?) -> [NDArray], device: Int? = nil,
                                    lossFunction: (([Variable]) -> Variable)? = nil, lossScale: Double? = nil,
                                    updateCore: ((StandardUpdater) throws -> Void)? = nil) {
        (self.iterator, nextArrays, convert, allOptimizers, optimizer, self.device, customStep) =
            Self.parts(iterator, { converter($0, device) }, optimizers, device, lossScale, updateCore)
        self.lossFunction = lossFunction
    }

    /// An updater over an iterator of `[NDArray]` examples, or of single arrays (an `NDArray` as the dataset),
    /// stacked by `concatExamples`.
    public init<I: DatasetIterator>(_ iterator: I, _ optimizers: any UpdaterOptimizers, padding: Double? = nil,
                                    device: Int? = nil, lossFunction: (([Variable]) -> Variable)? = nil,
                                    lossScale: Double? = nil, updateCore: ((StandardUpdater) throws -> Void)? = nil)
    where I.Example: StackableExample {
        (self.iterator, nextArrays, convert, allOptimizers, optimizer, self.device, customStep) =
            Self.parts(iterator, { I.Example.stack($0, padding: padding) }, optimizers, device, lossScale, updateCore)
        self.lossFunction = lossFunction
    }

    /// Chainer's `loss_func=` spelled `lossFunc:`, over `[NDArray]` examples or single arrays.
    public convenience init<I: DatasetIterator>(_ iterator: I, _ optimizers: any UpdaterOptimizers, padding: Double? = nil,
                                                device: Int? = nil, lossFunc: @escaping ([Variable]) -> Variable,
                                                lossScale: Double? = nil) where I.Example: StackableExample {
        self.init(iterator, optimizers, padding: padding, device: device, lossFunction: lossFunc, lossScale: lossScale,
                  updateCore: nil)
    }

    /// Chainer's `loss_func=` spelled `lossFunc:`, with a converter.
    public convenience init<I: DatasetIterator>(_ iterator: I, _ optimizers: any UpdaterOptimizers,
                                                converter: @escaping ([I.Example]) -> [NDArray], device: Int? = nil,
                                                lossFunc: @escaping ([Variable]) -> Variable, lossScale: Double? = nil) {
        self.init(iterator, optimizers, converter: converter, device: device, lossFunction: lossFunc, lossScale: lossScale,
                  updateCore: nil)
    }

    /// A custom step given as the trailing closure (`StandardUpdater(it, ["gen": g, "dis": d]) { u in … }`), over
    /// `[NDArray]` examples or single arrays.
    public convenience init<I: DatasetIterator>(_ iterator: I, _ optimizers: any UpdaterOptimizers, padding: Double? = nil,
                                                device: Int? = nil, lossScale: Double? = nil,
                                                updateCore: @escaping (StandardUpdater) throws -> Void)
    where I.Example: StackableExample {
        self.init(iterator, optimizers, padding: padding, device: device, lossFunction: nil, lossScale: lossScale,
                  updateCore: Optional(updateCore))
    }

    /// An updater over an iterator of dictionary examples (a `DictDataset`): each batch is stacked key by key and
    /// `lossFunction` receives the variables by key, as Chainer calls `loss_func(**in_arrays)`.
    public init<I: DatasetIterator>(_ iterator: I, _ optimizers: any UpdaterOptimizers, padding: Double? = nil,
                                    device: Int? = nil, lossScale: Double? = nil,
                                    lossFunction: @escaping ([String: Variable]) -> Variable)
    where I.Example == [String: NDArray] {
        let keys = KeyOrder()
        let stack: ([[String: NDArray]]) -> [NDArray] = { batch in
            let arrays = concatExamples(batch, padding: padding)
            keys.names = arrays.keys.sorted()
            return keys.names.map { arrays[$0]! }
        }
        (self.iterator, nextArrays, convert, allOptimizers, optimizer, self.device, customStep) =
            Self.parts(iterator, stack, optimizers, device, lossScale, nil)
        self.lossFunction = { variables in lossFunction(Dictionary(uniqueKeysWithValues: zip(keys.names, variables))) }
    }

    /// What the initialisers store (they must all be designated, so that subclasses can call any of them).
    private static func parts<I: DatasetIterator>(
        _ iterator: I, _ converter: @escaping ([I.Example]) -> [NDArray], _ optimizers: any UpdaterOptimizers,
        _ device: Int?, _ lossScale: Double?, _ updateCore: ((StandardUpdater) throws -> Void)?
    ) -> (any IteratorProgress, () -> [NDArray]?, ([Any]) -> [NDArray], [(String, Optimizer)], Optimizer, Int?,
          ((StandardUpdater) throws -> Void)?) {
        checkCPUDevice(device, "StandardUpdater")
        let all = optimizers.namedOptimizers
        guard let main = all.first?.1 else { preconditionFailure("StandardUpdater: no optimizer given") }
        if let lossScale { for (_, o) in all { o.setLossScale(lossScale) } }
        let convert: ([Any]) -> [NDArray] = { batch in
            guard let examples = batch as? [I.Example] else {
                preconditionFailure("StandardUpdater.converter: the batch holds \(type(of: batch)), not [\(I.Example.self)]")
            }
            return converter(examples)
        }
        return (iterator, batchSource(iterator, converter), convert, all, main, device, updateCore)
    }

    /// The main iterator (Chainer's `get_iterator("main")`; this updater has one iterator).
    public final func getIterator(_ name: String) -> any IteratorProgress {
        precondition(name == "main", "StandardUpdater: no iterator named \(name) (have [\"main\"])")
        return iterator
    }

    /// A batch of the main iterator's examples as arrays, through the updater's converter (Chainer's
    /// `self.converter(batch, self.device)`); `nextBatch()` takes and converts in one call.
    public final func converter<E>(_ batch: [E], _ device: Int? = nil) -> [NDArray] {
        checkCPUDevice(device, "StandardUpdater.converter")
        return convert(batch)
    }

    /// Completed epochs of the main iterator.
    public var epoch: Int { iterator.epoch }
    /// Epochs as a fraction.
    public var epochDetail: Double { iterator.epochDetail }
    /// `epochDetail` before the last update.
    public var previousEpochDetail: Double? { iterator.previousEpochDetail }
    /// Whether the last update completed an epoch.
    public var isNewEpoch: Bool { iterator.isNewEpoch }
    /// The optimizers by name, "main" first.
    open var optimizers: [(String, Optimizer)] { allOptimizers }

    /// The next batch's arrays (nil when a non-repeating iterator is exhausted).
    public final func nextBatch() -> [NDArray]? { nextArrays() }

    /// One step, then the iteration count. A step that throws stops here with the error's message; the Trainer
    /// calls `tryUpdate()`, which hands the error on.
    public final func update() {
        do { try tryUpdate() } catch { preconditionFailure("StandardUpdater.update: the step threw \(error)") }
    }

    /// One step, then the iteration count; an error from the step (a custom `updateCore`) is thrown.
    public final func tryUpdate() throws {
        try updateCore()
        iteration += 1
    }

    /// The step: the `updateCore:` closure when given, else one batch, one optimizer update, and `newEpoch()` at an
    /// epoch's end. Overrides may throw (`override func updateCore() throws`) or not.
    open func updateCore() throws {
        if let customStep { return try customStep(self) }
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
    /// optimizer is checked (keys, shapes, dtypes) before it changes, and a state that fails partway leaves the
    /// updater (models, optimizers, iterator) as it was.
    open func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        let backup = LoadBackup(self)
        do { try apply(state) } catch {
            backup.restore()
            throw error
        }
    }

    private func apply(_ state: [String: NDArray]) throws(SerializationError) {
        let position = try state.int("iteration")
        guard position >= 0 else { throw .badValue("iteration \(position) is negative") }
        for (name, opt) in optimizers {
            if let target = opt.target { try loadArrays(state, into: target, path: "model:\(name)/") }
            try loadArrays(state, into: opt, path: "optimizer:\(name)/")
        }
        try state.loadSubState("iterator:main/", into: iterator.loadStateDict)
        iteration = position
    }
}

/// The keys of the last dictionary batch, in the order its arrays were handed on.
private final class KeyOrder {
    var names: [String] = []
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

    /// Hands the keys under `prefix` to `load`, so that a missing key is reported with its whole path; with
    /// `optional`, no keys at all under `prefix` skips it (a part added since the state was saved).
    func loadSubState(_ prefix: String, optional: Bool = false,
                      into load: ([String: NDArray]) throws(SerializationError) -> Void) throws(SerializationError) {
        let sub = subState(prefix)
        if optional && sub.isEmpty { return }
        do { try load(sub) } catch {
            // Both kinds of message start with the key, which is named by its whole path.
            if case .missingKey(let k) = error { throw .missingKey(prefix + k) }
            if case .badValue(let m) = error { throw .badValue(prefix + m) }
            throw error
        }
    }

    /// Adds `other` with its keys under `prefix`.
    mutating func merge(_ other: [String: NDArray], prefix: String) {
        for (k, v) in other { self[prefix + k] = v }
    }
}
