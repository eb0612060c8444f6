/// Named hyperparameters with a parent to fall back on (Chainer's `chainer.optimizer.Hyperparameter`): an update
/// rule's set overrides its optimizer's for one parameter, and anything it does not set reads the optimizer's.
///
/// ```swift
/// let opt = Adam(alpha: 0.01)
/// opt.hyperparam["alpha"] = 0.005            // a schedule changes every parameter's rate
/// opt.updateRule(for: "/l1/b")?.hyperparam["alpha"] = 0.001   // one parameter differs
/// ```
public final class Hyperparameter: CustomStringConvertible {
    /// Values set on this object (not the parent's).
    public private(set) var values: [String: Double] = [:]
    /// Where unset names are looked up.
    public let parent: Hyperparameter?

    /// Creates an empty set that falls back on `parent`.
    public init(parent: Hyperparameter? = nil) { self.parent = parent }

    /// The value of `name` here or in the nearest ancestor; setting it sets it here (nil removes it here).
    public subscript(name: String) -> Double? {
        get { values[name] ?? parent?[name] }
        set { values[name] = newValue }
    }

    /// The value of a hyperparameter the rule needs (stops with its name when nobody set it).
    public func require(_ name: String) -> Double {
        guard let v = self[name] else { preconditionFailure("Hyperparameter: \(name) is not set") }
        return v
    }

    /// A boolean hyperparameter (stored as 0 or 1).
    public func flag(_ name: String) -> Bool { (self[name] ?? 0) != 0 }

    /// Every name visible here with its effective value.
    public var effectiveValues: [String: Double] {
        var out = parent?.effectiveValues ?? [:]
        for (k, v) in values { out[k] = v }
        return out
    }

    public var description: String {
        "Hyperparameter(" + effectiveValues.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + ")"
    }
}
