import CChainerKernels

/// Batch normalization of an (N, C, …) array over every axis but the channel axis, as two fused kernels: one pass
/// for the mean, one for the variance and one for the output; and one pass for both parameter gradients and one for
/// the input gradient (the composed form makes about eight passes each way).
extension NDArray {
    /// Whether the fused kernels take `x` with these parameters: float32 or float64 throughout, at least 2 axes.
    public static func batchNormalizationFuses(_ x: NDArray, gamma: NDArray, beta: NDArray) -> Bool {
        (x.dtype == .float32 || x.dtype == .float64) && x.ndim >= 2 && gamma.dtype == x.dtype && beta.dtype == x.dtype
            && gamma.shape == [x.shape[1]] && beta.shape == [x.shape[1]]
    }

    /// `((x - mean) · invStd) · gamma + beta` per channel with the batch's statistics: the output, the mean and the
    /// biased variance (float64, (C,)) and `invStd` = 1/√(variance + eps) in x's dtype. Check
    /// `batchNormalizationFuses` first.
    public static func batchNormalization(_ x: NDArray, gamma: NDArray, beta: NDArray, eps: Double)
        -> (y: NDArray, mean: NDArray, variance: NDArray, invStd: NDArray) {
        precondition(batchNormalizationFuses(x, gamma: gamma, beta: beta),
                     "batchNormalization: x \(x.shape) \(x.dtype), gamma \(gamma.shape) \(gamma.dtype) and beta \(beta.shape) \(beta.dtype) do not fit the fused kernel")
        let (n, c) = (x.shape[0], x.shape[1]), s = x.size / Swift.max(n * c, 1)
        let xc = x.contiguous(), gc = gamma.contiguous(), bc = beta.contiguous()
        let y = NDArray(uninitializedShape: x.shape, dtype: x.dtype), inv = NDArray(uninitializedShape: [c], dtype: x.dtype)
        let (mean, variance) = perChannel(c, cost: 3 * n * s) { lo, hi, mb, vb in
            if x.dtype == .float32 {
                ck_bn_forward_f32(Int64(n), Int64(c), Int64(s), lo, hi, xc.pointer(Float.self), gc.pointer(Float.self),
                                  bc.pointer(Float.self), eps, y.pointer(Float.self), mb, vb, inv.pointer(Float.self))
            } else {
                ck_bn_forward_f64(Int64(n), Int64(c), Int64(s), lo, hi, xc.pointer(Double.self), gc.pointer(Double.self),
                                  bc.pointer(Double.self), eps, y.pointer(Double.self), mb, vb, inv.pointer(Double.self))
            }
        }
        return (y, NDArray(mean, shape: [c]), NDArray(variance, shape: [c]), inv)
    }

    /// The gradients of `batchNormalization` from its input, output gradient, gamma and the forward's mean and
    /// invStd (x's dtype, (C,)): the input's (nil unless `input`), gamma's and beta's.
    public static func batchNormalizationGrad(_ x: NDArray, _ gy: NDArray, gamma: NDArray, mean: NDArray, invStd: NDArray,
                                              input: Bool) -> (gx: NDArray?, gGamma: NDArray, gBeta: NDArray) {
        precondition(gy.shape == x.shape && gy.dtype == x.dtype && mean.dtype == x.dtype && invStd.dtype == x.dtype,
                     "batchNormalizationGrad: gy \(gy.shape) \(gy.dtype), mean \(mean.dtype) and invStd \(invStd.dtype) do not match x \(x.shape) \(x.dtype)")
        let (n, c) = (x.shape[0], x.shape[1]), s = x.size / Swift.max(n * c, 1)
        let xc = x.contiguous(), gc = gy.contiguous(), gm = gamma.contiguous(), mc = mean.contiguous(), ic = invStd.contiguous()
        let gx = input ? NDArray(uninitializedShape: x.shape, dtype: x.dtype) : nil
        let (gGamma, gBeta) = perChannel(c, cost: 3 * n * s) { lo, hi, gb, bb in
            if x.dtype == .float32 {
                ck_bn_backward_f32(Int64(n), Int64(c), Int64(s), lo, hi, xc.pointer(Float.self), gc.pointer(Float.self),
                                   gm.pointer(Float.self), mc.pointer(Float.self), ic.pointer(Float.self),
                                   gx?.pointer(Float.self), gb, bb)
            } else {
                ck_bn_backward_f64(Int64(n), Int64(c), Int64(s), lo, hi, xc.pointer(Double.self), gc.pointer(Double.self),
                                   gm.pointer(Double.self), mc.pointer(Double.self), ic.pointer(Double.self),
                                   gx?.pointer(Double.self), gb, bb)
            }
        }
        return (gx, NDArray(gGamma, shape: [c]).astype(x.dtype), NDArray(gBeta, shape: [c]).astype(x.dtype))
    }

    /// Runs `body(c0, c1, a, b)` over ranges of the `c` channels on threads, with two float64 outputs per channel,
    /// and returns them.
    private static func perChannel(_ c: Int, cost: Int,
                                   _ body: (Int64, Int64, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void)
        -> ([Double], [Double]) {
        var a = [Double](repeating: 0, count: c), b = [Double](repeating: 0, count: c)
        a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                let pa = ap.baseAddress!, pb = bp.baseAddress!
                Parallel.forEach(c, costPerItem: cost) { r in body(Int64(r.lowerBound), Int64(r.upperBound), pa, pb) }
            }
        }
        return (a, b)
    }
}
