/// A differentiable function in the graph (Chainer's `FunctionNode`). Subclasses implement `forward` on arrays and
/// `backward` with differentiable functions on variables, which gives double backprop for free.
///
/// ```swift
/// final class Square: FunctionNode {
///     override func forward(_ x: [NDArray]) -> [NDArray] { retainInputs([0]); return [x[0] * x[0]] }
///     override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
///         [2.0 * retainedInput(0) * gy[0]!]
///     }
/// }
/// ```
open class FunctionNode {
    /// Nodes of the inputs (set when the graph is recorded).
    public internal(set) var inputs: [VariableNode] = []
    /// Outputs, not retained (so unused results are freed); a dying output clears its entry via `outputDied`.
    final var outputs: [Unmanaged<VariableNode>?] = []
    /// Depth in the graph: the largest input rank.
    public internal(set) var rank = 0
    final var inputIndexesToRetain: [Int] = []
    final var outputIndexesToRetain: [Int] = []
    /// Arrays of retained outputs (held here too, since output nodes may die before backward).
    final var retainedOutputData: [NDArray?] = []
    /// Whether a running backward pass has queued this function.
    final var isQueued = false
    /// Where the function was applied (reported by debug mode).
    public internal(set) var callSite: String?

    /// Creates a function node.
    public init() {}

    /// The function's name in messages and graph dumps.
    open var label: String { String(describing: type(of: self)) }

    /// Computes the outputs from the input arrays.
    open func forward(_ inputs: [NDArray]) -> [NDArray] {
        preconditionFailure("\(label): forward is not implemented")
    }

    /// Computes the gradients of the inputs at `indexes` from the gradients of the outputs (nil: no gradient).
    open func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        preconditionFailure("\(label): backward is not implemented")
    }

    /// Asks that the inputs at `indexes` be kept for backward (call inside `forward`).
    public final func retainInputs(_ indexes: [Int]) { inputIndexesToRetain = indexes }
    /// Asks that the outputs at `indexes` be kept for backward (call inside `forward`).
    public final func retainOutputs(_ indexes: [Int]) { outputIndexesToRetain = indexes }

    /// A retained input, as the variable that was passed in (so double backprop stays connected).
    public final func retainedInput(_ index: Int) -> Variable { inputs[index].makeVariable() }

    /// A retained output, as a variable connected to this function.
    public final func retainedOutput(_ index: Int) -> Variable {
        guard index < retainedOutputData.count, let data = retainedOutputData[index] else {
            preconditionFailure("\(label): output \(index) was not retained")
        }
        if let n = outputs[index]?.takeUnretainedValue() { return Variable(node: n, array: data) }
        // The output node died; rebuild one attached to this function so gradients still reach our inputs.
        let node = VariableNode(array: data, requiresGrad: true)
        node.creator = self
        node.rank = rank + 1
        node.outputIndex = index
        node.retainedData = data
        outputs[index] = Unmanaged.passUnretained(node)
        return Variable(node: node, array: data)
    }

    /// A retained input's array (for array-level backward).
    public final func retainedInputArray(_ index: Int) -> NDArray {
        guard let data = inputs[index].retainedData else { preconditionFailure("\(label): input \(index) was not retained") }
        return data
    }

    /// A retained output's array (for array-level backward).
    public final func retainedOutputArray(_ index: Int) -> NDArray {
        guard index < retainedOutputData.count, let data = retainedOutputData[index] else { preconditionFailure("\(label): output \(index) was not retained") }
        return data
    }

    /// Array-level gradients for first-order backprop, the fast path that builds no variables. Return nil (the
    /// default) to use `backward`; when implemented it must agree with `backward`.
    open func backwardArrays(_ indexes: [Int], _ gradOutputs: [NDArray?]) -> [NDArray?]? { nil }

    /// Called by an output node as it is freed.
    final func outputDied(_ index: Int) {
        if index < outputs.count { outputs[index] = nil }
    }

    /// The live output node at `index`.
    final func output(_ index: Int) -> VariableNode? { outputs[index]?.takeUnretainedValue() }

    /// Applies the function: runs forward and, when backprop is enabled and an input requires grad, records the graph.
    public final func apply(_ inputs: [Variable], file: StaticString = #fileID, line: UInt = #line) -> [Variable] {
        let config = Config.current
        let arrays = inputs.map(\.array)
        let hooks = FunctionHooks.current()  // looked up once per application
        for h in hooks { h.forwardPreprocess(self, arrays) }
        let outs = forward(arrays)
        for h in hooks { h.forwardPostprocess(self, arrays, outs) }
        if config.debug { DebugCheck.check(outs, function: label, phase: "forward", file: file, line: line) }
        let record = config.enableBackprop && inputs.contains { $0.requiresGrad }
        let outputs = outs.map { Variable($0, requiresGrad: record) }
        if record {
            self.inputs = inputs.map(\.node)
            rank = inputs.reduce(0) { Swift.max($0, $1.rank) }
            for (k, o) in outputs.enumerated() {
                o.node.creator = self
                o.node.rank = rank + 1
                o.node.outputIndex = k
            }
            self.outputs = outputs.map { Unmanaged.passUnretained($0.node) }
            for i in inputIndexesToRetain { inputs[i].node.retainedData = arrays[i] }
            if !outputIndexesToRetain.isEmpty {
                retainedOutputData = Array(repeating: nil, count: outs.count)
                for i in outputIndexesToRetain { retainedOutputData[i] = outs[i] }
            }
            if config.debug { callSite = "\(file):\(line)" }
        }
        inputIndexesToRetain = record ? inputIndexesToRetain : []
        outputIndexesToRetain = record ? outputIndexesToRetain : []
        return outputs
    }

    /// Applies a one-output function.
    public final func applySingle(_ inputs: [Variable], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        apply(inputs, file: file, line: line)[0]
    }
}

