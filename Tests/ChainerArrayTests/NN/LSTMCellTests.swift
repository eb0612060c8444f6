import Testing
@testable import ChainerArray

/// The fused LSTM cell kernels against the same cell written with elementwise operations, for both float types and
/// trailing axes (run under every ISA level in CI).
@Suite struct LSTMCellTests {
    /// Gate k of an interleaved (B, 4H, …) array.
    static func gate(_ x: NDArray, _ k: Int) -> NDArray {
        x.reshaped([x.shape[0], x.shape[1] / 4, 4] + Array(x.shape.dropFirst(2)))[indices: [.all, .all, .index(k)]]
    }

    @Test(arguments: [DType.float64, .float32]) func matchesTheElementwiseCell(_ dtype: DType) {
        let tol = dtype == .float64 ? 1e-12 : 1e-5
        for shape in [[3, 8], [2, 8, 3]] {
            let x = NDArray.normal(shape, dtype: dtype) * 2, cPrev = NDArray.normal([shape[0], 2] + Array(shape.dropFirst(2)), dtype: dtype)
            let a = Self.gate(x, 0).tanh(), i = Self.gate(x, 1).sigmoid(), f = Self.gate(x, 2).sigmoid(), o = Self.gate(x, 3).sigmoid()
            let c = a * i + f * cPrev, h = o * c.tanh()
            let fused = NDArray.lstmCell(cPrev, x)
            #expect(fused.c.allClose(c, rtol: tol, atol: tol) && fused.h.allClose(h, rtol: tol, atol: tol))

            let gc = NDArray.normal(c.shape, dtype: dtype), gh = NDArray.normal(c.shape, dtype: dtype)
            let tc = c.tanh(), total = gc + gh * o * (1 - tc * tc)
            let g = NDArray.lstmCellGrad(cPrev, x, c: fused.c, gc: gc, gh: gh)
            let expected = [total * i * (1 - a * a), total * a * i * (1 - i), total * cPrev * f * (1 - f), gh * tc * o * (1 - o)]
            for k in 0..<4 { #expect(Self.gate(g.gx, k).allClose(expected[k], rtol: tol, atol: tol), "gate \(k) of \(shape)") }
            #expect(g.gcPrev.allClose(total * f, rtol: tol, atol: tol))
            // No output gradient for h: the output gate gets none, the rest only what c sends.
            let onlyC = NDArray.lstmCellGrad(cPrev, x, c: fused.c, gc: gc, gh: nil)
            #expect(Self.gate(onlyC.gx, 3).allClose(NDArray.zerosLike(o)) && onlyC.gcPrev.allClose(gc * f, rtol: tol, atol: tol))
        }
    }

    /// A NaN gate reaches every gradient through the missing output gradient's zero, as Chainer's arithmetic does.
    @Test func aNaNGateReachesTheGradientWithoutAnOutputGradient() {
        var x = NDArray.full([1, 8], 0.5, dtype: .float64)
        x[0, 3] = NDArray(Double.nan)
        let cPrev = NDArray.zeros([1, 2], dtype: .float64)
        let (c, _) = NDArray.lstmCell(cPrev, x)
        let g = NDArray.lstmCellGrad(cPrev, x, c: c, gc: NDArray.ones([1, 2], dtype: .float64), gh: nil)
        #expect(g.gx.asArray(Double.self).prefix(4).allSatisfy(\.isNaN) && !g.gx.asArray(Double.self)[4].isNaN)
    }
}
