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

/// The gradients of `outputs` with respect to `inputs`, returned rather than stored (Chainer's `chainer.grad`).
/// With `enableDoubleBackprop` the results are differentiable themselves (for gradient penalties).
public func grad(outputs: [Variable], inputs: [Variable], gradOutputs: [Variable?]? = nil,
                 enableDoubleBackprop: Bool = false) -> [Variable?] {
    var roots: [(VariableNode, Variable)] = []
    for (k, y) in outputs.enumerated() {
        if let g = gradOutputs?[k] ?? nil {
            roots.append((y.node, g))
        } else {
            precondition(y.size == 1, "grad: the output has shape \(y.shape); give gradOutputs for outputs with more than one element")
            roots.append((y.node, Variable(NDArray.ones(y.shape, dtype: y.dtype), requiresGrad: false)))
        }
    }
    let wanted = Set(inputs.map { ObjectIdentifier($0.node) })
    let grads = BackwardPass.run(roots: roots, retainGrad: false, enableDoubleBackprop: enableDoubleBackprop, collectFor: wanted)
    return inputs.map { grads[ObjectIdentifier($0.node)] }
}

/// The backward traversal: functions in decreasing rank order from a max-heap, gradients summed per node.
enum BackwardPass {
    /// Runs backprop. With `collectFor` nil, leaf gradients accumulate into their variables; otherwise the gradients
    /// of the listed nodes are returned and no variable is touched.
    static func run(roots: [(VariableNode, Variable)], retainGrad: Bool, enableDoubleBackprop: Bool,
                    collectFor wanted: Set<ObjectIdentifier>?) -> [ObjectIdentifier: Variable] {
        var grads: [ObjectIdentifier: Variable] = [:]
        var heap = RankHeap()
        var queued = Set<ObjectIdentifier>()
        var collected: [ObjectIdentifier: Variable] = [:]

        func accumulate(_ node: VariableNode, _ g: Variable) {
            let id = ObjectIdentifier(node)
            if let c = node.creator {
                grads[id] = grads[id].map { add($0, g) } ?? g
                if queued.insert(ObjectIdentifier(c)).inserted { heap.push(c) }
            } else if wanted == nil {
                if let v = node.variable, node.requiresGrad {
                    v.gradVar = v.gradVar.map { add($0, g) } ?? g
                }
            }
            if let w = wanted, w.contains(id) { collected[id] = collected[id].map { add($0, g) } ?? g }
        }
        func add(_ a: Variable, _ b: Variable) -> Variable {
            enableDoubleBackprop ? a + b : Variable(a.array + b.array, requiresGrad: false)
        }

        for (node, g) in roots { accumulate(node, g) }
        let debug = Config.current.debug
        while let f = heap.pop() {
            let outNodes = f.outputs.map(\.node)
            var gys: [Variable?] = []
            for n in outNodes {
                guard let n else { gys.append(nil); continue }
                let id = ObjectIdentifier(n)
                let g = grads[id]
                gys.append(g)
                if retainGrad, let v = n.variable { v.gradVar = g }
                grads[id] = nil
            }
            let indexes = f.inputs.indices.filter { f.inputs[$0].requiresGrad }
            if indexes.isEmpty || gys.allSatisfy({ $0 == nil }) { continue }
            let gxs = usingConfig(\.enableBackprop, enableDoubleBackprop) { f.backward(indexes, gys) }
            precondition(gxs.count == indexes.count, "\(f.label): backward returned \(gxs.count) gradients for \(indexes.count) inputs")
            for (k, i) in indexes.enumerated() {
                guard let gx = gxs[k] else { continue }
                let node = f.inputs[i]
                precondition(gx.shape == node.shape,
                             "\(f.label): backward gave a gradient of shape \(gx.shape) for input \(i) of shape \(node.shape)")
                if debug { DebugCheck.check([gx.array], function: f.label, phase: "backward", file: nil, line: nil, callSite: f.callSite) }
                accumulate(node, gx)
            }
        }
        return collected
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
