import ChainerArray
import Foundation

/// Sets a hyperparameter of an optimizer (through a key path) to a schedule's value each time it runs: the
/// common part of Chainer's `ExponentialShift`, `LinearShift`, `StepShift`, `MultistepShift`, `InverseShift`,
/// `PolynomialShift` and `WarmupShift`. Runs every iteration unless given another trigger.
///
/// ```swift
/// trainer.extend(ExponentialShift(\SGD.lr, rate: 0.5, optimizer: sgd), trigger: (1, .epoch))
/// ```
public class HyperparameterShift<O: Optimizer>: Extension {
    private let keyPath: ReferenceWritableKeyPath<O, Double>
    private var optimizer: O?
    private let schedule: (_ t: Int, _ initial: Double) -> Double?
    private var initial: Double?
    private var t = 0
    private var lastValue: Double?
    private let typeName: String
    private let extraState: (_ t: Int) -> [String: NDArray]

    /// Sets `optimizer[keyPath: keyPath]` to `schedule(t, initial)` at the t-th call (t = 0 when training starts);
    /// a nil value leaves the hyperparameter alone (WarmupShift after its warmup). `extraState` adds keys a
    /// schedule's Chainer counterpart saves besides `_t` and `_last_value`.
    public init(_ keyPath: ReferenceWritableKeyPath<O, Double>, optimizer: O? = nil, initial: Double? = nil, name: String,
                extraState: @escaping (_ t: Int) -> [String: NDArray] = { _ in [:] },
                schedule: @escaping (_ t: Int, _ initial: Double) -> Double?) {
        self.keyPath = keyPath
        self.optimizer = optimizer
        self.initial = initial
        self.schedule = schedule
        self.extraState = extraState
        typeName = name
    }

    /// The schedule's name (`ExponentialShift`, …).
    public override var defaultName: String { typeName }

    /// Applies the starting value (or the value restored from a snapshot).
    public override func initialize(_ trainer: Trainer) throws {
        if optimizer == nil {
            let main = trainer.updater.optimizers.first?.1
            guard let o = main as? O else {
                preconditionFailure("\(typeName): the main optimizer is \(main.map { "\(type(of: $0))" } ?? "missing"), not \(O.self); pass optimizer:")
            }
            optimizer = o
        }
        let start = initial ?? current
        initial = start
        if let value = lastValue ?? schedule(t, start) { apply(value) }
    }

    /// Advances the schedule by one step.
    public override func callAsFunction(_ trainer: Trainer) throws {
        t += 1
        if let value = schedule(t, initial ?? current) { apply(value) }
    }

    private var current: Double { target[keyPath: keyPath] }

    private var target: O {
        guard let optimizer else { preconditionFailure("\(typeName): used before the trainer initialised it") }
        return optimizer
    }

    private func apply(_ value: Double) {
        target[keyPath: keyPath] = value
        lastValue = value
    }

    /// Chainer's keys `_t` and `_last_value` (and the schedule's own, MultistepShift's `_current_step`).
    public override func stateDict() -> [String: NDArray] {
        var s = extraState(t)
        s["_t"] = NDArray(t)
        if let lastValue { s["_last_value"] = NDArray(lastValue) }
        return s
    }

    /// Restores the step count and the last value.
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        t = try state.int("_t")
        lastValue = state["_last_value"].map { $0.item() }
    }
}

/// `initial * rate^t`, stopping at `target` (Chainer's `ExponentialShift`).
public func ExponentialShift<O: Optimizer>(_ keyPath: ReferenceWritableKeyPath<O, Double>, rate: Double, initial: Double? = nil,
                                           target: Double? = nil, optimizer: O? = nil) -> HyperparameterShift<O> {
    HyperparameterShift(keyPath, optimizer: optimizer, initial: initial, name: "ExponentialShift") { t, v0 in
        clamp(v0 * pow(rate, Double(t)), at: target, growing: rate > 1)
    }
}

/// A schedule's value held at `target` once it passes it: from below when the schedule grows, from above otherwise.
private func clamp(_ value: Double, at target: Double?, growing: Bool) -> Double {
    guard let target else { return value }
    return growing ? Swift.min(value, target) : Swift.max(value, target)
}

/// Linear from `valueRange.0` at `timeRange.0` to `valueRange.1` at `timeRange.1` (Chainer's `LinearShift`).
public func LinearShift<O: Optimizer>(_ keyPath: ReferenceWritableKeyPath<O, Double>, valueRange: (Double, Double),
                                      timeRange: (Int, Int), optimizer: O? = nil) -> HyperparameterShift<O> {
    HyperparameterShift(keyPath, optimizer: optimizer, name: "LinearShift") { t, _ in
        if t <= timeRange.0 { return valueRange.0 }
        if t >= timeRange.1 { return valueRange.1 }
        let rate = Double(t - timeRange.0) / Double(timeRange.1 - timeRange.0)
        return valueRange.0 + rate * (valueRange.1 - valueRange.0)
    }
}

/// `initial * gamma^floor(t / step)`, stopping at `target` (Chainer's `StepShift`).
public func StepShift<O: Optimizer>(_ keyPath: ReferenceWritableKeyPath<O, Double>, gamma: Double, step: Int,
                                    initial: Double? = nil, target: Double? = nil, optimizer: O? = nil) -> HyperparameterShift<O> {
    HyperparameterShift(keyPath, optimizer: optimizer, initial: initial, name: "StepShift") { t, v0 in
        clamp(v0 * pow(gamma, Double(t / step)), at: target, growing: gamma > 1)
    }
}

/// `initial * gamma^(steps taken)` (Chainer's `MultistepShift`): a call takes the next step when `t` has reached its
/// value, at most one step per call, so unsorted or repeated values behave as in Chainer.
public func MultistepShift<O: Optimizer>(_ keyPath: ReferenceWritableKeyPath<O, Double>, gamma: Double, stepValues: [Int],
                                         initial: Double? = nil, optimizer: O? = nil) -> HyperparameterShift<O> {
    HyperparameterShift(keyPath, optimizer: optimizer, initial: initial, name: "MultistepShift",
                        extraState: { t in ["_current_step": NDArray(multistepsTaken(t, stepValues))] }) { t, v0 in
        v0 * pow(gamma, Double(multistepsTaken(t, stepValues)))
    }
}

/// The steps Chainer's MultistepShift has taken after `t` calls: step k is taken at call
/// `max(stepValues[k], call of step k-1 + 1)` (at the values themselves when they are sorted, distinct and positive).
func multistepsTaken(_ t: Int, _ stepValues: [Int]) -> Int {
    var taken = 0, lastCall = 0
    for value in stepValues {
        let call = Swift.max(value, lastCall + 1)
        guard call <= t else { break }
        taken += 1
        lastCall = call
    }
    return taken
}

/// `initial * (1 + gamma t)^(-power)`, stopping at `target` (Chainer's `InverseShift`).
public func InverseShift<O: Optimizer>(_ keyPath: ReferenceWritableKeyPath<O, Double>, gamma: Double, power: Double,
                                       initial: Double? = nil, target: Double? = nil,
                                       optimizer: O? = nil) -> HyperparameterShift<O> {
    HyperparameterShift(keyPath, optimizer: optimizer, initial: initial, name: "InverseShift") { t, v0 in
        clamp(v0 * pow(1 + gamma * Double(t), -power), at: target, growing: power < 0)
    }
}

/// `initial * (1 - t / maxCount)^rate`, stopping at `target` (Chainer's `PolynomialShift`).
public func PolynomialShift<O: Optimizer>(_ keyPath: ReferenceWritableKeyPath<O, Double>, rate: Double, maxCount: Int,
                                          initial: Double? = nil, target: Double? = nil,
                                          optimizer: O? = nil) -> HyperparameterShift<O> {
    HyperparameterShift(keyPath, optimizer: optimizer, initial: initial, name: "PolynomialShift") { t, v0 in
        clamp(v0 * pow(Swift.max(0, 1 - Double(t) / Double(maxCount)), rate), at: target, growing: rate < 0)
    }
}

/// Linear from `warmupStart` to the initial value over `warmupIterations`, then left alone, so later schedules or
/// code may change it (Chainer's `WarmupShift`).
public func WarmupShift<O: Optimizer>(_ keyPath: ReferenceWritableKeyPath<O, Double>, warmupStart: Double,
                                      warmupIterations: Int, initial: Double? = nil, optimizer: O? = nil) -> HyperparameterShift<O> {
    precondition(warmupIterations >= 1, "WarmupShift: warmupIterations must be positive, got \(warmupIterations)")
    return HyperparameterShift(keyPath, optimizer: optimizer, initial: initial, name: "WarmupShift") { t, v0 in
        guard t <= warmupIterations else { return nil }
        // Chainer's weighted form, so the values agree to the last bit.
        return (Double(t) * v0 + Double(warmupIterations - t) * warmupStart) / Double(warmupIterations)
    }
}

// The same schedules over a hyperparameter named as in Chainer (`ExponentialShift("lr", rate: 0.5)`), on the main
// optimizer or `optimizer`, whatever its type.

/// `ExponentialShift` of the hyperparameter `attribute` (Chainer's `ExponentialShift('lr', 0.5)`).
public func ExponentialShift(_ attribute: String, rate: Double, initial: Double? = nil, target: Double? = nil,
                             optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    ExponentialShift(\Optimizer[hyperparameter: attribute], rate: rate, initial: initial, target: target, optimizer: optimizer)
}

/// `LinearShift` of the hyperparameter `attribute`.
public func LinearShift(_ attribute: String, valueRange: (Double, Double), timeRange: (Int, Int),
                        optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    LinearShift(\Optimizer[hyperparameter: attribute], valueRange: valueRange, timeRange: timeRange, optimizer: optimizer)
}

/// `StepShift` of the hyperparameter `attribute`.
public func StepShift(_ attribute: String, gamma: Double, step: Int, initial: Double? = nil, target: Double? = nil,
                      optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    StepShift(\Optimizer[hyperparameter: attribute], gamma: gamma, step: step, initial: initial, target: target,
              optimizer: optimizer)
}

/// `MultistepShift` of the hyperparameter `attribute`.
public func MultistepShift(_ attribute: String, gamma: Double, stepValues: [Int], initial: Double? = nil,
                           optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    MultistepShift(\Optimizer[hyperparameter: attribute], gamma: gamma, stepValues: stepValues, initial: initial,
                   optimizer: optimizer)
}

/// `InverseShift` of the hyperparameter `attribute`.
public func InverseShift(_ attribute: String, gamma: Double, power: Double, initial: Double? = nil,
                         target: Double? = nil, optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    InverseShift(\Optimizer[hyperparameter: attribute], gamma: gamma, power: power, initial: initial, target: target,
                 optimizer: optimizer)
}

/// `PolynomialShift` of the hyperparameter `attribute`.
public func PolynomialShift(_ attribute: String, rate: Double, maxCount: Int, initial: Double? = nil,
                            target: Double? = nil, optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    PolynomialShift(\Optimizer[hyperparameter: attribute], rate: rate, maxCount: maxCount, initial: initial,
                    target: target, optimizer: optimizer)
}

/// `WarmupShift` of the hyperparameter `attribute`.
public func WarmupShift(_ attribute: String, warmupStart: Double, warmupIterations: Int, initial: Double? = nil,
                        optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    WarmupShift(\Optimizer[hyperparameter: attribute], warmupStart: warmupStart, warmupIterations: warmupIterations,
                initial: initial, optimizer: optimizer)
}

/// Reports the learning rate of the updater's optimizer `optimizerName` as `key`, by default once per epoch
/// (Chainer's `observe_lr`): Adam's effective step size `lr`, else the `lr` hyperparameter.
public func observeLR(optimizerName: String = "main", key: String = "lr",
                      trigger: (Int, IntervalUnit) = (1, .epoch)) -> Extension {
    observeValue(key, trigger: trigger) { trainer in
        guard let o = trainer.updater.optimizers.first(where: { $0.0 == optimizerName })?.1 else {
            preconditionFailure("observeLR: the updater has no optimizer named \(optimizerName)")
        }
        guard let lr = (o as? Adam)?.lr ?? o.hyperparam["lr"] else {
            preconditionFailure("observeLR: \(type(of: o)) has no lr; pass its key path")
        }
        return lr
    }
}

/// Reports an optimizer's hyperparameter as `key`, by default once per epoch (Chainer's `observe_lr`).
public func observeLR<O: Optimizer>(_ optimizer: O, _ keyPath: KeyPath<O, Double>, key: String = "lr",
                                    trigger: (Int, IntervalUnit) = (1, .epoch)) -> Extension {
    observeValue(key, trigger: trigger) { _ in optimizer[keyPath: keyPath] }
}

// The same schedules in Chainer's own argument order and names (`ExponentialShift("lr", 0.5, init: 0.1)`), for
// code ported from Python.

/// Chainer's `ExponentialShift(attr, rate, init=None, target=None, optimizer=None)`.
public func ExponentialShift(_ attribute: String, _ rate: Double, init initial: Double? = nil, target: Double? = nil,
                             optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    ExponentialShift(attribute, rate: rate, initial: initial, target: target, optimizer: optimizer)
}

/// Chainer's `LinearShift(attr, value_range, time_range, optimizer=None)`.
public func LinearShift(_ attribute: String, _ valueRange: (Double, Double), _ timeRange: (Int, Int),
                        optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    LinearShift(attribute, valueRange: valueRange, timeRange: timeRange, optimizer: optimizer)
}

/// Chainer's `StepShift(attr, gamma, step, init=None, target=None, optimizer=None)`.
public func StepShift(_ attribute: String, _ gamma: Double, _ step: Int, init initial: Double? = nil, target: Double? = nil,
                      optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    StepShift(attribute, gamma: gamma, step: step, initial: initial, target: target, optimizer: optimizer)
}

/// Chainer's `MultistepShift(attr, gamma, step_value, init, optimizer=None)`.
public func MultistepShift(_ attribute: String, _ gamma: Double, _ stepValue: [Int], _ initial: Double?,
                           optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    MultistepShift(attribute, gamma: gamma, stepValues: stepValue, initial: initial, optimizer: optimizer)
}

/// Chainer's `InverseShift(attr, gamma, power, init=None, target=None, optimizer=None)`.
public func InverseShift(_ attribute: String, _ gamma: Double, _ power: Double, init initial: Double? = nil,
                         target: Double? = nil, optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    InverseShift(attribute, gamma: gamma, power: power, initial: initial, target: target, optimizer: optimizer)
}

/// Chainer's `PolynomialShift(attr, rate, max_count, init=None, target=None, optimizer=None)`.
public func PolynomialShift(_ attribute: String, _ rate: Double, _ maxCount: Int, init initial: Double? = nil,
                            target: Double? = nil, optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    PolynomialShift(attribute, rate: rate, maxCount: maxCount, initial: initial, target: target, optimizer: optimizer)
}

/// Chainer's `WarmupShift(attr, warmup_start, warmup_iter, init=None, optimizer=None)`.
public func WarmupShift(_ attribute: String, _ warmupStart: Double, _ warmupIter: Int, init initial: Double? = nil,
                        optimizer: Optimizer? = nil) -> HyperparameterShift<Optimizer> {
    WarmupShift(attribute, warmupStart: warmupStart, warmupIterations: warmupIter, initial: initial, optimizer: optimizer)
}
