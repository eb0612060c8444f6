import CChainerKernels
import Foundation

/// Hooks called around every function application and every function's backward (Chainer's function hooks).
public enum FunctionHooks {
    /// Something called before and after each function's forward and backward. The backward methods have empty
    /// defaults; a backward pass calls the hooks in force where `backward()` is called.
    public protocol Hook: AnyObject, Sendable {
        /// Called before forward.
        func forwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray])
        /// Called after forward.
        func forwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray], _ outputs: [NDArray])
        /// Called before the function's backward, with its retained inputs (nil where it kept none) and the
        /// gradients of its outputs (nil where none arrived).
        func backwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?])
        /// Called after the function's backward, with the same arguments.
        func backwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?])
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var global: [Hook] = []
    /// How many global hooks are installed, readable without the lock (every application checks it).
    private static let globalCount = AtomicCounter()

    /// Installs a hook for every function applied from now on, until `remove`.
    public static func add(_ hook: Hook) {
        lock.lock(); global.append(hook); globalCount.add(1); lock.unlock()
    }

    /// Removes a hook.
    public static func remove(_ hook: Hook) {
        lock.lock()
        let before = global.count
        global.removeAll { $0 === hook }
        globalCount.add(Int64(global.count - before))
        lock.unlock()
    }

    /// Runs `body` with `hook` installed for this task only (other threads and tasks do not see it).
    public static func using<R>(_ hook: Hook, _ body: () throws -> R) rethrows -> R {
        var c = Config.current
        c.scopedHooks.append(hook)
        return try Config.$scoped.withValue(c, operation: body)
    }

    /// The hooks in force under `config` (global ones, then the task's scoped ones); empty in the common case.
    @inline(__always)
    static func current(_ config: Config) -> [Hook] {
        if globalCount.value == 0 { return config.scopedHooks }
        lock.lock(); defer { lock.unlock() }
        return global + config.scopedHooks
    }
}

extension FunctionHooks.Hook {
    /// Does nothing.
    public func backwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?]) {}
    /// Does nothing.
    public func backwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?]) {}
}

/// A process-wide counter that is read without a lock.
final class AtomicCounter: @unchecked Sendable {
    private let cell: UnsafeMutablePointer<Int64>

    /// A counter at zero (never freed: counters are static).
    init() {
        cell = .allocate(capacity: 1)
        cell.initialize(to: 0)
    }

    /// The current value.
    var value: Int64 { ck_atomic_load(cell) }

    /// Adds `delta`.
    func add(_ delta: Int64) { _ = ck_atomic_add(cell, delta) }

    /// Adds one and returns the new value.
    func next() -> Int64 { ck_atomic_add(cell, 1) }
}
