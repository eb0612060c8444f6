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
}
