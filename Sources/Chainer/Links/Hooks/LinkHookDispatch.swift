/// A link whose one-input call runs the link hooks around `forward(_:)` (Chainer's `Link.__call__` calling
/// `forward`). The standard links conform; a model gets hooks the same way by writing `forward` instead of
/// `callAsFunction`:
///
/// ```swift
/// final class MLP: ChainBase, ForwardLink {
///     let l1 = L.Linear(784, 100), l2 = L.Linear(100, 10)
///     func forward(_ x: Variable) -> Variable { l2(F.relu(l1(x))) }
/// }
/// ```
public protocol ForwardLink: Link, ChainCall {
    /// The link's computation, without hooks.
    func forward(_ x: Variable) -> Variable
}

extension ForwardLink {
    /// Runs `forward(x)` with the link hooks in force.
    public func callAsFunction(_ x: Variable) -> Variable { runHooks([x]) { forward(x) } }
}

extension Link {
    /// Runs `forward` with the link hooks in force (the `using` scopes', then this link's): each hook's
    /// `forwardPreprocess` before, `forwardPostprocess` after. With no hook registered anywhere it is one check.
    @inline(__always)
    public final func runHooks<Out>(_ inputs: @autoclosure () -> [Variable], outputs: (Out) -> [Variable],
                                    _ forward: () -> Out) -> Out {
        if LinkHooks.activeCount == 0 { return forward() }
        return runHooksSlow(inputs(), outputs: outputs, forward)
    }

    /// `runHooks` for a forward returning one variable.
    @inline(__always)
    public final func runHooks(_ inputs: @autoclosure () -> [Variable], _ forward: () -> Variable) -> Variable {
        if LinkHooks.activeCount == 0 { return forward() }
        return runHooksSlow(inputs(), outputs: { [$0] }, forward)
    }

    private func runHooksSlow<Out>(_ inputs: [Variable], outputs: (Out) -> [Variable], _ forward: () -> Out) -> Out {
        var hooks = LinkHooks.scoped
        for (name, hook) in localHooks {
            if let i = hooks.firstIndex(where: { $0.name == name }) { hooks[i] = hook } else { hooks.append(hook) }
        }
        if hooks.isEmpty { return forward() }
        let pre = LinkHookCall(link: self, forwardName: "forward", inputs: inputs, outputs: [])
        for hook in hooks { hook.forwardPreprocess(pre) }
        let out = forward()
        let post = LinkHookCall(link: self, forwardName: "forward", inputs: inputs, outputs: outputs(out))
        for hook in hooks { hook.forwardPostprocess(post) }
        return out
    }

    /// Registers `hook` on this link under `name` (the hook's own name by default) and returns the link (Chainer's
    /// `add_hook`); stops when a hook of that name is already registered here.
    @discardableResult
    public final func addHook(_ hook: LinkHook, name: String? = nil) -> Self {
        let key = name ?? hook.name
        precondition(!localHooks.contains { $0.name == key }, "addHook: \(type(of: self)) already has a hook named \(key)")
        localHooks.append((key, hook))
        LinkHooks.adjustActive(1)
        hook.added(to: self)
        return self
    }

    /// Unregisters the hook called `name` (Chainer's `delete_hook`); stops when there is none.
    public final func deleteHook(_ name: String) {
        guard let i = localHooks.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("deleteHook: \(type(of: self)) has no hook named \(name)")
        }
        let hook = localHooks.remove(at: i).hook
        LinkHooks.adjustActive(-1)
        hook.deleted(from: self)
    }

    /// The variable forward uses for a registered parameter: the parameter itself, or what a hook put in its place
    /// for this call (a normalised weight through which gradients still reach the parameter).
    @inline(__always)
    public final func current(_ p: Parameter) -> Variable {
        if substitutes.isEmpty { return p }
        return p.name.flatMap { substitutes[$0] } ?? p
    }

    /// `current` for an optional parameter (a bias).
    @inline(__always)
    public final func current(_ p: Parameter?) -> Variable? { p.map { current($0) } }

    /// Makes forward use `value` for the registered parameter `name` until `restoreParameter(_:)`.
    public final func substituteParameter(_ name: String, with value: Variable) {
        precondition(param(name) != nil, "substituteParameter: \(type(of: self)) has no parameter named \(name)")
        substitutes[name] = value
    }

    /// Makes forward use the registered parameter `name` itself again.
    public final func restoreParameter(_ name: String) { substitutes[name] = nil }
}
