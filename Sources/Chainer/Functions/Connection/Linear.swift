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
