import Foundation

/// Chainer's `chainer.config`: process-wide defaults that task-local scopes override.
public struct Config: Sendable {
    /// Training mode (dropout and batch normalization behave differently in evaluation).
    public var train = true
    /// Whether functions record the graph for backprop.
    public var enableBackprop = true
    /// Checks every forward and backward output for NaN/Inf and reports where it arose.
    public var debug = false
    /// Whether functions check their input types and shapes.
    public var typeCheck = true
    /// The default floating-point dtype of links and initializers.
    public var dtype: DType = .float32
    /// Hooks of the enclosing `FunctionHooks.using` scopes; they ride in the same task-local as the rest, so each
    /// function application reads one task-local.
    var scopedHooks: [FunctionHooks.Hook] = []

    /// Creates the default configuration.
    public init() {}

    @TaskLocal static var scoped: Config?
    private static let lock = NSLock()
    nonisolated(unsafe) private static var defaults = Config()
    /// Nonzero once a default was changed; until then `current` outside scopes needs no lock (it is read on every
    /// function application).
    private static let defaultsChanged = AtomicCounter()

    /// The configuration in force here: the innermost `usingConfig` scope, else the global defaults.
    public static var current: Config {
        if let s = scoped { return s }
        if defaultsChanged.value == 0 { return Config() }
        lock.lock(); defer { lock.unlock() }
        return defaults
    }

    /// Changes a global default (what code outside every `usingConfig` scope sees).
    public static func setDefault<T>(_ key: WritableKeyPath<Config, T>, _ value: T) {
        lock.lock()
        defaults[keyPath: key] = value
        if defaultsChanged.value == 0 { defaultsChanged.add(1) }
        lock.unlock()
    }
}

/// Runs `body` with one configuration value changed (Chainer's `chainer.using_config`).
@discardableResult
public func usingConfig<T, R>(_ key: WritableKeyPath<Config, T>, _ value: T, _ body: () throws -> R) rethrows -> R {
    var c = Config.current
    c[keyPath: key] = value
    return try Config.$scoped.withValue(c, operation: body)
}

/// Runs `body` without recording the graph (Chainer's `no_backprop_mode`).
@discardableResult
public func noBackpropMode<R>(_ body: () throws -> R) rethrows -> R { try usingConfig(\.enableBackprop, false, body) }

/// Runs `body` recording the graph even inside `noBackpropMode` (Chainer's `force_backprop_mode`).
@discardableResult
public func forceBackpropMode<R>(_ body: () throws -> R) rethrows -> R { try usingConfig(\.enableBackprop, true, body) }
