/// The data-free graph node of a variable: what backward needs (creator, rank, shape), without the array unless a
/// function retained it. Keeping arrays off the graph is what frees intermediate results as soon as possible.
public final class VariableNode {
    /// The function that produced this variable (nil for leaves).
    public internal(set) var creator: FunctionNode?
    /// Depth in the graph: creator's rank + 1 (0 for leaves).
    public internal(set) var rank: Int = 0
    /// Whether gradients flow to this variable.
    public internal(set) var requiresGrad: Bool
    /// Shape of the variable's array.
    public internal(set) var shape: [Int]
    /// Element type of the variable's array.
    public internal(set) var dtype: DType
    /// The user-facing variable, while it is alive.
    weak var variable: Variable?
    /// The array, kept only when a function retained it for its backward.
    var retainedData: NDArray?
    /// Optional name (shown in graph dumps and messages).
    public var name: String?

    init(array: NDArray, requiresGrad: Bool, variable: Variable?) {
        shape = array.shape
        dtype = array.dtype
        self.requiresGrad = requiresGrad
        self.variable = variable
    }

    /// The variable of this node: the live one, or a new one over the retained array (Chainer's `get_variable`).
    func makeVariable() -> Variable {
        if let v = variable { return v }
        guard let data = retainedData else {
            preconditionFailure("VariableNode: the array of a \(shape) \(dtype) variable was not retained")
        }
        let v = Variable(node: self, array: data)
        return v
    }

    deinit {
        // Free long chains iteratively: a recursive teardown of a million-node chain overflows the stack.
        if creator == nil { return }
        // The array must hold the only reference: a named local still holding it would make it look shared below.
        var pending: [FunctionNode] = []
        pending.append(creator!)
        creator = nil
        while var f = pending.popLast() {
            guard isKnownUniquelyReferenced(&f) else { continue }
            var inputs = f.inputs
            f.inputs = []
            for i in inputs.indices where isKnownUniquelyReferenced(&inputs[i]) {
                if let c = inputs[i].creator {
                    inputs[i].creator = nil
                    pending.append(c)
                }
            }
        }
    }
}
