import CChainerKernels

/// The fixed-cost path of elementwise ops whose operands are contiguous float32/float64 arrays of one dtype and
/// shape (or an array and a scalar): no broadcasting, promotion, casts or scalar arrays, and the result shares the
/// operand's shape and strides arrays, so the storage is its only allocation. Define-by-run pays this cost on every
/// op, and on tiny arrays it is the whole cost.
extension NDArray {
    /// Whether this array can take the dense path.
    @inline(__always)
    var isDenseFloat: Bool { (dtype == .float32 || dtype == .float64) && isContiguous }

    /// An uninitialised contiguous array with `a`'s shape and dtype (`a` contiguous), reusing its metadata arrays.
    @inline(__always)
    static func uninitialized(like a: NDArray) -> NDArray {
        NDArray(storage: Storage.allocate(byteCount: a.size * a.dtype.itemSize), shape: a.shape, strides: a.strides, offset: 0, dtype: a.dtype)
    }

    /// `op(x)` on the dense path, or nil when `x` does not qualify.
    static func denseUnary(_ op: UnaryOp, _ x: NDArray) -> NDArray? {
        guard x.isDenseFloat else { return nil }
        let out = uninitialized(like: x)
        let code = op.code
        if x.dtype == .float32 {
            let (px, py) = (x.pointer(Float.self), out.pointer(Float.self))
            FlatLoop.run(x.size, costPerElement: op.costPerElement) { i, n in ck_unary_f32(code, Int64(n), px + i, 1, py + i, 1) }
        } else {
            let (px, py) = (x.pointer(Double.self), out.pointer(Double.self))
            FlatLoop.run(x.size, costPerElement: op.costPerElement) { i, n in ck_unary_f64(code, Int64(n), px + i, 1, py + i, 1) }
        }
        return out
    }

    /// `a op b` on the dense path, or nil when the operands do not qualify.
    static func denseBinary(_ op: BinaryOp, _ a: NDArray, _ b: NDArray) -> NDArray? {
        guard a.dtype == b.dtype, a.isDenseFloat, a.shape == b.shape, b.isContiguous else { return nil }
        let out = uninitialized(like: a)
        let code = op.code
        if a.dtype == .float32 {
            let (pa, pb, py) = (a.pointer(Float.self), b.pointer(Float.self), out.pointer(Float.self))
            FlatLoop.run(a.size, costPerElement: op.costPerElement) { i, n in ck_binary_f32(code, Int64(n), pa + i, 1, pb + i, 1, py + i, 1) }
        } else {
            let (pa, pb, py) = (a.pointer(Double.self), b.pointer(Double.self), out.pointer(Double.self))
            FlatLoop.run(a.size, costPerElement: op.costPerElement) { i, n in ck_binary_f64(code, Int64(n), pa + i, 1, pb + i, 1, py + i, 1) }
        }
        return out
    }

    /// `a op s` (or `s op a` with `scalarFirst`) on the dense path, or nil when `a` does not qualify. A Python
    /// scalar is weak under NEP 50, so a float array keeps its dtype and the scalar is rounded to it first.
    static func denseScalar(_ op: BinaryOp, _ a: NDArray, _ s: Double, scalarFirst: Bool) -> NDArray? {
        guard a.isDenseFloat else { return nil }
        let out = uninitialized(like: a)
        let code = op.code
        if a.dtype == .float32 {
            var v = Float(s)
            let (pa, py) = (a.pointer(Float.self), out.pointer(Float.self))
            FlatLoop.run(a.size, costPerElement: op.costPerElement) { i, n in
                if scalarFirst { ck_binary_f32(code, Int64(n), &v, 0, pa + i, 1, py + i, 1) }
                else { ck_binary_f32(code, Int64(n), pa + i, 1, &v, 0, py + i, 1) }
            }
        } else {
            var v = s
            let (pa, py) = (a.pointer(Double.self), out.pointer(Double.self))
            FlatLoop.run(a.size, costPerElement: op.costPerElement) { i, n in
                if scalarFirst { ck_binary_f64(code, Int64(n), &v, 0, pa + i, 1, py + i, 1) }
                else { ck_binary_f64(code, Int64(n), pa + i, 1, &v, 0, py + i, 1) }
            }
        }
        return out
    }
}
