/// The graph behind some variables, for drawing with Graphviz (Chainer's `build_computational_graph`).
public struct ComputationalGraph {
    /// Variable nodes, by identity.
    public let variables: [VariableNode]
    /// Function nodes, by identity.
    public let functions: [FunctionNode]
    /// Edges from inputs to functions and from functions to outputs, as (from, to) node indices in `dotNodes` order.
    let edges: [(ObjectIdentifier, ObjectIdentifier)]

    /// The graph in Graphviz dot syntax (`dot -Tpng graph.dot > graph.png`).
    public func dump() -> String {
        var lines = ["digraph graphname {rankdir=TB;"]
        for v in variables {
            // Chainer's label: "(3, 2), float32", just the dtype for a scalar, "name: " in front of a named one.
            let shape = v.shape.isEmpty ? "" : "(" + v.shape.map(String.init).joined(separator: ", ") + "), "
            let label = (v.name.map { "\($0): " } ?? "") + shape + "\(v.dtype)"
            lines.append("\(id(v)) [label=\"\(label)\",shape=\"octagon\",fillcolor=\"#E0E0E0\",style=\"filled\"];")
        }
        for f in functions {
            lines.append("\(id(f)) [label=\"\(f.label)\",shape=\"record\",fillcolor=\"#6495ED\",style=\"filled\"];")
        }
        for (a, b) in edges { lines.append("\(a.hashValue.magnitude) -> \(b.hashValue.magnitude);") }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    private func id(_ o: AnyObject) -> UInt { ObjectIdentifier(o).hashValue.magnitude }
}

/// Collects the graph that produced `outputs`, walking back iteratively to the leaves.
public func buildComputationalGraph(_ outputs: [Variable]) -> ComputationalGraph {
    var variables: [VariableNode] = [], functions: [FunctionNode] = []
    var edges: [(ObjectIdentifier, ObjectIdentifier)] = []
    var seenV = Set<ObjectIdentifier>(), seenF = Set<ObjectIdentifier>()
    var pending = outputs.map(\.node)
    while let v = pending.popLast() {
        guard seenV.insert(ObjectIdentifier(v)).inserted else { continue }
        variables.append(v)
        guard let f = v.creator else { continue }
        edges.append((ObjectIdentifier(f), ObjectIdentifier(v)))
        guard seenF.insert(ObjectIdentifier(f)).inserted else { continue }
        functions.append(f)
        for input in f.inputs {
            edges.append((ObjectIdentifier(input), ObjectIdentifier(f)))
            pending.append(input)
        }
    }
    return ComputationalGraph(variables: variables, functions: functions, edges: edges)
}
