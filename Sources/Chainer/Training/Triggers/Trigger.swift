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
    /// The keys of `stateDict()` that hold UTF-8 text.
    var textStateKeys: Set<String> { get }
}

extension Trigger {
    /// No known length.
    public var trainingLength: (Int, IntervalUnit)? { nil }
    /// No state.
    public func stateDict() -> [String: NDArray] { [:] }
    /// No state.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {}
    /// No text.
    public var textStateKeys: Set<String> { [] }
}

/// Fires every `period` epochs or iterations (Chainer's `IntervalTrigger`); epochs count fractionally, so it fires on
/// the iteration that crosses a multiple of the period.
public final class IntervalTrigger: Trigger {
    /// The interval length.
    public let period: Int
    /// The interval unit.
    public let unit: IntervalUnit
    private var previous = PreviousPosition()

    /// Fires every `period` units.
    public init(_ period: Int, _ unit: IntervalUnit) {
        precondition(period >= 1, "IntervalTrigger: period must be positive, got \(period)")
        self.period = period
        self.unit = unit
    }

    /// Whether a multiple of the period was crossed since the last call.
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        let (iteration, epochDetail) = previous.advance(to: trainer.updater)
        switch unit {
        case .epoch:
            let p = Double(period)
            return (epochDetail / p).rounded(.down) != (trainer.updater.epochDetail / p).rounded(.down)
        case .iteration:
            return iteration / period != trainer.updater.iteration / period
        }
    }

    /// The period and unit.
    public var trainingLength: (Int, IntervalUnit)? { (period, unit) }

    /// Chainer's keys: `previous_iteration`, `previous_epoch_detail`.
    public func stateDict() -> [String: NDArray] { previous.stateDict() }

    /// Restores the previous position.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        previous = try PreviousPosition(state)
    }
}

/// Fires at the listed points (Chainer's `ManualScheduleTrigger`).
public final class ManualScheduleTrigger: Trigger {
    /// The points at which it fires (fractional epochs allowed, as in Chainer).
    public let points: [Double]
    /// Their unit.
    public let unit: IntervalUnit
    private var previous = PreviousPosition()

    /// Fires when training crosses any of `points` (in `unit`; `[1, 2.5]` epochs fires mid-epoch too).
    public init(_ points: [Double], _ unit: IntervalUnit) {
        precondition(points.allSatisfy { $0.isFinite && abs($0) < 1e15 }, "ManualScheduleTrigger: points must be finite, got \(points)")
        self.points = points
        self.unit = unit
    }

    /// Fires when training crosses any of `points` (in `unit`).
    public convenience init(_ points: [Int], _ unit: IntervalUnit) { self.init(points.map(Double.init), unit) }

    /// Fires once, when training crosses `point` (Chainer accepts a single point too).
    public convenience init(_ point: Int, _ unit: IntervalUnit) { self.init([Double(point)], unit) }

    /// Fires once, when training crosses the fractional `point`.
    public convenience init(_ point: Double, _ unit: IntervalUnit) { self.init([point], unit) }

    /// Whether a point was crossed since the last call.
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        let (iteration, epochDetail) = previous.advance(to: trainer.updater)
        let updater = trainer.updater
        switch unit {
        case .epoch: return points.contains { $0 > epochDetail && $0 <= updater.epochDetail }
        case .iteration: return points.contains { $0 > Double(iteration) && $0 <= Double(updater.iteration) }
        }
    }

    /// The last point (rounded up to a whole unit).
    public var trainingLength: (Int, IntervalUnit)? { points.max().map { (Int($0.rounded(.up)), unit) } }

    /// Chainer's keys: `previous_iteration`, `previous_epoch_detail`.
    public func stateDict() -> [String: NDArray] { previous.stateDict() }

    /// Restores the previous position.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        previous = try PreviousPosition(state)
    }
}

/// Fires at its first call; after a resume from a snapshot it fires again only with `callOnResume` (Chainer's
/// `OnceTrigger`, which saves `_flag_first`).
public final class OnceTrigger: Trigger {
    private var first = true
    private var resumed: Bool
    /// Whether it will not fire any more.
    public var finished: Bool { !(first || resumed) }

    /// Fires at the first call, and at the first call after a resume when `callOnResume`.
    public init(callOnResume: Bool = false) { resumed = callOnResume }

    /// True the first time only.
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        defer { first = false; resumed = false }
        return !finished
    }

    /// Chainer's key `_flag_first`.
    public func stateDict() -> [String: NDArray] { ["_flag_first": NDArray(first)] }

    /// Restores whether the first call is still to come (a state without the key leaves it as it is).
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        if state["_flag_first"] != nil { first = try state.int("_flag_first") != 0 }
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

/// Where training stood at a trigger's previous call (what Chainer's interval and schedule triggers compare with).
struct PreviousPosition {
    private var iteration = 0
    private var epochDetail = 0.0

    init() {}

    /// Restores a position saved by `stateDict()`.
    init(_ state: [String: NDArray]) throws(SerializationError) {
        iteration = try state.int("previous_iteration")
        epochDetail = try state.double("previous_epoch_detail")
    }

    /// Moves to the updater's position and returns the one before.
    mutating func advance(to updater: any Updater) -> (iteration: Int, epochDetail: Double) {
        defer { iteration = updater.iteration; epochDetail = updater.epochDetail }
        return (iteration, epochDetail)
    }

    /// Chainer's keys: `previous_iteration`, `previous_epoch_detail`.
    func stateDict() -> [String: NDArray] {
        ["previous_iteration": NDArray(iteration), "previous_epoch_detail": NDArray(epochDetail)]
    }
}
