extension Variable {
    /// Computes gradients of this variable with respect to every leaf it depends on and accumulates them into the
    /// leaves' `grad` (Chainer's `Variable.backward`). The gradient of a one-element variable defaults to 1.
    public final func backward(retainGrad: Bool = false, enableDoubleBackprop: Bool = false, lossScale: Double? = nil) {
        Chainer.backward([self], gradOutputs: nil, retainGrad: retainGrad, enableDoubleBackprop: enableDoubleBackprop, lossScale: lossScale)
    }
}

/// Backprop from several roots at once; `gradOutputs` gives their gradients (nil entries: ones for one-element roots).
public func backward(_ outputs: [Variable], gradOutputs: [NDArray?]? = nil, retainGrad: Bool = false,
                     enableDoubleBackprop: Bool = false, lossScale: Double? = nil) {
    var roots: [(VariableNode, Variable)] = []
    for (k, y) in outputs.enumerated() {
        var g: NDArray
        if let given = gradOutputs?[k] ?? nil {
            precondition(given.shape == y.shape, "backward: gradient shape \(given.shape) does not match output shape \(y.shape)")
            g = given
        } else if let existing = y.grad {
            g = existing
        } else {
            precondition(y.size == 1, "backward: the output has shape \(y.shape); give gradOutputs for outputs with more than one element")
            g = NDArray.ones(y.shape, dtype: y.dtype)
        }
        if let s = lossScale { g = g * s }
        roots.append((y.node, Variable(g, requiresGrad: enableDoubleBackprop)))
    }
    _ = BackwardPass.run(roots: roots, retainGrad: retainGrad, enableDoubleBackprop: enableDoubleBackprop, collectFor: nil)
}

/// The gradients of `outputs` with respect to `inputs`, returned rather than stored (Chainer's `chainer.grad`);
/// outputs without a `gradOutputs` entry start from ones.
/// With `enableDoubleBackprop` the results are differentiable themselves (for gradient penalties).
public func grad(outputs: [Variable], inputs: [Variable], gradOutputs: [Variable?]? = nil,
                 enableDoubleBackprop: Bool = false) -> [Variable?] {
    var roots: [(VariableNode, Variable)] = []
    for (k, y) in outputs.enumerated() {
        if let g = gradOutputs?[k] ?? nil {
            roots.append((y.node, g))
        } else {
            // Chainer's `grad` starts every output without a given gradient from ones, whatever its size.
            roots.append((y.node, Variable(NDArray.ones(y.shape, dtype: y.dtype), requiresGrad: false)))
        }
    }
    let wanted = Set(inputs.map { ObjectIdentifier($0.node) })
    let grads = BackwardPass.run(roots: roots, retainGrad: false, enableDoubleBackprop: enableDoubleBackprop, collectFor: wanted)
    return inputs.map { grads[ObjectIdentifier($0.node)] }
}

/// The backward traversal: functions in decreasing rank order from a max-heap. Gradients accumulate on the nodes
/// themselves (no hashing per op); first-order passes use functions' array-level backward when they have one, and
/// one-input, one-output functions take a path that builds no arrays of gradients.
struct BackwardPass {
    private var heap = RankHeap()
    private var collected: [ObjectIdentifier: Variable] = [:]
    private let wanted: Set<ObjectIdentifier>?
    private let double: Bool
    private let retainGrad: Bool
    private let debug: Bool
    /// The function hooks in force where backward was called.
    private let hooks: [FunctionHooks.Hook]

    private init(wanted: Set<ObjectIdentifier>?, double: Bool, retainGrad: Bool) {
        self.wanted = wanted
        self.double = double
        self.retainGrad = retainGrad
        let config = Config.current
        debug = config.debug
        hooks = FunctionHooks.current(config)
    }

    /// Runs backprop. With `collectFor` nil, leaf gradients accumulate into their nodes (what `Variable.grad` reads);
    /// otherwise the gradients of the listed nodes are returned and no leaf is touched. The whole pass runs in one
    /// config scope (graph recording on only for double backprop), as Chainer's does.
    static func run(roots: [(VariableNode, Variable)], retainGrad: Bool, enableDoubleBackprop: Bool,
                    collectFor wanted: Set<ObjectIdentifier>?) -> [ObjectIdentifier: Variable] {
        var pass = BackwardPass(wanted: wanted, double: enableDoubleBackprop, retainGrad: retainGrad)
        usingConfig(\.enableBackprop, enableDoubleBackprop) { pass.traverse(roots) }
        return pass.collected
    }

    private mutating func traverse(_ roots: [(VariableNode, Variable)]) {
        for (node, g) in roots {
            if double { accumulate(node, array: nil, variable: g) } else { accumulate(node, array: g.array, variable: nil) }
        }
        while let f = heap.pop() {
            f.isQueued = false
            if double { variableStep(f) } else if f.outputCount == 1 && f.inputCount == 1 && !f.accumulatesGradients {
                singleStep(f)
            } else {
                arrayStep(f)
            }
        }
    }

    /// A first-order step of a one-input, one-output function.
    private mutating func singleStep(_ f: FunctionNode) {
        guard let n = f.output(0), let g = takeArray(n) else { return }
        if retainGrad { n.grad = Variable(g, requiresGrad: false) }
        let input = f.firstInput!
        guard input.requiresGrad else { return }
        if !hooks.isEmpty { notifyHooks(f, [g], before: true) }
        let gx: NDArray?
        if let r = f.backwardSingle(g) {
            gx = r
        } else if let r = f.backwardArrays([0], [g]) {
            precondition(r.count == 1, "\(f.label): backwardArrays returned \(r.count) gradients for 1 input")
            gx = r[0]
        } else {
            let r = f.backward([0], [Variable(g, requiresGrad: false)])
            precondition(r.count == 1, "\(f.label): backward returned \(r.count) gradients for 1 input")
            gx = r[0]?.array
        }
        if !hooks.isEmpty { notifyHooks(f, [g], before: false) }
        guard let gx else { return }
        accumulate(input, array: checked(f, 0, gx), variable: nil)
    }

    /// A first-order step of any function: array-level backward when it has one, else `backward` without a graph.
    private mutating func arrayStep(_ f: FunctionNode) {
        let indexes = (0..<f.inputCount).filter { f.input($0).requiresGrad }
        var gys: [NDArray?] = []
        gys.reserveCapacity(f.outputCount)
        for k in 0..<f.outputCount {
            guard let n = f.output(k) else { gys.append(nil); continue }
            let g = takeArray(n)
            if retainGrad, let g { n.grad = Variable(g, requiresGrad: false) }
            gys.append(g)
        }
        if indexes.isEmpty || gys.allSatisfy({ $0 == nil }) { return }
        if !hooks.isEmpty { notifyHooks(f, gys, before: true) }
        let accumulates = f.accumulatesGradients
        var held: [NDArray?] = accumulates ? indexes.map { takeHeld(f.input($0)) } : []
        let gxs: [NDArray?]
        if let result = accumulates ? f.backwardArrays(indexes, gys, accumulatingInto: &held) : f.backwardArrays(indexes, gys) {
            precondition(result.count == indexes.count, "\(f.label): backwardArrays returned \(result.count) gradients for \(indexes.count) inputs")
            gxs = result
        } else {
            let result = f.backward(indexes, gys.map { $0.map { Variable($0, requiresGrad: false) } })
            precondition(result.count == indexes.count, "\(f.label): backward returned \(result.count) gradients for \(indexes.count) inputs")
            gxs = result.map { $0?.array }
        }
        if !hooks.isEmpty { notifyHooks(f, gys, before: false) }
        for (k, h) in held.enumerated() {
            guard let h else { continue }
            putBack(f.input(indexes[k]), checked(f, indexes[k], h))
        }
        for (k, i) in indexes.enumerated() {
            guard let gx = gxs[k] else { continue }
            accumulate(f.input(i), array: checked(f, i, gx), variable: nil)
        }
    }

    /// Calls every hook's backward preprocess (`before`) or postprocess for `f`.
    private func notifyHooks(_ f: FunctionNode, _ gys: [NDArray?], before: Bool) {
        let inputs = f.retainedInputArrays
        for h in hooks {
            if before { h.backwardPreprocess(f, inputs, gys) } else { h.backwardPostprocess(f, inputs, gys) }
        }
    }

    /// A step that records the graph of the gradients themselves (double backprop).
    private mutating func variableStep(_ f: FunctionNode) {
        let indexes = (0..<f.inputCount).filter { f.input($0).requiresGrad }
        var gys: [Variable?] = []
        for k in 0..<f.outputCount {
            guard let n = f.output(k) else { gys.append(nil); continue }
            let g = takeVar(n)
            if retainGrad { n.grad = g }
            gys.append(g)
        }
        if indexes.isEmpty || gys.allSatisfy({ $0 == nil }) { return }
        if !hooks.isEmpty { notifyHooks(f, gys.map { $0?.array }, before: true) }
        let gxs = f.backward(indexes, gys)
        if !hooks.isEmpty { notifyHooks(f, gys.map { $0?.array }, before: false) }
        precondition(gxs.count == indexes.count, "\(f.label): backward returned \(gxs.count) gradients for \(indexes.count) inputs")
        for (k, i) in indexes.enumerated() {
            guard let gx = gxs[k] else { continue }
            let x = f.input(i)
            _ = checked(f, i, gx.array)
            accumulate(x, array: nil, variable: gx.dtype == x.dtype || !x.dtype.isFloatingPoint ? gx : F.cast(gx, x.dtype))
        }
    }

    private func addVar(_ a: Variable, _ b: Variable) -> Variable {
        double ? a + b : Variable(a.array + b.array, requiresGrad: false)
    }

    /// Adds a gradient to a node. Gradients arrive as arrays (first-order) or variables; both forms may meet at one
    /// node. A node with a creator queues it; a leaf stores the sum in `grad` (or the pass collects it).
    private mutating func accumulate(_ node: VariableNode, array: NDArray?, variable: Variable?) {
        if let w = wanted, w.contains(ObjectIdentifier(node)) {
            let g = variable ?? Variable(array!, requiresGrad: false)
            collected[ObjectIdentifier(node)] = collected[ObjectIdentifier(node)].map { addVar($0, g) } ?? g
        }
        if let c = node.creator {
            if let a = array {
                if let p = node.pendingArray { node.pendingArray = p + a } else { node.pendingArray = a }
            } else if let v = variable {
                node.pendingVar = node.pendingVar.map { addVar($0, v) } ?? v
            }
            if !c.isQueued { c.isQueued = true; heap.push(c) }
        } else if wanted == nil && node.requiresGrad {
            let g = variable ?? Variable(array!, requiresGrad: false)
            node.grad = node.grad.map { addVar($0, g) } ?? g
        }
    }

    /// Takes the gradient a node holds so far, for a function to add into in place: its pending gradient, or a
    /// leaf's own when nothing else holds that variable. Nil when there is none, or when the pass collects this node
    /// for `grad(outputs:inputs:)` (the collected sum is kept apart).
    private func takeHeld(_ node: VariableNode) -> NDArray? {
        if let w = wanted, w.contains(ObjectIdentifier(node)) { return nil }
        if node.creator != nil {
            guard node.pendingVar == nil else { return nil }
            return node.pendingArray.take()
        }
        guard wanted == nil, node.requiresGrad, var v = node.grad.take() else { return nil }
        guard isKnownUniquelyReferenced(&v) else { node.grad = v; return nil }
        return v.array
    }

    /// Gives a node back the gradient `takeHeld` took (with whatever was added into it).
    private func putBack(_ node: VariableNode, _ g: NDArray) {
        if node.creator != nil { node.pendingArray = g } else { node.grad = Variable(g, requiresGrad: false) }
    }

    /// Takes a node's pending gradient as an array (first-order passes).
    private func takeArray(_ n: VariableNode) -> NDArray? {
        var g = n.pendingArray.take()
        if let v = n.pendingVar.take() { g = g.map { $0 + v.array } ?? v.array }
        return g
    }

    /// Takes a node's pending gradient as a variable.
    private func takeVar(_ n: VariableNode) -> Variable? {
        var g = n.pendingVar.take()
        if let a = n.pendingArray.take() { let av = Variable(a, requiresGrad: false); g = g.map { addVar($0, av) } ?? av }
        return g
    }

    /// The gradient for input `i` after checking its shape, in the input's dtype: a float32 input of a mixed-dtype
    /// op gets a float32 gradient, as Chainer requires of every gradient.
    private func checked(_ f: FunctionNode, _ i: Int, _ gx: NDArray) -> NDArray {
        let x = f.input(i)
        precondition(gx.shape == x.shape, "\(f.label): backward gave a gradient of shape \(gx.shape) for input \(i) of shape \(x.shape)")
        if debug { DebugCheck.check([gx], function: f.label, phase: "backward", file: nil, line: nil, callSite: f.callSite) }
        return gx.dtype == x.dtype || !x.dtype.isFloatingPoint ? gx : gx.cast(x.dtype)
    }
}

/// A max-heap of functions by rank, so every function runs after all functions that consume its outputs.
struct RankHeap {
    private var items: [FunctionNode] = []
    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ f: FunctionNode) {
        items.append(f)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p].rank >= items[i].rank { break }
            items.swapAt(p, i)
            i = p
        }
    }

    mutating func pop() -> FunctionNode? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && items[l].rank > items[m].rank { m = l }
            if r < items.count && items[r].rank > items[m].rank { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return top
    }
}
