import ChainerArray

/// The unit of a training interval.
public enum IntervalUnit: String, Sendable {
    /// Passes over the training set.
    case epoch
    /// Updates.
    case iteration
}

/// Decides, after each update, whether something happens now (Chainer's triggers).
public protocol Trigger: AnyObject {
    /// Whether to fire at the trainer's current state (called once per iteration; may keep state).
    func callAsFunction(_ trainer: Trainer) -> Bool
    /// The length of training this trigger stands for, when it is a stop trigger with a known length.
    var trainingLength: (Int, IntervalUnit)? { get }
    /// The state needed to resume exactly.
    func stateDict() -> [String: NDArray]
    /// Restores a state from `stateDict()`.
    func loadStateDict(_ state: [String: NDArray]) throws(SerializationError)
}

extension Trigger {
    /// No known length.
    public var trainingLength: (Int, IntervalUnit)? { nil }
    /// No state.
    public func stateDict() -> [String: NDArray] { [:] }
    /// No state.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {}
}

/// Fires every `period` epochs or iterations (Chainer's `IntervalTrigger`); epochs count fractionally, so it fires on
/// the iteration that crosses a multiple of the period.
public final class IntervalTrigger: Trigger {
    /// The interval length.
    public let period: Int
    /// The interval unit.
    public let unit: IntervalUnit
    private var previousIteration = 0
    private var previousEpochDetail = 0.0

    /// Fires every `period` units.
    public init(_ period: Int, _ unit: IntervalUnit) {
        precondition(period >= 1, "IntervalTrigger: period must be positive, got \(period)")
        self.period = period
        self.unit = unit
    }

    /// Whether a multiple of the period was crossed since the last call.
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        let updater = trainer.updater
        let fire: Bool
        switch unit {
        case .epoch:
            let p = Double(period)
            fire = (previousEpochDetail / p).rounded(.down) != (updater.epochDetail / p).rounded(.down)
        case .iteration:
            fire = previousIteration / period != updater.iteration / period
        }
        previousIteration = updater.iteration
        previousEpochDetail = updater.epochDetail
        return fire
    }

    /// The period and unit.
    public var trainingLength: (Int, IntervalUnit)? { (period, unit) }

    /// Chainer's keys: `previous_iteration`, `previous_epoch_detail`.
    public func stateDict() -> [String: NDArray] {
        ["previous_iteration": NDArray(previousIteration), "previous_epoch_detail": NDArray(previousEpochDetail)]
    }

    /// Restores the previous position.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        previousIteration = try state.int("previous_iteration")
        previousEpochDetail = try state.double("previous_epoch_detail")
    }
}

/// Fires at the listed points (Chainer's `ManualScheduleTrigger`).
public final class ManualScheduleTrigger: Trigger {
    /// The points at which it fires.
    public let points: [Int]
    /// Their unit.
    public let unit: IntervalUnit
    private var previousIteration = 0
    private var previousEpochDetail = 0.0

    /// Fires when training crosses any of `points` (in `unit`).
    public init(_ points: [Int], _ unit: IntervalUnit) {
        self.points = points
        self.unit = unit
    }

    /// Whether a point was crossed since the last call.
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        let updater = trainer.updater
        let fire: Bool
        switch unit {
        case .epoch:
            fire = points.contains { Double($0) > previousEpochDetail && Double($0) <= updater.epochDetail }
        case .iteration:
            fire = points.contains { $0 > previousIteration && $0 <= updater.iteration }
        }
        previousIteration = updater.iteration
        previousEpochDetail = updater.epochDetail
        return fire
    }

    /// The last point.
    public var trainingLength: (Int, IntervalUnit)? { points.max().map { ($0, unit) } }

    /// Chainer's keys: `previous_iteration`, `previous_epoch_detail`.
    public func stateDict() -> [String: NDArray] {
        ["previous_iteration": NDArray(previousIteration), "previous_epoch_detail": NDArray(previousEpochDetail)]
    }

    /// Restores the previous position.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        previousIteration = try state.int("previous_iteration")
        previousEpochDetail = try state.double("previous_epoch_detail")
    }
}

/// Fires once, at the first call, or right away when `callOnResume` (Chainer's `OnceTrigger`).
public final class OnceTrigger: Trigger {
    private var flag: Bool
    /// Whether it already fired.
    public var finished: Bool { !flag }

    /// Fires at the first call.
    public init(callOnResume: Bool = false) { flag = true; _ = callOnResume }

    /// True the first time only.
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        defer { flag = false }
        return flag
    }
}

/// A trigger built from a closure.
public final class ClosureTrigger: Trigger {
    private let body: (Trainer) -> Bool
    /// Fires when `body` returns true.
    public init(_ body: @escaping (Trainer) -> Bool) { self.body = body }
    /// Calls the closure.
    public func callAsFunction(_ trainer: Trainer) -> Bool { body(trainer) }
}
