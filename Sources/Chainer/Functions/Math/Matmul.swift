/// Matrix product with NumPy's batching; gradients are summed back over broadcast batch axes.
final class MatMul: FunctionNode {
    override func forward(_ x: [NDArray]) -> [NDArray] {
        precondition(x[0].ndim >= 2 && x[1].ndim >= 2, "matmul: the node takes operands of at least two axes, got shapes \(x[0].shape) and \(x[1].shape)")
        retainInputs([0, 1])
        return [x[0].matmul(x[1])]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let a = retainedInput(0), b = retainedInput(1), g = gy[0]!
        return indexes.map { i in
            i == 0 ? F.sumTo(F.matmul(g, F.swapLastAxes(b)), a.shape) : F.sumTo(F.matmul(F.swapLastAxes(a), g), b.shape)
        }
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let a = retainedInputArray(0), b = retainedInputArray(1), g = gy[0]!
        let plain2D = a.ndim == 2 && b.ndim == 2
        return indexes.map { i in
            // A transposed 2-D operand (F.linear's Wᵀ) gets its gradient in its own layout, so the transpose's
            // backward hands the parameter a contiguous gradient instead of a view the optimizer must copy.
            if i == 0 {
                return plain2D && Self.isTransposed2D(a) ? b.matmul(g.T).T : g.matmul(b.swapaxes(-1, -2)).sumTo(a.shape)
            }
            return plain2D && Self.isTransposed2D(b) ? g.T.matmul(a).T : a.swapaxes(-1, -2).matmul(g).sumTo(b.shape)
        }
    }

    /// Whether `x` is a 2-D view whose transpose is contiguous (and `x` itself is not).
    static func isTransposed2D(_ x: NDArray) -> Bool { x.ndim == 2 && !x.isContiguous && x.T.isContiguous }
}

extension F {
    /// Matrix product with NumPy's rules (batched, broadcast); `transa` / `transb` swap the last two axes of an
    /// operand first (Chainer's options).
    public static func matmul(_ a: Variable, _ b: Variable, transa: Bool, transb: Bool = false) -> Variable {
        matmul(transa && a.ndim >= 2 ? swapaxes(a, -1, -2) : a, transb && b.ndim >= 2 ? swapaxes(b, -1, -2) : b)
    }

    /// `matmul(_:_:transa:transb:)` transposing only the right operand.
    public static func matmul(_ a: Variable, _ b: Variable, transb: Bool) -> Variable {
        matmul(a, b, transa: false, transb: transb)
    }

    /// Matrix product with NumPy's rules (batched, broadcast).
    public static func matmul(_ a: Variable, _ b: Variable) -> Variable {
        precondition(a.ndim >= 1 && b.ndim >= 1, "matmul: operands must have at least one axis, got shapes \(a.shape) and \(b.shape)")
        // 1-D operands are a row (left) or a column (right) vector whose axis is dropped from the result.
        let a2 = a.ndim == 1 ? reshape(a, [1, a.shape[0]]) : a
        let b2 = b.ndim == 1 ? reshape(b, [b.shape[0], 1]) : b
        var y = MatMul().applySingle([a2, b2])
        if a.ndim == 1 || b.ndim == 1 {
            var shape = y.shape
            if b.ndim == 1 { shape.removeLast() }
            if a.ndim == 1 { shape.remove(at: shape.count - (b.ndim == 1 ? 1 : 2)) }
            y = reshape(y, shape)
        }
        return y
    }
    /// Batched matrix product of (B, M, K) and (B, K, N).
    public static func batchMatmul(_ a: Variable, _ b: Variable) -> Variable {
        precondition(a.ndim == 3 && b.ndim == 3, "batchMatmul: expects 3-D operands, got \(a.shape) and \(b.shape)")
        return matmul(a, b)
    }
    /// Swaps the last two axes.
    static func swapLastAxes(_ x: Variable) -> Variable {
        var perm = Array(0..<x.ndim)
        perm.swapAt(x.ndim - 1, x.ndim - 2)
        return transpose(x, perm)
    }

    /// `x Wᵀ + b` over the last axis of a (N, in) batch; higher-rank inputs are flattened to (N, -1) first.
    public static func linear(_ x: Variable, _ W: Variable, _ b: Variable? = nil,
                              file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let x2 = x.ndim == 2 ? x : reshape(x, [x.shape[0], x.size / Swift.max(x.shape[0], 1)])
        precondition(W.ndim == 2 && x2.shape[1] == W.shape[1],
                     "linear: input of shape \(x.shape) does not match W of shape \(W.shape) (\(file):\(line))")
        precondition(b == nil || b!.shape == [W.shape[0]],
                     "linear: bias of shape \(b!.shape) does not match W of shape \(W.shape) (\(file):\(line))")
        return LinearFunction().applySingle(b.map { [x2, W, $0] } ?? [x2, W], file: file, line: line)
    }
}

extension Variable {
    /// Differentiable matrix product.
    public final func matmul(_ other: Variable) -> Variable { F.matmul(self, other) }
}
