import Foundation

/// Hooks called around every function application (Chainer's function hooks).
public enum FunctionHooks {
    /// Something called before and after each function's forward.
    public protocol Hook: AnyObject, Sendable {
        /// Called before forward.
        func forwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray])
        /// Called after forward.
        func forwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray], _ outputs: [NDArray])
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var global: [Hook] = []
    nonisolated(unsafe) private static var hasHooks = false

    /// Installs a hook for every function applied from now on, until `remove`.
    public static func add(_ hook: Hook) {
        lock.lock(); global.append(hook); hasHooks = true; lock.unlock()
    }

    /// Removes a hook.
    public static func remove(_ hook: Hook) {
        lock.lock(); global.removeAll { $0 === hook }; hasHooks = !global.isEmpty; lock.unlock()
    }

    /// Hooks of the enclosing `using` scopes of this task.
    @TaskLocal static var scoped: [Hook] = []

    /// Runs `body` with `hook` installed for this task only (other threads and tasks do not see it).
    public static func using<R>(_ hook: Hook, _ body: () throws -> R) rethrows -> R {
        try $scoped.withValue(scoped + [hook], operation: body)
    }

    /// The hooks in force here (global ones, then this task's scoped ones); empty in the common case.
    static func current() -> [Hook] {
        let local = scoped
        lock.lock(); defer { lock.unlock() }
        return hasHooks ? global + local : local
    }
}
