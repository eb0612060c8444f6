import ChainerArray
import Foundation

/// One key's sums over the current interval and the best interval mean so far: the state value triggers share, in
/// Chainer's keys (`summary/…`, `best_value`).
struct IntervalBest {
    /// The observed key.
    let key: String
    /// The current interval's sums.
    var summary = DictSummary()
    /// The best interval mean so far.
    var best: Double?

    /// Adds the key's value when this iteration reported it.
    mutating func observe(_ observation: [String: Double]) {
        if let v = observation[key] { summary.add([key: v]) }
    }

    /// Ends the interval: its mean of the key (nil when never reported), the sums starting again.
    mutating func closeInterval() -> Double? {
        defer { summary = DictSummary() }
        return summary.computeMean()[key]
    }

    /// `summary/…` and `best_value`.
    func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = [:]
        s.merge(summary.stateDict(), prefix: "summary/")
        if let best { s["best_value"] = NDArray(best) }
        return s
    }

    /// `summary/_names`.
    static let textStateKeys = Set(DictSummary.textStateKeys.map { "summary/" + $0 })

    /// Restores `stateDict()`.
    mutating func load(_ state: [String: NDArray]) throws(SerializationError) {
        summary = try DictSummary(state: state.subState("summary/"))
        best = state["best_value"].map { $0.item() }
    }
}

/// Fires at the end of an interval when the interval's mean of `key` is the best so far (Chainer's
/// `BestValueTrigger`; `MaxValueTrigger` and `MinValueTrigger` are the usual comparisons).
public class BestValueTrigger: Trigger {
    /// The observed key.
    public let key: String
    private let isBetter: (Double, Double) -> Bool
    private let interval: IntervalTrigger
    private var tracked: IntervalBest
    /// The best mean seen so far.
    public var best: Double? { tracked.best }

    /// Fires when `compare(best, mean)` at the end of each `trigger` interval (Chainer's
    /// `BestValueTrigger(key, compare, trigger)`, with `compare(best_value, new_value)`).
    public convenience init(_ key: String, _ compare: @escaping (Double, Double) -> Bool,
                            trigger: (Int, IntervalUnit) = (1, .epoch)) {
        self.init(key, compare: compare, trigger: trigger)
    }

    /// `init(_:_:trigger:)` with the comparison labelled.
    public init(_ key: String, compare isBetter: @escaping (Double, Double) -> Bool, trigger: (Int, IntervalUnit) = (1, .epoch)) {
        self.key = key
        self.isBetter = isBetter
        tracked = IntervalBest(key: key)
        interval = IntervalTrigger(trigger.0, trigger.1)
    }

    /// Accumulates the key; at the interval's end, whether the mean improved. An interval that never saw the key
    /// stops with a message (a misspelled key, or an evaluator that runs less often; Chainer raises KeyError).
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        tracked.observe(trainer.observation)
        guard interval(trainer) else { return false }
        guard let value = tracked.closeInterval() else {
            preconditionFailure("\(type(of: self)): key \"\(key)\" was not reported in this interval (reported: \(trainer.observation.keys.sorted()))")
        }
        if best == nil || isBetter(best!, value) {
            tracked.best = value
            return true
        }
        return false
    }

    /// Chainer's keys: the best value, the interval's position and the unfinished interval's sums.
    public func stateDict() -> [String: NDArray] {
        var s = tracked.stateDict()
        s.merge(interval.stateDict(), prefix: "interval_trigger/")
        return s
    }

    /// `summary/_names`.
    public var textStateKeys: Set<String> { IntervalBest.textStateKeys }

    /// Restores the best value, the interval's position and sums.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        var restored = tracked
        try restored.load(state)
        try interval.loadStateDict(state.subState("interval_trigger/"))
        tracked = restored
    }
}

/// Fires when the interval mean of `key` reaches a new maximum (Chainer's `MaxValueTrigger`).
public final class MaxValueTrigger: BestValueTrigger {
    /// Watches `key` every `trigger`.
    public init(_ key: String, trigger: (Int, IntervalUnit) = (1, .epoch)) { super.init(key, compare: { best, new in new > best }, trigger: trigger) }
}

/// Fires when the interval mean of `key` reaches a new minimum (Chainer's `MinValueTrigger`).
public final class MinValueTrigger: BestValueTrigger {
    /// Watches `key` every `trigger`.
    public init(_ key: String, trigger: (Int, IntervalUnit) = (1, .epoch)) { super.init(key, compare: { best, new in new < best }, trigger: trigger) }
}

/// Fires every `period` seconds of training time (Chainer's `TimeTrigger`).
public final class TimeTrigger: Trigger {
    /// Seconds between firings.
    public let period: Double
    private var nextTime: Double

    /// Fires each time `period` more seconds have elapsed (every iteration for 0, as Chainer's).
    public init(_ period: Double) {
        precondition(period >= 0, "TimeTrigger: period must not be negative, got \(period)")
        self.period = period
        nextTime = period
    }

    /// Whether the next deadline passed.
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        guard trainer.elapsedTime >= nextTime else { return false }
        nextTime += period
        return true
    }

    /// Chainer's key `next_time`.
    public func stateDict() -> [String: NDArray] { ["next_time": NDArray(nextTime)] }

    /// Restores the next deadline.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) { nextTime = try state.double("next_time") }
}

/// A stop trigger that ends training when `monitor` has not improved for `patience` checks, or at `maxTrigger`
/// (Chainer's `EarlyStoppingTrigger`).
public final class EarlyStoppingTrigger: Trigger {
    /// What is watched for improvement.
    public enum Mode: Sendable {
        /// Larger is better for keys containing "accuracy", smaller otherwise (as Chainer).
        case auto
        /// Smaller is better.
        case min
        /// Larger is better.
        case max
    }
    /// The watched key.
    public let monitor: String
    /// How many non-improving checks stop training.
    public let patience: Int
    private let smallerIsBetter: Bool
    private let check: IntervalTrigger
    private let maxTrigger: IntervalTrigger
    private var tracked: IntervalBest
    private var count = 0

    /// Stops after `patience` checks (every `checkTrigger`) without improvement of `monitor`, or at `maxTrigger`.
    public init(checkTrigger: (Int, IntervalUnit) = (1, .epoch), monitor: String = "main/loss", patience: Int = 3,
                mode: Mode = .auto, maxTrigger: (Int, IntervalUnit) = (100, .epoch)) {
        self.monitor = monitor
        self.patience = patience
        tracked = IntervalBest(key: monitor)
        switch mode {
        case .auto: smallerIsBetter = !monitor.contains("accuracy")
        case .min: smallerIsBetter = true
        case .max: smallerIsBetter = false
        }
        check = IntervalTrigger(checkTrigger.0, checkTrigger.1)
        self.maxTrigger = IntervalTrigger(maxTrigger.0, maxTrigger.1)
    }

    /// Whether training should stop now.
    public func callAsFunction(_ trainer: Trainer) -> Bool {
        let observation = trainer.observation
        tracked.observe(observation)
        if maxTrigger(trainer) { return true }
        guard check(trainer) else { return false }
        guard observation[monitor] != nil, let value = tracked.closeInterval() else {
            warnUnobserved(observation)
            return false
        }
        if let best = tracked.best, !(smallerIsBetter ? value < best : value > best) {
            count += 1
        } else {
            tracked.best = value
            count = 0
        }
        return count >= patience
    }

    /// The maximum length.
    public var trainingLength: (Int, IntervalUnit)? { maxTrigger.trainingLength }

    /// Whether a check has found no `monitor` (said once on standard error).
    private(set) var warned = false

    /// Says once on standard error that a check found no `monitor` (a misspelt key would otherwise train silently
    /// to `maxTrigger`; Chainer warns at every check).
    private func warnUnobserved(_ observation: [String: Double]) {
        guard !warned else { return }
        warned = true
        let keys = observation.keys.sorted().joined(separator: ", ")
        FileHandle.standardError.write(Data(("EarlyStoppingTrigger: \(monitor) is not in the observation at this check "
                                             + "(it has: \(keys.isEmpty ? "nothing" : keys)); training goes on to the max trigger\n").utf8))
    }

    /// The best value, the count of checks without improvement, both intervals' positions and the unfinished
    /// interval's sums (Chainer saves none of it, so its resumed runs forget their patience).
    public func stateDict() -> [String: NDArray] {
        var s = tracked.stateDict()
        s["count"] = NDArray(count)
        s.merge(check.stateDict(), prefix: "check_trigger/")
        s.merge(maxTrigger.stateDict(), prefix: "max_trigger/")
        return s
    }

    /// `summary/_names`.
    public var textStateKeys: Set<String> { IntervalBest.textStateKeys }

    /// Restores what `stateDict()` saved.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        var restored = tracked
        try restored.load(state)
        let n = try state.int("count")
        try check.loadStateDict(state.subState("check_trigger/"))
        try maxTrigger.loadStateDict(state.subState("max_trigger/"))
        count = n
        tracked = restored
    }
}
