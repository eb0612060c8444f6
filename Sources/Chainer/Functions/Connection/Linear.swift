/// A fully connected layer's product `x Wᵀ + b` as one node (Chainer's `LinearFunction`): the forward is one GEMM
/// onto bias rows, and the backward gives `gy W`, `gyᵀ x` (already in W's layout) and the column sums of `gy`, so no
/// transpose or broadcast node sits between the parameters and their gradients.
final class LinearFunction: FunctionNode {
    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainInputs([0, 1])
        return [NDArray.linear(x[0], x[1], bias: x.count == 3 ? x[2] : nil)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let x = retainedInput(0), W = retainedInput(1), g = gy[0]!
        return indexes.map { i -> Variable? in
            switch i {
            case 0: F.matmul(g, W)
            case 1: F.matmul(F.transpose(g), x)
            default: F.sum(g, axes: [0])
            }
        }
    }

    override var accumulatesGradients: Bool { true }

    /// W's gradient goes straight into the one W already has (recurrent nets reuse W at every step).
    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?], accumulatingInto accumulated: inout [NDArray?]) -> [NDArray?]? {
        guard let k = indexes.firstIndex(of: 1), var held = accumulated[k] else { return backwardArrays(indexes, gy) }
        accumulated[k] = nil   // the only reference while GEMM writes into it
        let added = NDArray.linearGradW(retainedInputArray(0), gy[0]!, addingInto: &held)
        accumulated[k] = held
        guard added else { return backwardArrays(indexes, gy) }
        var others = indexes
        others.remove(at: k)
        var result = backwardArrays(others, gy) ?? []
        result.insert(nil, at: k)
        return result
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let x = retainedInputArray(0), W = retainedInputArray(1), g = gy[0]!
        return indexes.map { i -> NDArray? in
            switch i {
            case 0: g.matmul(W).cast(x.dtype)
            case 1: NDArray.linearGradW(x, g).cast(W.dtype)
            default: g.sum(axes: [0])
            }
        }
    }
}
