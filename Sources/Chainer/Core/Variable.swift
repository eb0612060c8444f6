/// An array in the define-by-run graph (Chainer's `chainer.Variable`): operations on it record how it was made, so
/// `backward()` can compute gradients.
///
/// ```swift
/// let x = Variable(NDArray([1, 2, 3] as [Float]))
/// let y = F.sum(x * x)
/// y.backward()
/// print(x.grad!)   // array([2., 4., 6.], dtype=float32)
/// ```
open class Variable: CustomStringConvertible {
    /// The data (unchecked exclusivity: see `FunctionNode`).
    @exclusivity(unchecked) public final var array: NDArray {
        didSet {
            node.shape = array.shape; node.dtype = array.dtype
            if let sharing { sharing.arrayDidChange(in: self) }
        }
    }
    /// The variables this one holds its array with (parameters of links paired by `Link.copy(mode: .share)`).
    final var sharing: SharedArray?
    /// The array (Chainer's `Variable.data`, the older name of `array`).
    public final var data: NDArray {
        get { array }
        set { array = newValue }
    }
    /// The graph node.
    public final let node: VariableNode
    /// The gradient as a variable (kept differentiable when double backprop is on).
    public final var gradVar: Variable? {
        get { node.grad }
        set { node.grad = newValue }
    }

    /// A leaf variable over `array`.
    public init(_ array: NDArray, requiresGrad: Bool = true, name: String? = nil) {
        self.array = array
        node = VariableNode(array: array, requiresGrad: requiresGrad)
        if let name { node.name = name }
    }

    /// A variable sharing an existing node (for retained arrays).
    init(node: VariableNode, array: NDArray) {
        self.array = array
        self.node = node
    }

    /// The gradient array, if one was computed.
    public final var grad: NDArray? {
        get { gradVar?.array }
        set { gradVar = newValue.map { Variable($0, requiresGrad: false) } }
    }
    /// The variable's name.
    public final var name: String? {
        get { node.name }
        set { node.name = newValue }
    }
    /// Whether gradients flow to this variable.
    public final var requiresGrad: Bool { node.requiresGrad }
    /// The function that made this variable (nil for leaves).
    public final var creator: FunctionNode? { node.creator }
    /// Depth in the graph.
    public final var rank: Int { node.rank }
    /// Shape of the array.
    public final var shape: [Int] { array.shape }
    /// Element type.
    public final var dtype: DType { array.dtype }
    /// Number of axes.
    public final var ndim: Int { array.ndim }
    /// Number of elements.
    public final var size: Int { array.size }
    /// The single element as a Double.
    public final func item() -> Double { array.item() }

    /// Drops the gradient.
    public final func clearGrad() { gradVar = nil }
    /// Makes this variable a leaf (the graph behind it is no longer reachable from it).
    public final func unchain() { node.creator = nil }

    /// Cuts the graph behind this variable (truncated backprop through time): every function reachable from it
    /// forgets its inputs, so the arrays they held are freed.
    public final func unchainBackward() {
        var pending: [FunctionNode] = node.creator.map { [$0] } ?? []
        node.creator = nil
        var seen = Set<ObjectIdentifier>()
        while let f = pending.popLast() {
            guard seen.insert(ObjectIdentifier(f)).inserted else { continue }
            for n in f.inputs {
                if let c = n.creator { pending.append(c) }
                n.creator = nil
            }
        }
    }

    /// Cuts the part of the graph behind this variable that functions applied after `stamp` (a reading of
    /// `FunctionNode.graphClock`) make up, freeing the arrays they held; an older graph it reaches (one the caller
    /// built before and may backprop through again) stays whole.
    final func unchainBackward(since stamp: Int64) {
        guard let first = node.creator, first.graphStamp > stamp else { return }
        var pending = [first]
        node.creator = nil
        var seen = Set<ObjectIdentifier>()
        while let f = pending.popLast() {
            guard seen.insert(ObjectIdentifier(f)).inserted else { continue }
            for n in f.inputs {
                guard let c = n.creator, c.graphStamp > stamp else { continue }
                pending.append(c)
                n.creator = nil
            }
        }
    }

    public var description: String {
        "variable\(name.map { " \($0)" } ?? "")(\(array.description.dropFirst("array(".count).dropLast()))"
    }
}

/// A variable owned by a link: a learnable parameter (Chainer's `chainer.Parameter`). It may be created before its
/// shape is known and initialised on first use.
open class Parameter: Variable {
    /// Whether the array has been initialised.
    public final fileprivate(set) var isInitialized: Bool
    /// Creates an initialised parameter.
    public init(_ array: NDArray, name: String? = nil) {
        isInitialized = true
        super.init(array, requiresGrad: true, name: name)
    }

    /// Creates a parameter whose shape is not known yet.
    public init(uninitializedName name: String? = nil, dtype: DType = .float32) {
        isInitialized = false
        super.init(NDArray.zeros([0], dtype: dtype), requiresGrad: true, name: name)
    }

    /// Gives an uninitialised parameter its array.
    public final func initialize(_ array: NDArray) {
        isInitialized = true   // first, so parameters sharing this one take the array as initialised
        self.array = array
    }

    /// Puts back an array and initialisation state kept earlier (a failed load undone, `LoadBackup`).
    final func restore(_ array: NDArray, initialized: Bool) {
        isInitialized = initialized
        self.array = array
    }

    /// Stops with a named message when the parameter is used before initialisation.
    public final func checkInitialized(file: StaticString = #fileID, line: UInt = #line) {
        precondition(isInitialized, "Parameter \(name ?? "(unnamed)") is used before it is initialised", file: file, line: line)
    }
}

/// Variables that hold one array between them, as Chainer's shared ndarrays: giving one a new array (an optimizer
/// step, a load, `copyParams`) gives it to all. Their gradients stay their own.
final class SharedArray {
    private struct Member { weak var variable: Variable? }
    private var members: [Member] = []
    private var propagating = false

    /// Makes `a` and `b` hold one array from now on (b takes a's).
    static func join(_ a: Variable, _ b: Variable) {
        let group = a.sharing ?? b.sharing ?? SharedArray()
        for v in [a, b] where v.sharing !== group {
            group.members.append(Member(variable: v))
            v.sharing = group
        }
        group.members.removeAll { $0.variable == nil }
        group.arrayDidChange(in: a)
    }

    /// Hands `source`'s new array to the other members (a lazily allocated parameter's first array makes the others
    /// initialised too, as in Chainer, where the copy's first call finds the shared array allocated).
    func arrayDidChange(in source: Variable) {
        guard !propagating else { return }
        propagating = true
        defer { propagating = false }
        let initialized = (source as? Parameter)?.isInitialized ?? true
        for m in members {
            guard let v = m.variable, v !== source else { continue }
            v.array = source.array
            if initialized, let p = v as? Parameter { p.isInitialized = true }
        }
    }
}
