import Foundation

extension NDArray {
    /// Einstein summation (NumPy's `einsum`): `"ij,jk->ik"`, implicit output (`"ij,jk"`: labels seen once, sorted),
    /// repeated labels within one operand (its diagonal), and `...` for broadcast leading axes.
    ///
    /// Labels found in only one operand and not in the output are summed first; each further operand is then
    /// contracted with the running result as one batched GEMM (after a transpose and reshape).
    public static func einsum(_ subscripts: String, _ operands: [NDArray]) -> NDArray {
        precondition(!operands.isEmpty, "einsum: no operands for \"\(subscripts)\"")
        let spec = EinsumSpec(subscripts, operands)
        var terms: [(array: NDArray, labels: [Int])] = []
        for (i, x) in operands.enumerated() {
            let others = Set(spec.inputs.enumerated().filter { $0.offset != i }.flatMap(\.element)).union(spec.output)
            terms.append(spec.prepare(x, labels: spec.inputs[i], keep: others))
        }
        var (cur, curLabels) = terms[0]
        for i in 1..<Swift.max(terms.count, 1) {
            let later = Set(terms[(i + 1)...].flatMap(\.labels)).union(spec.output)
            (cur, curLabels) = einsumContract(cur, curLabels, terms[i].array, terms[i].labels, keep: later, spec: spec)
        }
        let extra = curLabels.indices.filter { !spec.output.contains(curLabels[$0]) }
        if !extra.isEmpty {
            cur = cur.sum(axes: extra)
            curLabels = curLabels.enumerated().filter { !extra.contains($0.offset) }.map(\.element)
        }
        let perm = spec.output.map { l in curLabels.firstIndex(of: l)! }
        let resultType = operands.dropFirst().reduce(operands[0].dtype) { DType.promote($0, $1.dtype) }
        return cur.transposed(perm).cast(resultType)
    }
}

/// Parsed einsum subscripts: per-operand labels (letters as their Unicode values, `...` axes as labels from
/// `ellipsisBase` up) and the output labels.
private struct EinsumSpec {
    static let ellipsisBase = 1 << 20
    let subscripts: String
    var inputs: [[Int]] = []
    var output: [Int] = []
    var sizes: [Int: Int] = [:]

    init(_ subscripts: String, _ operands: [NDArray]) {
        self.subscripts = subscripts
        let text = subscripts.filter { !$0.isWhitespace }
        let parts = text.components(separatedBy: "->")
        precondition(parts.count <= 2, "einsum: more than one '->' in \"\(subscripts)\"")
        let inTerms = parts[0].components(separatedBy: ",")
        precondition(inTerms.count == operands.count,
                     "einsum: \"\(subscripts)\" names \(inTerms.count) operands but \(operands.count) were given (shapes \(operands.map(\.shape)))")
        let tokens = inTerms.map { Self.tokens(Substring($0), subscripts) }
        var ellipsisDims = 0
        var counts: [Int] = []
        for (t, x) in zip(tokens, operands) {
            let letters = t.filter { $0 >= 0 }.count
            let hasEllipsis = t.contains(-1)
            precondition(hasEllipsis ? letters <= x.ndim : letters == x.ndim,
                         "einsum: term of \"\(subscripts)\" has \(letters) labels for an operand of shape \(x.shape)")
            let e = hasEllipsis ? x.ndim - letters : 0
            counts.append(e)
            ellipsisDims = Swift.max(ellipsisDims, e)
        }
        let allEllipsis = (0..<ellipsisDims).map { Self.ellipsisBase + $0 }
        inputs = zip(tokens, counts).map { t, e in t.flatMap { $0 >= 0 ? [$0] : Array(allEllipsis.suffix(e)) } }
        if parts.count == 2 {
            let outTokens = Self.tokens(Substring(parts[1]), subscripts)
            output = outTokens.flatMap { $0 >= 0 ? [$0] : allEllipsis }
            precondition(Set(output).count == output.count, "einsum: output of \"\(subscripts)\" repeats a label")
            let known = Set(inputs.flatMap { $0 })
            for l in output { precondition(known.contains(l), "einsum: output label \(Self.name(l)) of \"\(subscripts)\" is in no operand") }
        } else {
            var seen: [Int: Int] = [:]
            for l in inputs.flatMap({ $0 }) where l < Self.ellipsisBase { seen[l, default: 0] += 1 }
            output = allEllipsis + seen.filter { $0.value == 1 }.keys.sorted()
        }
        for (labels, x) in zip(inputs, operands) {
            for (l, d) in zip(labels, x.shape) {
                let s = sizes[l] ?? 1
                precondition(s == d || s == 1 || d == 1,
                             "einsum: label \(Self.name(l)) of \"\(subscripts)\" has sizes \(s) and \(d) (shapes \(operands.map(\.shape)))")
                sizes[l] = s == 1 ? d : s
            }
        }
    }

    /// Letters as their Unicode values and -1 for `...`.
    private static func tokens(_ term: Substring, _ subscripts: String) -> [Int] {
        var out: [Int] = []
        var dots = 0
        for ch in term {
            if ch == "." { dots += 1; if dots == 3 { out.append(-1) }; continue }
            precondition(dots == 0 || dots == 3, "einsum: malformed ellipsis in \"\(subscripts)\"")
            precondition(ch.isLetter && ch.isASCII, "einsum: invalid label '\(ch)' in \"\(subscripts)\"")
            out.append(Int(ch.unicodeScalars.first!.value))
        }
        precondition(dots == 0 || dots == 3, "einsum: malformed ellipsis in \"\(subscripts)\"")
        return out
    }

    static func name(_ l: Int) -> String {
        l >= ellipsisBase ? "'...'" : "'\(Character(Unicode.Scalar(UInt32(l))!))'"
    }

    /// Takes the diagonal of repeated labels, broadcasts length-1 axes, and sums labels not in `keep`.
    func prepare(_ x: NDArray, labels: [Int], keep: Set<Int>) -> (array: NDArray, labels: [Int]) {
        var x = x, labels = labels
        while let (p, q) = Self.repeatedPair(labels) {
            precondition(x.shape[p] == x.shape[q],
                         "einsum: repeated label \(Self.name(labels[p])) of \"\(subscripts)\" spans axes of lengths \(x.shape[p]) and \(x.shape[q])")
            let l = labels[p]
            x = x.diagonal(axis1: p, axis2: q)
            labels = labels.enumerated().filter { $0.offset != p && $0.offset != q }.map(\.element) + [l]
        }
        let target = labels.map { sizes[$0]! }
        if target != x.shape { x = x.broadcast(to: target) }
        let drop = labels.indices.filter { !keep.contains(labels[$0]) }
        if !drop.isEmpty {
            x = x.sum(axes: drop)
            labels = labels.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        }
        return (x, labels)
    }

    private static func repeatedPair(_ labels: [Int]) -> (Int, Int)? {
        for p in labels.indices { for q in (p + 1)..<labels.count where labels[p] == labels[q] { return (p, q) } }
        return nil
    }
}

/// Contracts two labelled operands as one batched GEMM: shared labels still needed are batch axes, other shared
/// labels are summed, the rest are rows (from `a`) and columns (from `b`).
private func einsumContract(_ a: NDArray, _ al: [Int], _ b: NDArray, _ bl: [Int], keep: Set<Int>, spec: EinsumSpec)
    -> (NDArray, [Int]) {
    let batch = al.filter { bl.contains($0) && keep.contains($0) }
    let summed = al.filter { bl.contains($0) && !keep.contains($0) }
    let freeA = al.filter { !bl.contains($0) }, freeB = bl.filter { !al.contains($0) }
    func size(_ ls: [Int]) -> Int { Layout.count(ls.map { spec.sizes[$0]! }) }
    let pa = (batch + freeA + summed).map { al.firstIndex(of: $0)! }
    let pb = (batch + summed + freeB).map { bl.firstIndex(of: $0)! }
    let a3 = a.transposed(pa).mergingAxes([batch.count, freeA.count, summed.count])
    let b3 = b.transposed(pb).mergingAxes([batch.count, summed.count, freeB.count])
    precondition(a3.shape == [size(batch), size(freeA), size(summed)] && b3.shape == [size(batch), size(summed), size(freeB)])
    let product = a3.matmul(b3).reshaped((batch + freeA + freeB).map { spec.sizes[$0]! })
    return (product, batch + freeA + freeB)
}
