import CChainerKernels

extension NDArray {
    /// Applies a unary op: float inputs keep their dtype (float16/bfloat16 compute in float32); integer inputs keep
    /// theirs for integer-valued ops and otherwise become floats as in NumPy.
    public func apply(_ op: UnaryOp) -> NDArray {
        if !dtype.isFloatingPoint && op.keepsIntegers {
            precondition(dtype != .bool || [.abs, .square, .floor, .ceil, .round, .trunc, .relu].contains(op),
                         "\(op): not supported for bool arrays (shape \(shape))")
            if dtype == .bool { return copy() }
            let x = cast(.int64)
            var out = NDArray(uninitializedShape: shape, dtype: .int64)
            let loop = StridedLoop(shape: shape, strides: [x.strides, out.strides])
            let (xs, px, py) = (loop.innerStrides[0], x.pointer(Int64.self), out.pointer(Int64.self))
            loop.run { off, n in int64Unary(op, n, px + off[0], xs, py + off[1]) }
            out = out.cast(dtype)
            return out
        }
        if let r = NDArray.denseUnary(op, self) { return r }
        let resultType = dtype.floatResult
        let x = cast(resultType.computeType)
        var out = NDArray(uninitializedShape: shape, dtype: x.dtype)
        unaryKernel(op, x, into: &out)
        return out.cast(resultType)
    }

    /// Elementwise negation.
    public static prefix func - (a: NDArray) -> NDArray { a.apply(.neg) }

    /// |x|.
    public func abs() -> NDArray { apply(.abs) }
    /// -1, 0 or 1 by the sign of x.
    public func sign() -> NDArray { apply(.sign) }
    /// x².
    public func square() -> NDArray { apply(.square) }
    /// √x.
    public func sqrt() -> NDArray { apply(.sqrt) }
    /// 1/√x.
    public func rsqrt() -> NDArray { apply(.rsqrt) }
    /// 1/x.
    public func reciprocal() -> NDArray { apply(.reciprocal) }
    /// eˣ.
    public func exp() -> NDArray { apply(.exp) }
    /// eˣ − 1, accurate near 0.
    public func expm1() -> NDArray { apply(.expm1) }
    /// Natural logarithm.
    public func log() -> NDArray { apply(.log) }
    /// log(1 + x), accurate near 0.
    public func log1p() -> NDArray { apply(.log1p) }
    /// Base-2 logarithm.
    public func log2() -> NDArray { apply(.log2) }
    /// Base-10 logarithm.
    public func log10() -> NDArray { apply(.log10) }
    /// Sine.
    public func sin() -> NDArray { apply(.sin) }
    /// Cosine.
    public func cos() -> NDArray { apply(.cos) }
    /// Tangent.
    public func tan() -> NDArray { apply(.tan) }
    /// Inverse sine.
    public func arcsin() -> NDArray { apply(.arcsin) }
    /// Inverse cosine.
    public func arccos() -> NDArray { apply(.arccos) }
    /// Inverse tangent.
    public func arctan() -> NDArray { apply(.arctan) }
    /// Hyperbolic sine.
    public func sinh() -> NDArray { apply(.sinh) }
    /// Hyperbolic cosine.
    public func cosh() -> NDArray { apply(.cosh) }
    /// Hyperbolic tangent.
    public func tanh() -> NDArray { apply(.tanh) }
    /// Inverse hyperbolic sine.
    public func arcsinh() -> NDArray { apply(.arcsinh) }
    /// Inverse hyperbolic cosine.
    public func arccosh() -> NDArray { apply(.arccosh) }
    /// Inverse hyperbolic tangent.
    public func arctanh() -> NDArray { apply(.arctanh) }
    /// 1 / (1 + e⁻ˣ).
    public func sigmoid() -> NDArray { apply(.sigmoid) }
    /// The error function.
    public func erf() -> NDArray { apply(.erf) }
    /// The complementary error function.
    public func erfc() -> NDArray { apply(.erfc) }
    /// Largest integer ≤ x.
    public func floor() -> NDArray { apply(.floor) }
    /// Smallest integer ≥ x.
    public func ceil() -> NDArray { apply(.ceil) }
    /// Nearest integer, ties to even (NumPy's `round`).
    public func round() -> NDArray { apply(.round) }
    /// Integer part, toward zero.
    public func trunc() -> NDArray { apply(.trunc) }
}

/// Runs a float32/float64 unary kernel from `x` into `out` (same shape and dtype).
func unaryKernel(_ op: UnaryOp, _ x: NDArray, into out: inout NDArray) {
    if out.isContiguous, let fx = FlatLoop.stride(x, out.shape) {
        let code = op.code, cost = op.costPerElement
        switch out.dtype {
        case .float32:
            let (px, py) = (x.pointer(Float.self), out.pointer(Float.self))
            FlatLoop.run(out.size, costPerElement: cost) { i, n in ck_unary_f32(code, Int64(n), px + i * fx, Int64(fx), py + i, 1) }
        case .float64:
            let (px, py) = (x.pointer(Double.self), out.pointer(Double.self))
            FlatLoop.run(out.size, costPerElement: cost) { i, n in ck_unary_f64(code, Int64(n), px + i * fx, Int64(fx), py + i, 1) }
        default:
            preconditionFailure("\(op): no kernel for \(out.dtype)")
        }
        return
    }
    let loop = StridedLoop(shape: out.shape, strides: [Layout.broadcastStrides(x.shape, x.strides, to: out.shape), out.strides])
    let (xs, ys) = (Int64(loop.innerStrides[0]), Int64(loop.innerStrides[1]))
    let code = op.code, cost = op.costPerElement
    switch out.dtype {
    case .float32:
        let (px, py) = (x.pointer(Float.self), out.pointer(Float.self))
        loop.run(costPerElement: cost) { off, n in ck_unary_f32(code, Int64(n), px + off[0], xs, py + off[1], ys) }
    case .float64:
        let (px, py) = (x.pointer(Double.self), out.pointer(Double.self))
        loop.run(costPerElement: cost) { off, n in ck_unary_f64(code, Int64(n), px + off[0], xs, py + off[1], ys) }
    default:
        preconditionFailure("\(op): no kernel for \(out.dtype)")
    }
}

/// The integer-valued unary ops on int64, with the op chosen once per row.
private func int64Unary(_ op: UnaryOp, _ n: Int, _ a: UnsafePointer<Int64>, _ s: Int, _ y: UnsafeMutablePointer<Int64>) {
    @inline(__always) func map(_ f: (Int64) -> Int64) { for i in 0..<n { y[i] = f(a[i * s]) } }
    switch op {
    case .neg: map { 0 &- $0 }
    case .abs: map { $0 < 0 ? 0 &- $0 : $0 }
    case .sign: map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    case .square: map { $0 &* $0 }
    case .relu: map { max($0, 0) }
    default: map { $0 }
    }
}
