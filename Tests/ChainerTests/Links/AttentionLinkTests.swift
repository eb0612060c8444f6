import Testing
@testable import Chainer

@Suite struct AttentionLinkTests {
    /// Multi-head attention computed directly on arrays, head by head.
    static func reference(_ m: L.MultiHeadAttention, _ x: NDArray) -> NDArray {
        let (b, l, e) = (x.shape[0], x.shape[1], x.shape[2])
        let h = m.numHeads, dh = e / h
        func proj(_ lin: L.Linear, _ a: NDArray) -> NDArray {
            a.reshaped([b * l, e]).matmul(lin.W.array.transposed()) + lin.b!.array
        }
        func heads(_ a: NDArray) -> NDArray { a.reshaped([b, l, h, dh]).transposed([0, 2, 1, 3]) }
        let q = heads(proj(m.q, x)), k = heads(proj(m.k, x)), v = heads(proj(m.v, x))
        let s = q.matmul(k.transposed([0, 1, 3, 2])) * (1 / Double(dh).squareRoot())
        let ex = (s - s.max(axis: -1, keepDims: true)).exp()
        let att = (ex / ex.sum(axis: -1, keepDims: true)).matmul(v)
        let merged = att.transposed([0, 2, 1, 3]).reshaped([b * l, e])
        return proj(m.out, merged.reshaped([b, l, e])).reshaped([b, l, e])
    }

    @Test func multiHeadAttentionMatchesDirectComputation() {
        let m = usingConfig(\.dtype, .float64) { L.MultiHeadAttention(6, numHeads: 2) }
        #expect(m.namedParams().map(\.0) == ["/k/W", "/k/b", "/out/W", "/out/b", "/q/W", "/q/b", "/v/W", "/v/b"])
        for l in [m.q, m.k, m.v, m.out] { l.b!.array = NDArray.normal([6], dtype: .float64) }
        let x = NDArray.normal([2, 4, 6], dtype: .float64)
        expectArray(m(Variable(x)).array, Self.reference(m, x), rtol: 1e-10, atol: 1e-10)
        checkLinkBackward(m, x) { m($0) }
    }

    @Test func causalMaskIgnoresLaterPositions() {
        let m = L.MultiHeadAttention(4, numHeads: 2)
        let x = NDArray.normal([1, 3, 4])
        var y2 = x.copy()
        y2[0, 2, 0] = NDArray(scalar: 9, dtype: .float32)
        let a = m(Variable(x), Variable(x), Variable(x), causal: true)
        let b = m(Variable(y2), Variable(y2), Variable(y2), causal: true)
        #expect(a.array[0, 0].allClose(b.array[0, 0]) && a.array[0, 1].allClose(b.array[0, 1]))
        #expect(!a.array[0, 2].allClose(b.array[0, 2]))
    }

    @Test func transformerEncoderLayerShapesGradientsAndNames() {
        let t = usingConfig(\.dtype, .float64) { L.TransformerEncoderLayer(4, numHeads: 2, dimFeedforward: 8, dropout: 0) }
        #expect(t.namedParams().count == 8 + 4 + 4)
        #expect(t.namedParams().map(\.0).contains("/selfAttn/q/W") && t.namedParams().map(\.0).contains("/norm2/beta"))
        let x = NDArray.normal([2, 3, 4], dtype: .float64)
        #expect(t(Variable(x)).shape == [2, 3, 4])
        checkLinkBackward(t, x) { t($0) }
        let pre = usingConfig(\.dtype, .float64) { L.TransformerEncoderLayer(4, numHeads: 1, dropout: 0, normFirst: true) }
        checkLinkBackward(pre, x) { pre($0) }
    }
}
