import Testing
@testable import Chainer

/// Graphviz export (Chainer's `build_computational_graph`): every node once, every edge between declared nodes.
@Suite struct ComputationalGraphTests {
    /// Node ids declared in a dot dump, and its edges.
    static func parse(_ dot: String) -> (nodes: [String: String], edges: [(String, String)]) {
        var nodes: [String: String] = [:], edges: [(String, String)] = []
        for line in dot.split(separator: "\n") {
            if let arrow = line.range(of: " -> ") {
                edges.append((String(line[..<arrow.lowerBound]), String(line[arrow.upperBound...].dropLast())))
            } else if let bracket = line.firstIndex(of: "["), let label = line.range(of: "label=\"") {
                let rest = line[label.upperBound...]
                nodes[String(line[..<bracket]).trimmingCharacters(in: .whitespaces)] = String(rest[..<rest.firstIndex(of: "\"")!])
            }
        }
        return (nodes, edges)
    }

    @Test func sharedSubexpressionsAppearOnceAndEdgesConnectDeclaredNodes() {
        let x = Variable(NDArray.ones([2, 3]), name: "x")
        let h = F.tanh(x)
        let y = F.sum(h * h + h)      // h feeds two functions
        let g = buildComputationalGraph([y])
        // Variables: x, h, h*h, h*h+h, y; functions: tanh, mul, add, Sum.
        #expect(g.variables.count == 5)
        #expect(g.functions.count == 4)
        let dot = g.dump()
        #expect(dot.hasPrefix("digraph") && dot.hasSuffix("}"))
        let (nodes, edges) = Self.parse(dot)
        #expect(nodes.count == 9)
        // Each function has an edge from each input and one to each output: tanh 1+1, mul 2+1, add 2+1, Sum 1+1.
        #expect(edges.count == 10)
        #expect(edges.allSatisfy { nodes[$0.0] != nil && nodes[$0.1] != nil })
        #expect(nodes.values.filter { $0 == "x: (2, 3), float32" }.count == 1)
        // tanh's output goes into both mul (twice, as both operands) and add.
        let tanhID = nodes.first { $0.value == "Tanh" }!.key
        let hID = edges.first { $0.0 == tanhID }!.1
        #expect(edges.filter { $0.0 == hID }.count >= 2)
    }

    @Test func severalOutputsShareOneGraph() {
        let a = Variable(NDArray.ones([4], dtype: .float64))
        let parts = F.splitAxis(a, 2, axis: 0)
        let g = buildComputationalGraph([F.sum(parts[0]), F.sum(parts[1])])
        #expect(g.functions.filter { $0.label == "Sum" }.count == 2)
        #expect(g.functions.count == 3)
        let (nodes, edges) = Self.parse(g.dump())
        #expect(edges.allSatisfy { nodes[$0.0] != nil && nodes[$0.1] != nil })
    }

    @Test func leavesWithoutGraphGiveJustThemselves() {
        let x = Variable(NDArray.ones([3]), name: "w")
        let g = buildComputationalGraph([x])
        #expect(g.variables.count == 1 && g.functions.isEmpty)
        #expect(Self.parse(g.dump()).edges.isEmpty)
    }
}
