/// The data-free graph node of a variable: what backward needs (creator, rank, shape), never the array (a function
/// that needs an input's array for its backward keeps it itself). Keeping arrays off the graph is what frees
/// intermediate results as soon as possible.
/// Fields skip the runtime exclusivity check for the reason given on `FunctionNode`.
public final class VariableNode {
    /// The function that produced this variable (nil for leaves).
    @exclusivity(unchecked) public internal(set) var creator: FunctionNode?
    /// Depth in the graph: creator's rank + 1 (0 for leaves).
    @exclusivity(unchecked) public internal(set) var rank: Int = 0
    /// Whether gradients flow to this variable.
    @exclusivity(unchecked) public internal(set) var requiresGrad: Bool
    /// Shape of the variable's array.
    @exclusivity(unchecked) public internal(set) var shape: [Int]
    /// Element type of the variable's array.
    @exclusivity(unchecked) public internal(set) var dtype: DType
    /// The gradient (what `Variable.grad` reads; kept on the node as in Chainer, so no back-pointer is needed).
    @exclusivity(unchecked) var grad: Variable?
    /// Gradient being accumulated during a backward pass (array form, for first-order passes).
    @exclusivity(unchecked) var pendingArray: NDArray?
    /// Gradient being accumulated during a backward pass (variable form, for double backprop).
    @exclusivity(unchecked) var pendingVar: Variable?
    /// Position among its creator's outputs.
    @exclusivity(unchecked) var outputIndex = 0
    /// Optional name (shown in graph dumps and messages).
    @exclusivity(unchecked) public var name: String?

    init(array: NDArray, requiresGrad: Bool) {
        shape = array.shape
        dtype = array.dtype
        self.requiresGrad = requiresGrad
    }

    /// An output node of `creator`, with every graph field set at once.
    init(output array: NDArray, of creator: FunctionNode, rank: Int, index: Int) {
        shape = array.shape
        dtype = array.dtype
        requiresGrad = true
        self.creator = creator
        self.rank = rank
        outputIndex = index
    }

    deinit {
        // The creator holds its outputs without retaining them; tell it this one is gone.
        creator?.outputDied(outputIndex)
        // Free long chains iteratively: a recursive teardown of a million-node chain overflows the stack. The common
        // chain (one function after another) needs no allocation: `next` carries it; `rest` takes any branching.
        var next: FunctionNode? = creator
        creator = nil
        var rest: [FunctionNode] = []
        while true {
            var f: FunctionNode
            if let n = next.take() { f = n } else if let p = rest.popLast() { f = p } else { break }
            // Shared (another output or holder still uses it): dropping our reference is shallow.
            guard isKnownUniquelyReferenced(&f) else { continue }
            // An input that dies with `f` gives up its creator first, so its deinit does not recurse.
            func detach(_ input: inout VariableNode) {
                guard isKnownUniquelyReferenced(&input), let c = input.creator else { return }
                c.outputDied(input.outputIndex)
                input.creator = nil
                if next == nil { next = c } else { rest.append(c) }
            }
            if var first = f.firstInput.take() { detach(&first) }
            var others = f.otherInputs
            f.otherInputs = []
            for i in others.indices { detach(&others[i]) }
        }
    }
}
