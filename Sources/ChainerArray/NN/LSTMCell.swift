import CChainerKernels

/// Chainer's LSTM cell activation as one pass each way: `x` (B, 4H, …) holds the gates interleaved per unit (cell
/// input a, input i, forget f, output o), `cPrev` (B, H, …) the cell state.
extension NDArray {
    /// Whether the fused kernels take these arrays: float32 or float64, shapes as the cell needs.
    public static func lstmCellFuses(_ cPrev: NDArray, _ x: NDArray) -> Bool {
        (x.dtype == .float32 || x.dtype == .float64) && cPrev.dtype == x.dtype && x.ndim >= 2 && x.shape[1] % 4 == 0
            && cPrev.shape == [x.shape[0], x.shape[1] / 4] + Array(x.shape.dropFirst(2))
    }

    /// `c = tanh(a)·σ(i) + σ(f)·cPrev` and `h = σ(o)·tanh(c)`. Check `lstmCellFuses` first.
    public static func lstmCell(_ cPrev: NDArray, _ x: NDArray) -> (c: NDArray, h: NDArray) {
        precondition(lstmCellFuses(cPrev, x), "lstmCell: c \(cPrev.shape) \(cPrev.dtype) does not fit x \(x.shape) \(x.dtype)")
        let xc = x.contiguous(), pc = cPrev.contiguous()
        let c = NDArray(uninitializedShape: cPrev.shape, dtype: x.dtype), h = NDArray(uninitializedShape: cPrev.shape, dtype: x.dtype)
        let (n, r) = lstmUnits(x)
        if x.dtype == .float32 {
            ck_lstm_forward_f32(n, r, xc.pointer(Float.self), pc.pointer(Float.self), c.pointer(Float.self), h.pointer(Float.self))
        } else {
            ck_lstm_forward_f64(n, r, xc.pointer(Double.self), pc.pointer(Double.self), c.pointer(Double.self), h.pointer(Double.self))
        }
        return (c, h)
    }

    /// The gradients of `lstmCell` for x and cPrev, from the forward's inputs and `c`, and the gradients of c and h
    /// (nil: none arrived).
    public static func lstmCellGrad(_ cPrev: NDArray, _ x: NDArray, c: NDArray, gc: NDArray?, gh: NDArray?)
        -> (gx: NDArray, gcPrev: NDArray) {
        precondition(lstmCellFuses(cPrev, x) && c.shape == cPrev.shape && gc.map { $0.shape == c.shape } != false
                     && gh.map { $0.shape == c.shape } != false, "lstmCellGrad: shapes do not fit x \(x.shape)")
        let xc = x.contiguous(), pc = cPrev.contiguous(), cc = c.contiguous()
        let gcc = gc?.cast(x.dtype).contiguous(), ghc = gh?.cast(x.dtype).contiguous()
        let gx = NDArray(uninitializedShape: x.shape, dtype: x.dtype), gp = NDArray(uninitializedShape: cPrev.shape, dtype: x.dtype)
        let (n, r) = lstmUnits(x)
        if x.dtype == .float32 {
            ck_lstm_backward_f32(n, r, xc.pointer(Float.self), pc.pointer(Float.self), cc.pointer(Float.self),
                                 gcc?.pointer(Float.self), ghc?.pointer(Float.self), gx.pointer(Float.self), gp.pointer(Float.self))
        } else {
            ck_lstm_backward_f64(n, r, xc.pointer(Double.self), pc.pointer(Double.self), cc.pointer(Double.self),
                                 gcc?.pointer(Double.self), ghc?.pointer(Double.self), gx.pointer(Double.self), gp.pointer(Double.self))
        }
        return (gx, gp)
    }

    /// (units B·H, trailing elements per unit) of a gate array.
    private static func lstmUnits(_ x: NDArray) -> (Int64, Int64) {
        let r = x.shape.dropFirst(2).reduce(1, *)
        return (Int64(x.shape[0] * x.shape[1] / 4), Int64(r))
    }
}
