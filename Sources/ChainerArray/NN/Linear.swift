extension NDArray {
    /// `x Wᵀ + bias` for `x` (N, K), `W` (O, K) and an optional `bias` (O): (N, O). With float32 or float64 operands
    /// of one dtype this is one GEMM into rows pre-filled with the bias (no transposed copy of `W`, no separate
    /// broadcast add); other dtypes take `matmul` and `+`.
    public static func linear(_ x: NDArray, _ W: NDArray, bias: NDArray? = nil) -> NDArray {
        precondition(x.ndim == 2 && W.ndim == 2 && x.shape[1] == W.shape[1],
                     "linear: x of shape \(x.shape) (\(x.dtype)) does not match W of shape \(W.shape) (\(W.dtype))")
        precondition(bias == nil || bias!.shape == [W.shape[0]],
                     "linear: bias of shape \(bias!.shape) (\(bias!.dtype)) does not match W of shape \(W.shape)")
        let dt = x.dtype
        guard (dt == .float32 || dt == .float64) && W.dtype == dt && (bias?.dtype ?? dt) == dt else {
            let y = x.matmul(W.T)
            return bias.map { y + $0 } ?? y
        }
        return dt == .float32 ? linearGEMM(Float.self, x, W, bias) : linearGEMM(Double.self, x, W, bias)
    }

    /// The weight gradient of `linear`: `gyᵀ x`, (O, K), contiguous in W's layout.
    public static func linearGradW(_ x: NDArray, _ gy: NDArray) -> NDArray {
        precondition(x.ndim == 2 && gy.ndim == 2 && x.shape[0] == gy.shape[0],
                     "linearGradW: x of shape \(x.shape) does not match gy of shape \(gy.shape)")
        return gy.T.matmul(x)
    }

    /// Adds `linearGradW(x, gy)` into `accumulated` in place, as one GEMM with beta 1 (no temporary, no separate
    /// addition pass). Returns false, leaving it untouched, unless `accumulated` is a float32/float64 (O, K) array
    /// of the same dtype as x and gy.
    public static func linearGradW(_ x: NDArray, _ gy: NDArray, addingInto accumulated: inout NDArray) -> Bool {
        let dt = accumulated.dtype
        guard x.ndim == 2 && gy.ndim == 2 && x.shape[0] == gy.shape[0], accumulated.shape == [gy.shape[1], x.shape[1]],
              dt == .float32 || dt == .float64, x.dtype == dt, gy.dtype == dt else { return false }
        let xs = x.contiguous(), gs = gy.contiguous()
        let (n, o, k) = (x.shape[0], gy.shape[1], x.shape[1])
        let c = accumulated.uniqueMutableRawPointer()
        func run<T: GEMMScalar>(_: T.Type) {
            gemm(transA: true, transB: false, m: o, n: k, k: n, alpha: 1, a: gs.pointer(T.self), lda: o,
                 b: xs.pointer(T.self), ldb: k, beta: 1, c: c.assumingMemoryBound(to: T.self), ldc: k)
        }
        if dt == .float32 { run(Float.self) } else { run(Double.self) }
        return true
    }
}

/// `x Wᵀ + bias` as one GEMM with beta 1 over bias rows (or beta 0 without a bias).
private func linearGEMM<T: GEMMScalar>(_: T.Type, _ x: NDArray, _ W: NDArray, _ bias: NDArray?) -> NDArray {
    let n = x.shape[0], k = x.shape[1], o = W.shape[0]
    let out = NDArray(uninitializedShape: [n, o], dtype: x.dtype)
    guard n > 0 && o > 0 else { return out }
    let y = out.pointer(T.self)
    if k == 0 || bias != nil {
        if let bias {
            let b = bias.contiguous(), bp = b.pointer(T.self)
            for r in 0..<n { (y + r * o).update(from: bp, count: o) }
        } else {
            y.zeroFill(n * o)
        }
        if k == 0 { return out }
    }
    let xs = x.contiguous(), ws = W.contiguous()
    gemm(transA: false, transB: true, m: n, n: o, k: k, alpha: 1, a: xs.pointer(T.self), lda: k,
         b: ws.pointer(T.self), ldb: k, beta: bias == nil ? 0 : 1, c: y, ldc: o)
    return out
}
