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
///
/// Functions of one input and one output may also implement `forwardSingle` and `backwardSingle`: applied through
/// `applySingle(_: Variable)`, they then run without the arrays of the general path (define-by-run's cost per op).
///
/// The graph fields are `@exclusivity(unchecked)`: they are touched several times on every application and backward
/// step, never through overlapping accesses, and the runtime's dynamic check cost more than the rest of the bookkeeping.
open class FunctionNode {
    /// The first input's node (set when the graph is recorded), held apart so one-input functions need no array.
    @exclusivity(unchecked) final var firstInput: VariableNode?
    /// The other inputs' nodes (input k at k - 1).
    @exclusivity(unchecked) final var otherInputs: [VariableNode] = []
    /// The first output, not retained (so an unused result is freed); a dying output clears it via `outputDied`.
    @exclusivity(unchecked) final var firstOutput: Unmanaged<VariableNode>?
    /// The outputs after the first, held the same way (only functions with several outputs have any).
    @exclusivity(unchecked) final var otherOutputs: [Unmanaged<VariableNode>?] = []
    /// How many outputs the recorded application produced.
    @exclusivity(unchecked) final var outputCount = 0
    /// Depth in the graph: the largest input rank.
    @exclusivity(unchecked) public internal(set) final var rank = 0
    /// When the function joined a graph, on a process-wide clock: it tells the graph a loss function just built from
    /// one built before (see `Variable.unchainBackward(since:)`).
    @exclusivity(unchecked) final var graphStamp: Int64 = 0
    /// The clock `graphStamp` reads.
    static let graphClock = AtomicCounter()
    /// Which inputs and outputs `forward` asked to keep.
    @exclusivity(unchecked) final var inputsToRetain = IndexBits()
    @exclusivity(unchecked) final var outputsToRetain = IndexBits()
    /// The first input's array when retained. Held by the function, not the input's node, so it goes with the graph:
    /// a retained parameter (F.linear's W) is then uniquely owned again once the graph is released, and the
    /// optimizer's in-place step does not copy it.
    @exclusivity(unchecked) final var retainedFirstInput: NDArray?
    /// The first output's array when retained (held here too, since output nodes may die before backward).
    @exclusivity(unchecked) final var retainedFirstOutput: NDArray?
    /// The retained arrays of the inputs and outputs after the first: input k at k - 1, then output k at
    /// `inputCount - 1 + k - 1` (one field for both keeps the node, built on every op, small; empty when none is kept).
    @exclusivity(unchecked) final var retainedOthers: [NDArray?] = []
    /// Whether a running backward pass has queued this function.
    @exclusivity(unchecked) final var isQueued = false
    /// Where the function was applied (reported by debug mode).
    @exclusivity(unchecked) public internal(set) final var callSite: String?

    /// Creates a function node.
    public init() {}

    /// Nodes of the inputs (set when the graph is recorded).
    public final var inputs: [VariableNode] { firstInput.map { [$0] + otherInputs } ?? [] }

    /// Number of recorded inputs.
    final var inputCount: Int { firstInput == nil ? 0 : otherInputs.count + 1 }

    /// The recorded input node at `index`.
    final func input(_ index: Int) -> VariableNode { index == 0 ? firstInput! : otherInputs[index - 1] }

    /// The function's name in messages, hooks and graph dumps: Chainer's class name for the same function
    /// (`ReLU`, `LinearFunction`, `AddConstant`), so tools reading Chainer's dumps and timings read ours.
    open var label: String { String(describing: type(of: self)) }

    /// Computes the outputs from the input arrays.
    open func forward(_ inputs: [NDArray]) -> [NDArray] {
        preconditionFailure("\(label): forward is not implemented")
    }

    /// Computes the gradients of the inputs at `indexes` from the gradients of the outputs (nil: no gradient).
    open func backward(_ indexes: [Int], _ gradOutputs: [Variable?]) -> [Variable?] {
        preconditionFailure("\(label): backward is not implemented")
    }

    /// The one output of a one-input function, for `applySingle(_: Variable)`; nil (the default) uses `forward`.
    /// When implemented it must agree with `forward` (and call `retainInputs`/`retainOutputs` the same way).
    open func forwardSingle(_ input: NDArray) -> NDArray? { nil }

    /// The input gradient of a one-input, one-output function in a first-order pass; nil (the default) uses
    /// `backwardArrays`. When implemented it must agree with `backward`.
    open func backwardSingle(_ gradOutput: NDArray) -> NDArray? { nil }

    /// Asks that the inputs at `indexes` be kept for backward (call inside `forward`).
    public final func retainInputs(_ indexes: [Int]) { inputsToRetain = IndexBits(indexes) }
    /// Asks that the outputs at `indexes` be kept for backward (call inside `forward`).
    public final func retainOutputs(_ indexes: [Int]) { outputsToRetain = IndexBits(indexes) }

    /// A retained input, as the variable that was passed in (so double backprop stays connected).
    public final func retainedInput(_ index: Int) -> Variable {
        Variable(node: input(index), array: retainedInputArray(index))
    }

    /// A retained output, as a variable connected to this function.
    public final func retainedOutput(_ index: Int) -> Variable {
        guard let data = retainedOutputData(index) else { preconditionFailure("\(label): output \(index) was not retained") }
        if let n = output(index) { return Variable(node: n, array: data) }
        // The output node died; rebuild one attached to this function so gradients still reach our inputs.
        let node = VariableNode(output: data, of: self, rank: rank + 1, index: index)
        setOutput(index, node)
        return Variable(node: node, array: data)
    }

    /// The retained array of every input, nil where it was not retained (what backward hooks are shown).
    final var retainedInputArrays: [NDArray?] {
        (0..<inputCount).map { i in i == 0 ? retainedFirstInput : i - 1 < retainedOthers.count ? retainedOthers[i - 1] : nil }
    }

    /// A retained input's array (for array-level backward).
    public final func retainedInputArray(_ index: Int) -> NDArray {
        let other = index > 0 && index < inputCount && index - 1 < retainedOthers.count
        guard let data = index == 0 ? retainedFirstInput : other ? retainedOthers[index - 1] : nil else {
            preconditionFailure("\(label): input \(index) was not retained")
        }
        return data
    }

    /// A retained output's array (for array-level backward).
    public final func retainedOutputArray(_ index: Int) -> NDArray {
        guard let data = retainedOutputData(index) else { preconditionFailure("\(label): output \(index) was not retained") }
        return data
    }

    private final func retainedOutputData(_ index: Int) -> NDArray? {
        if index == 0 { return retainedFirstOutput }
        let k = Swift.max(inputCount - 1, 0) + index - 1
        return k < retainedOthers.count ? retainedOthers[k] : nil
    }

    /// Array-level gradients for first-order backprop, the fast path that builds no variables. Return nil (the
    /// default) to use `backward`; when implemented it must agree with `backward`.
    open func backwardArrays(_ indexes: [Int], _ gradOutputs: [NDArray?]) -> [NDArray?]? { nil }

    /// Whether `backwardArrays(_:_:accumulatingInto:)` may add gradients in place (Chainer's `backward_accumulate`):
    /// the pass then hands such a function the gradients its inputs hold already.
    open var accumulatesGradients: Bool { false }

    /// `backwardArrays` given the gradient each input holds so far (`accumulated[k]` for input `indexes[k]`, nil
    /// when it has none yet; its storage is the pass's alone). A function may add its gradient into that array in
    /// place (a GEMM with beta 1, a scatter-add) and return nil in the slot; gradients it returns are added as usual.
    /// Only called when `accumulatesGradients` is true.
    open func backwardArrays(_ indexes: [Int], _ gradOutputs: [NDArray?],
                             accumulatingInto accumulated: inout [NDArray?]) -> [NDArray?]? {
        backwardArrays(indexes, gradOutputs)
    }

    /// Called by an output node as it is freed.
    final func outputDied(_ index: Int) {
        if index == 0 { firstOutput = nil } else if index - 1 < otherOutputs.count { otherOutputs[index - 1] = nil }
    }

    /// The live output node at `index`.
    final func output(_ index: Int) -> VariableNode? {
        if index == 0 { return firstOutput?.takeUnretainedValue() }
        return otherOutputs[index - 1]?.takeUnretainedValue()
    }

    private final func setOutput(_ index: Int, _ node: VariableNode) {
        if index == 0 { firstOutput = Unmanaged.passUnretained(node) } else { otherOutputs[index - 1] = Unmanaged.passUnretained(node) }
    }

    /// Applies the function: runs forward and, when backprop is enabled and an input requires grad, records the graph.
    public final func apply(_ inputs: [Variable], file: StaticString = #fileID, line: UInt = #line) -> [Variable] {
        let config = Config.current
        let arrays = inputs.map(\.array)
        let hooks = FunctionHooks.current(config)
        for h in hooks { h.forwardPreprocess(self, arrays) }
        let outs = forward(arrays)
        for h in hooks { h.forwardPostprocess(self, arrays, outs) }
        if config.debug { DebugCheck.check(outs, function: label, phase: "forward", file: file, line: line) }
        let record = config.enableBackprop && inputs.contains { $0.requiresGrad }
        guard record else {
            inputsToRetain = IndexBits()
            outputsToRetain = IndexBits()
            return outs.map { Variable($0, requiresGrad: false) }
        }
        graphStamp = FunctionNode.graphClock.next()
        firstInput = inputs.first?.node
        otherInputs = inputs.dropFirst().map(\.node)
        rank = inputs.reduce(0) { Swift.max($0, $1.rank) }
        var outputs: [Variable] = []
        outputs.reserveCapacity(outs.count)
        for (k, y) in outs.enumerated() {
            outputs.append(Variable(node: VariableNode(output: y, of: self, rank: rank + 1, index: k), array: y))
        }
        outputCount = outs.count
        if let first = outputs.first { firstOutput = Unmanaged.passUnretained(first.node) }
        otherOutputs = outputs.dropFirst().map { Unmanaged.passUnretained($0.node) }
        if inputsToRetain.contains(0) { retainedFirstInput = arrays.first }
        if outputsToRetain.contains(0) { retainedFirstOutput = outs.first }
        let otherInputCount = Swift.max(inputs.count - 1, 0), slots = otherInputCount + Swift.max(outs.count - 1, 0)
        for i in inputs.indices.dropFirst() where inputsToRetain.contains(i) {
            if retainedOthers.isEmpty { retainedOthers = Array(repeating: nil, count: slots) }
            retainedOthers[i - 1] = arrays[i]
        }
        for i in outs.indices.dropFirst() where outputsToRetain.contains(i) {
            if retainedOthers.isEmpty { retainedOthers = Array(repeating: nil, count: slots) }
            retainedOthers[otherInputCount + i - 1] = outs[i]
        }
        if config.debug { callSite = "\(file):\(line)" }
        return outputs
    }

    /// Applies a one-output function.
    public final func applySingle(_ inputs: [Variable], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        apply(inputs, file: file, line: line)[0]
    }

    /// Applies a one-input, one-output function: through `forwardSingle` when the function implements it (no arrays
    /// of inputs or outputs are built), else as `apply`.
    public final func applySingle(_ input: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let config = Config.current
        guard FunctionHooks.current(config).isEmpty else { return apply([input], file: file, line: line)[0] }
        let x = input.array
        guard let y = forwardSingle(x) else { return apply([input], file: file, line: line)[0] }
        if config.debug { DebugCheck.check([y], function: label, phase: "forward", file: file, line: line) }
        let xNode = input.node
        guard config.enableBackprop && xNode.requiresGrad else {
            inputsToRetain = IndexBits()
            outputsToRetain = IndexBits()
            return Variable(y, requiresGrad: false)
        }
        graphStamp = FunctionNode.graphClock.next()
        firstInput = xNode
        rank = xNode.rank
        let yNode = VariableNode(output: y, of: self, rank: rank + 1, index: 0)
        firstOutput = Unmanaged.passUnretained(yNode)
        outputCount = 1
        if inputsToRetain.contains(0) { retainedFirstInput = x }
        if outputsToRetain.contains(0) { retainedFirstOutput = y }
        if config.debug { callSite = "\(file):\(line)" }
        return Variable(node: yNode, array: y)
    }
}

/// A set of input or output positions: a bit mask for the first 64 (every function so far), a list beyond.
struct IndexBits {
    private var bits: UInt64 = 0
    private var beyond: [Int] = []

    /// The empty set.
    init() {}

    /// The set of `indexes`.
    init(_ indexes: [Int]) {
        for i in indexes {
            if i >= 0 && i < 64 { bits |= 1 << UInt64(i) } else { beyond.append(i) }
        }
    }

    /// Whether no position is in the set.
    var isEmpty: Bool { bits == 0 && beyond.isEmpty }

    /// Whether `index` is in the set.
    func contains(_ index: Int) -> Bool {
        index >= 0 && index < 64 ? bits & (1 << UInt64(index)) != 0 : beyond.contains(index)
    }
}

extension String {
    /// The name with its first letter upper-cased (`tanh` → `Tanh`), as Chainer names its function classes.
    var chainerClassName: String { prefix(1).uppercased() + dropFirst() }
}
