import Foundation

/// Einstein summation; each operand's gradient is an einsum of the output gradient with the other operands.
final class Einsum: FunctionNode {
    let inputs_: [[Character]], output: [Character]
    init(inputs: [[Character]], output: [Character]) { self.inputs_ = inputs; self.output = output }
    override var label: String { "EinSum" }
    var spec: String { inputs_.map { String($0) }.joined(separator: ",") + "->" + String(output) }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainInputs(Array(0..<x.count))
        return [NDArray.einsum(spec, x)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        let xs = (0..<inputs_.count).map { retainedInput($0) }
        return indexes.map { i in
            let others = (0..<inputs_.count).filter { $0 != i }
            let available = Set(output).union(others.flatMap { inputs_[$0] })
            let target = inputs_[i]
            // Labels summed away inside this operand alone get their gradient by broadcasting.
            let kept = target.filter { available.contains($0) }
            let sub = ([output] + others.map { inputs_[$0] }).map { String($0) }.joined(separator: ",") + "->" + String(kept)
            let part = Einsum.parse(sub).map { Einsum(inputs: $0.0, output: $0.1).applySingle([g] + others.map { xs[$0] }) }!
            if kept == target { return part }
            let shape = target.map { kept.contains($0) ? xs[i].shape[target.firstIndex(of: $0)!] : 1 }
            return F.broadcastTo(F.reshape(part, shape), xs[i].shape)
        }
    }

    /// Splits explicit `"ab,bc->ac"` subscripts into per-operand labels and output labels (nil when malformed).
    static func parse(_ s: String) -> ([[Character]], [Character])? {
        let sides = s.replacingOccurrences(of: " ", with: "").components(separatedBy: "->")
        guard sides.count <= 2 else { return nil }
        let ins = sides[0].split(separator: ",", omittingEmptySubsequences: false).map { Array($0) }
        guard ins.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { return nil }
        if sides.count == 2 { return Array(sides[1]).allSatisfy(\.isLetter) ? (ins, Array(sides[1])) : nil }
        let counts = ins.joined().reduce(into: [Character: Int]()) { $0[$1, default: 0] += 1 }
        return (ins, counts.filter { $0.value == 1 }.keys.sorted())
    }
}

extension F {
    /// Einstein summation, as NumPy's `einsum` (`"ij,jk->ik"`, or implicit output); letters only (no `...`) and no
    /// label repeated within one operand.
    public static func einsum(_ subscripts: String, _ operands: [Variable], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        guard let (ins, out) = Einsum.parse(subscripts) else {
            preconditionFailure("einsum: cannot parse \"\(subscripts)\" (letters, commas and one \"->\" only) (\(file):\(line))")
        }
        precondition(ins.count == operands.count, "einsum: \"\(subscripts)\" names \(ins.count) operands, got \(operands.count) (\(file):\(line))")
        for (k, (labels, x)) in zip(ins, operands).enumerated() {
            precondition(labels.count == x.ndim && Set(labels).count == labels.count,
                         "einsum: operand \(k) of shape \(x.shape) (\(x.dtype)) does not fit labels \"\(String(labels))\" (\(file):\(line))")
        }
        return Einsum(inputs: ins, output: out).applySingle(operands, file: file, line: line)
    }

    /// Einstein summation over variadic operands.
    public static func einsum(_ subscripts: String, _ operands: Variable..., file: StaticString = #fileID, line: UInt = #line) -> Variable {
        einsum(subscripts, operands, file: file, line: line)
    }
}
