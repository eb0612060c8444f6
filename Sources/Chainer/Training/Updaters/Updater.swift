import ChainerArray

/// Runs one training step per call and tracks progress (Chainer's `chainer.training.Updater`).
public protocol Updater: AnyObject {
    /// Updates done.
    var iteration: Int { get }
    /// Completed epochs of the main iterator.
    var epoch: Int { get }
    /// Epochs as a fraction.
    var epochDetail: Double { get }
    /// `epochDetail` before the last update, or nil before the first.
    var previousEpochDetail: Double? { get }
    /// Whether the last update completed an epoch.
    var isNewEpoch: Bool { get }
    /// The optimizers by name ("main" first); their targets are the trainer's observers.
    var optimizers: [(String, Optimizer)] { get }
    /// The iterator named `name` (Chainer's `get_iterator`); by default the updater has none and this stops.
    func getIterator(_ name: String) -> any IteratorProgress
    /// One training step.
    func update()
    /// One training step that may throw (what the Trainer calls); by default `update()`.
    func tryUpdate() throws
    /// Called when training ends.
    func finalize()
    /// The state needed to resume exactly.
    func stateDict() -> [String: NDArray]
    /// Restores a state from `stateDict()`.
    func loadStateDict(_ state: [String: NDArray]) throws(SerializationError)
}

extension Updater {
    /// Nothing to release.
    public func finalize() {}
    /// `update()`.
    public func tryUpdate() throws { update() }

    /// Stops: this updater keeps no iterators by name.
    public func getIterator(_ name: String) -> any IteratorProgress {
        preconditionFailure("\(type(of: self)): no iterator named \(name) (it does not override getIterator(_:))")
    }

    /// The main iterator (Chainer's `get_iterator('main')`).
    public func getIterator() -> any IteratorProgress { getIterator("main") }

    /// An iterator as its own type, for a custom step that takes its batches itself, as Chainer's
    /// `get_iterator('main').next()`: `let it: SerialIterator<TupleDataset> = getIterator()`.
    public func getIterator<I: DatasetIterator>(_ name: String = "main", as type: I.Type = I.self) -> I {
        getIterator(name).asIterator(I.self, of: "\(Swift.type(of: self)) (\(name))")
    }

    /// The optimizer registered as `name` (Chainer's `get_optimizer`), e.g. `trainer.updater.getOptimizer()` in an
    /// extension.
    public func getOptimizer(_ name: String = "main") -> Optimizer {
        guard let o = optimizers.first(where: { $0.0 == name })?.1 else {
            preconditionFailure("\(type(of: self)): no optimizer named \(name) (have \(optimizers.map(\.0)))")
        }
        return o
    }

    /// Every optimizer by name (Chainer's `get_all_optimizers`).
    public func getAllOptimizers() -> [String: Optimizer] {
        Dictionary(optimizers.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
    }
}
