/// A building block of models that owns parameters and child links (Chainer's `chainer.Link`).
///
/// Parameters are registered with their serialized names (`W`, `b`, …) so that files interoperate with Chainer; child
/// links are found by reflection over stored properties (a link, an optional link, or an array of links). Both are
/// walked sorted by name, as Chainer walks them (`namedParams()` of a Chain with `l2` and `l10` lists `l10` first).
///
/// ```swift
/// final class MLP: Chain {
///     let l1 = L.Linear(784, 100), l2 = L.Linear(100, 10)
///     func callAsFunction(_ x: Variable) -> Variable { l2(F.relu(l1(x))) }
/// }
/// let model = MLP()
/// print(model.namedParams().map(\.0))   // ["/l1/W", "/l1/b", "/l2/W", "/l2/b"]
/// ```
open class Link {
    /// Own parameters in registration order, with their serialized names.
    public final private(set) var registeredParams: [(String, Parameter)] = []
    /// Whether this link's parameters are updated by optimizers (see `disableUpdate`).
    public final private(set) var updateEnabled = true

    /// Creates a link with no parameters.
    public init() {}

    deinit {
        if !localHooks.isEmpty { LinkHooks.adjustActive(-localHooks.count) }
    }

    /// Hooks registered on this link alone, with their names, in registration order (see `addHook`).
    public final internal(set) var localHooks: [(name: String, hook: LinkHook)] = []
    /// Variables standing in for registered parameters during one forward (a link hook's normalised weight).
    final var substitutes: [String: Variable] = [:]

    /// Allocates parameters whose shapes depend on the input (a lazy link's first call); the default does nothing.
    /// Link hooks call it before reading a weight that may not exist yet.
    open func initializeLazyParams(_ x: Variable) {}

    /// A new link of the same type and configuration with freshly initialised parameters, used by `copy(mode:)`.
    /// Links that support copying override it; the default stops with a message naming the type.
    open func makeFresh() -> Link {
        preconditionFailure("copy(mode:): \(type(of: self)) does not override makeFresh(), so it cannot be copied; "
                            + "override it to return a new \(type(of: self)) built with the same arguments")
    }

    /// Removes a registered parameter (a link hook's `gamma` when the hook is deleted).
    final func unregister(_ name: String) { registeredParams.removeAll { $0.0 == name } }

    /// Registers a parameter under its serialized name (Chainer's `init_scope` assignment) and returns it.
    @discardableResult
    public final func register(_ parameter: Parameter, as name: String) -> Parameter {
        precondition(!registeredParams.contains { $0.0 == name }, "\(type(of: self)): a parameter named \(name) is already registered")
        parameter.name = name
        registeredParams.append((name, parameter))
        return parameter
    }

    /// Child links registered under a saved name of their own (see `register(_:as:)` for links).
    final private(set) var registeredChildren: [(String, Link)] = []

    /// Registers `link` as a child saved under `name`, for a Swift property whose name differs from the one in
    /// Chainer's files (`register(embedX, as: "embed_x")`, so a Chainer npz with `embed_x/W` loads); returns it.
    @discardableResult
    public final func register<Child: Link>(_ link: Child, as name: String) -> Child {
        precondition(!registeredChildren.contains { $0.0 == name }, "\(type(of: self)): a child named \(name) is already registered")
        registeredChildren.removeAll { $0.1 === link }
        registeredChildren.append((name, link))
        return link
    }

    /// Persistent values' serialized names in registration order (see `addPersistent`).
    public final internal(set) var persistentNames: [String] = []
    /// Persistent values by name; a registered name without a value is not yet initialised (a lazy link).
    final var persistentStore: [String: NDArray] {
        get { persistentValues.values }
        set { persistentValues.values = newValue }
    }
    /// The box holding `persistentStore`, which `copy(mode: .share)` gives the copy too.
    final var persistentValues = PersistentValues()

    /// Whether stored properties may hold unregistered parameters or child links, found by reflection. Library links
    /// whose parameters are all registered and that hold no links say false: the parameter walk every optimizer step
    /// makes then skips their reflection (about 20 µs per link).
    open class var discoversMembers: Bool { true }

    /// Direct child links with their names, sorted by name as Chainer's `sorted(self._children)` (an array
    /// property's links keep their index order): registered ones under their registered names, the rest found by
    /// reflection under their property names; override for custom layouts.
    open var namedChildren: [(String, Link)] {
        guard Self.discoversMembers else { return Link.sortedByName(registeredChildren) }
        var out = registeredChildren
        var seen = Set(registeredChildren.map { ObjectIdentifier($0.1) })
        var mirrors: [Mirror] = []
        var m: Mirror? = Mirror(reflecting: self)
        while let current = m, current.subjectType != Link.self { mirrors.append(current); m = current.superclassMirror }
        for mirror in mirrors.reversed() {
            for child in mirror.children {
                guard let label = child.label else { continue }
                let name = label.hasPrefix("$__lazy_storage_$_") ? String(label.dropFirst("$__lazy_storage_$_".count)) : label
                for (suffix, link) in Link.links(in: child.value) where seen.insert(ObjectIdentifier(link)).inserted {
                    out.append((name + suffix, link))
                }
            }
        }
        return Link.sortedByName(out)
    }

    /// `items` stably sorted by the name before any "/" (Swift's String order is by code points, as Python's).
    private static func sortedByName<T>(_ items: [(String, T)]) -> [(String, T)] {
        func key(_ name: String) -> Substring { name.prefix { $0 != "/" } }
        return items.enumerated().sorted { a, b in
            key(a.element.0) != key(b.element.0) ? key(a.element.0) < key(b.element.0) : a.offset < b.offset
        }.map(\.element)
    }

    /// Links stored in a property value: a link, an optional link or an array of links (named by index).
    private static func links(in value: Any) -> [(String, Link)] {
        if let link = value as? Link { return [("", link)] }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { links(in: $0.value) } ?? []
        case .collection:
            return mirror.children.enumerated().compactMap { i, c in (c.value as? Link).map { ("/\(i)", $0) } }
        default:
            return []
        }
    }

    /// Own parameters sorted by name as Chainer's `sorted(self._params)`: the registered ones and any `Parameter`
    /// stored properties not registered (named after the property).
    public final var ownParams: [(String, Parameter)] {
        var out = registeredParams
        guard Self.discoversMembers else { return Link.sortedByName(out) }
        var seen = Set(out.map { ObjectIdentifier($0.1) })
        var m: Mirror? = Mirror(reflecting: self)
        var mirrors: [Mirror] = []
        while let current = m, current.subjectType != Link.self { mirrors.append(current); m = current.superclassMirror }
        for mirror in mirrors.reversed() {
            for child in mirror.children {
                guard let label = child.label else { continue }
                let inner = Mirror(reflecting: child.value)
                let p = (child.value as? Parameter)
                    ?? (inner.displayStyle == .optional ? inner.children.first?.value as? Parameter : nil)
                if let p, seen.insert(ObjectIdentifier(p)).inserted {
                    if p.name == nil { p.name = label }
                    out.append((label, p))
                }
            }
        }
        return Link.sortedByName(out)
    }

    /// Every parameter with its path ("/l1/W"), own parameters first, then children depth-first; each once.
    public final func namedParams() -> [(String, Parameter)] { namedParamsAndFrozen().named }

    /// `namedParams`, and the parameters owned by a link whose updates are disabled, found in the same walk (an
    /// optimizer step needs both; each walk reflects over every link).
    final func namedParamsAndFrozen() -> (named: [(String, Parameter)], frozen: Set<ObjectIdentifier>) {
        var out: [(String, Parameter)] = []
        var frozen = Set<ObjectIdentifier>()
        var seen = Set<ObjectIdentifier>()
        var stack: [(String, Link)] = [("", self)]
        while let (prefix, link) = stack.popLast() {
            let own = link.ownParams
            if !link.updateEnabled { for (_, p) in own { frozen.insert(ObjectIdentifier(p)) } }
            for (name, p) in own where seen.insert(ObjectIdentifier(p)).inserted {
                out.append((prefix + "/" + name, p))
            }
            for (name, child) in link.namedChildren.reversed() { stack.append((prefix + "/" + name, child)) }
        }
        return (out, frozen)
    }

    /// Every parameter, in `namedParams` order.
    public final func params() -> [Parameter] { namedParams().map(\.1) }

    /// This link and every descendant with their paths ("/" for this one), depth-first.
    public final func namedLinks(skipSelf: Bool = false) -> [(String, Link)] {
        var out: [(String, Link)] = []
        var seen = Set<ObjectIdentifier>()
        var stack: [(String, Link)] = [("/", self)]
        while let (path, link) = stack.popLast() {
            guard seen.insert(ObjectIdentifier(link)).inserted else { continue }
            if !(skipSelf && link === self) { out.append((path, link)) }
            let base = path == "/" ? "" : path
            for (name, child) in link.namedChildren.reversed() { stack.append((base + "/" + name, child)) }
        }
        return out
    }

    /// This link and every descendant.
    public final func links(skipSelf: Bool = false) -> [Link] { namedLinks(skipSelf: skipSelf).map(\.1) }

    /// Drops every parameter's gradient.
    public final func clearGrads() { for p in params() { p.clearGrad() } }
    /// `clearGrads()` under Chainer's name, for code ported as it is.
    public final func cleargrads() { clearGrads() }

    /// Sets every initialised parameter's gradient to zeros.
    public final func zeroGrads() {
        for p in params() where p.isInitialized { p.grad = NDArray.zeros(p.shape, dtype: p.dtype) }
    }

    /// The number of parameter elements (initialised parameters only).
    public final func countParams() -> Int { params().filter(\.isInitialized).reduce(0) { $0 + $1.size } }

    /// Direct child links in `namedChildren` order (Chainer's `children()`).
    public final func children() -> [Link] { namedChildren.map(\.1) }

    /// Saves or loads this link's parameters, persistent values and children (Chainer's `Link.serialize`); override
    /// to add state, calling `super`.
    open func serialize(_ serializer: any Serializer) throws(SerializationError) {
        for (name, p) in ownParams { try serializer(name, p) }
        for name in persistentNames {
            var value = persistentStore[name]
            try serializer(name, &value)
            persistentStore[name] = value
        }
        for (name, child) in namedChildren { try child.serialize(serializer[name]) }
    }

    /// Freezes this link and its descendants: optimizers skip their parameters.
    public final func disableUpdate() { for l in links() { l.updateEnabled = false } }
    /// Unfreezes this link and its descendants.
    public final func enableUpdate() { for l in links() { l.updateEnabled = true } }
}

/// A link that holds other links (Chainer's `chainer.Chain`); subclass it for models with any call shape.
open class ChainBase: Link {}

/// A model called with one variable.
public protocol ChainCall: AnyObject {
    /// Runs the model.
    func callAsFunction(_ x: Variable) -> Variable
}

extension ChainCall {
    /// Runs the model on an array (a Variable that needs no gradient), as Chainer links accept arrays.
    public func callAsFunction(_ x: NDArray) -> Variable { self(Variable(x, requiresGrad: false)) }
}

extension Link {
    /// Calls a link known only as a `Link` (a `ChainList` child: `for link in layers { h = link(h) }`), as Python
    /// calls any link: one variable goes to a `ChainCall` link, several to a `LossLink`; other links stop with a
    /// message naming their type. Links whose type is known are called directly, without this: it is the overload
    /// chosen last, so a link's own `callAsFunction(_ x: Variable, train: Bool = true)` still wins for `link(x)`.
    @_disfavoredOverload
    public func callAsFunction(_ inputs: Variable...) -> Variable {
        if inputs.count == 1, let link = self as? any ChainCall { return link(inputs[0]) }
        if let link = self as? any LossLink { return link(inputs) }
        preconditionFailure("\(type(of: self)) cannot be called with \(inputs.count) variable(s): it is neither a "
                            + "ChainCall (one input) nor a LossLink; cast it to its own type to call it")
    }
}

/// A one-input model: subclass it and write `callAsFunction(_:)` (DESIGN.md section 4).
public typealias Chain = ChainBase & ChainCall

/// Chainer's `chainer.links` namespace (`L.Linear`, `L.Classifier`, …).
public enum L {}

/// A link's persistent values, in a box that links sharing them (`copy(mode: .share)`) both hold.
final class PersistentValues {
    /// The values by name.
    var values: [String: NDArray] = [:]
}
