import Foundation

/// What a link hook sees around one forward call (Chainer's `_ForwardPreprocessCallbackArgs` and
/// `_ForwardPostprocessCallbackArgs`).
public struct LinkHookCall {
    /// The link being called.
    public let link: Link
    /// The forward method's name (always "forward", as in Chainer).
    public let forwardName: String
    /// The variables the link was called with.
    public let inputs: [Variable]
    /// The variables it returned (empty before forward).
    public let outputs: [Variable]
}

/// Something called before and after a link's forward (Chainer's `chainer.LinkHook`). Subclass it and override the
/// callbacks; register it on one link with `link.addHook(_:name:)`, or for every link a block calls with
/// `LinkHooks.using(_:_:)`.
open class LinkHook: @unchecked Sendable {
    /// The hook's name: the key under which a link holds it (unique per link).
    public let name: String

    /// Creates a hook called `name`.
    public init(name: String = "LinkHook") { self.name = name }

    /// Called when the hook is registered: with the link for `addHook`, nil for `LinkHooks.using`.
    open func added(to link: Link?) {}
    /// Called when the hook is unregistered: with the link for `deleteHook`, nil at the end of `LinkHooks.using`.
    open func deleted(from link: Link?) {}
    /// Called before the link's forward.
    open func forwardPreprocess(_ call: LinkHookCall) {}
    /// Called after the link's forward.
    open func forwardPostprocess(_ call: LinkHookCall) {}
}

/// Chainer's `chainer.link_hooks` namespace, and the scoped registration of link hooks.
public enum LinkHooks {
    private static let lock = NSLock()
    /// How many hook registrations exist anywhere (link-local ones and `using` scopes in force). Read without the
    /// lock on every link call: a stale read can only happen while another thread is adding or removing a hook,
    /// which Chainer's thread-local hooks never promised to see either.
    nonisolated(unsafe) static var activeCount = 0

    /// Counts registrations up or down.
    static func adjustActive(_ delta: Int) {
        lock.lock(); activeCount += delta; lock.unlock()
    }

    /// Hooks of the enclosing `using` scopes of this task, outermost first.
    @TaskLocal static var scoped: [LinkHook] = []

    /// Runs `body` with `hook` called around every link forward in this task (Chainer's `with hook:`); stops when a
    /// hook of the same name is already in force here.
    public static func using<R>(_ hook: LinkHook, _ body: () throws -> R) rethrows -> R {
        let outer = scoped
        precondition(!outer.contains { $0.name == hook.name }, "LinkHooks.using: a hook named \(hook.name) is already in force")
        adjustActive(1)
        hook.added(to: nil)
        defer {
            hook.deleted(from: nil)
            adjustActive(-1)
        }
        return try $scoped.withValue(outer + [hook], operation: body)
    }

    /// A hook made of closures, for custom pre/post processing without a subclass.
    public final class Forward: LinkHook, @unchecked Sendable {
        private let pre: (LinkHookCall) -> Void
        private let post: (LinkHookCall) -> Void

        /// Creates a hook calling `pre` before and `post` after each forward.
        public init(name: String = "Forward", pre: @escaping (LinkHookCall) -> Void = { _ in },
                    post: @escaping (LinkHookCall) -> Void = { _ in }) {
            self.pre = pre
            self.post = post
            super.init(name: name)
        }

        public override func forwardPreprocess(_ call: LinkHookCall) { pre(call) }
        public override func forwardPostprocess(_ call: LinkHookCall) { post(call) }
    }
}
