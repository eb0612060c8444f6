/// Reports a value computed from the trainer, by default once per epoch (Chainer's `observe_value`, named as
/// Chainer names it, `_observe_value`, so snapshots load both ways).
public func observeValue(_ key: String, trigger: (Int, IntervalUnit) = (1, .epoch),
                         _ value: @escaping (Trainer) -> Double) -> Extension {
    LambdaExtension(name: "_observe_value", trigger: trigger, priority: Extension.priorityWriter) { trainer in
        report([key: value(trainer)])
    }
}

/// Stops training with an error when any parameter of the main optimizer's target holds NaN or infinity
/// (Chainer's `FailOnNonNumber`).
public final class FailOnNonNumber: Extension {
    /// Why training was stopped.
    public struct NonNumberError: Error, CustomStringConvertible {
        /// The offending parameter's path.
        public let path: String
        /// A one-line explanation.
        public var description: String { "FailOnNonNumber: the parameter \(path) holds NaN or infinity" }
    }

    /// Checks every iteration.
    public override init() { super.init() }

    /// Throws `NonNumberError` for the first parameter with a non-finite element.
    public override func callAsFunction(_ trainer: Trainer) throws {
        for (_, optimizer) in trainer.updater.optimizers {
            guard let target = optimizer.target else { continue }
            for (path, p) in target.namedParams() where p.isInitialized && p.size > 0 {
                // Element by element: a finite array's sum may still overflow (two 1e308 in float64).
                if p.array.isfinite().all().item() == 0 { throw NonNumberError(path: path) }
            }
        }
    }
}
