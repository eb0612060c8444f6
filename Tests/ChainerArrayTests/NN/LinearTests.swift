import Foundation
import Testing
@testable import ChainerArray

/// `NDArray.linear` (one GEMM onto bias rows) against `matmul` plus a broadcast add.
@Suite struct LinearTests {
    static func ramp(_ shape: [Int], _ dtype: DType, _ phase: Double) -> NDArray {
        let n = shape.reduce(1, *)
        return NDArray((0..<n).map { Foundation.sin(Double($0) * 0.37 + phase) } as [Double], shape: shape).astype(dtype)
    }

    @Test(arguments: [DType.float32, .float64])
    func matchesMatmulPlusBias(_ dtype: DType) {
        let x = Self.ramp([7, 5], dtype, 0.1), W = Self.ramp([3, 5], dtype, 1.3), b = Self.ramp([3], dtype, 2.2)
        let y = NDArray.linear(x, W, bias: b)
        #expect(y.dtype == dtype && y.shape == [7, 3])
        #expect(y.allClose(x.matmul(W.T) + b, rtol: 1e-6, atol: 1e-6))
        #expect(NDArray.linear(x, W).allClose(x.matmul(W.T), rtol: 1e-6, atol: 1e-6))
    }

    @Test func nonContiguousOperandsAndOtherDtypes() {
        // x as a transposed view, W as a strided slice: both are read correctly.
        let xt = Self.ramp([5, 7], .float32, 0.4), wide = Self.ramp([3, 10], .float32, 0.9)
        let x = xt.T, W = wide[.all, stride(from: 0, to: 10, by: 2)]
        let b = Self.ramp([3], .float32, 1.7)
        #expect(NDArray.linear(x, W, bias: b).allClose(x.copy().matmul(W.copy().T) + b, rtol: 1e-6, atol: 1e-6))
        // float16 takes the general path and keeps its dtype.
        let h = NDArray.linear(x.astype(.float16), W.astype(.float16), bias: b.astype(.float16))
        #expect(h.dtype == .float16)
        #expect(h.astype(.float32).allClose(x.matmul(W.T) + b, rtol: 1e-2, atol: 1e-2))
    }

    @Test func emptyInnerDimensionGivesTheBias() {
        let x = NDArray.zeros([4, 0], dtype: .float32), W = NDArray.zeros([3, 0], dtype: .float32)
        let b = NDArray([1, 2, 3] as [Float], shape: [3])
        let y = NDArray.linear(x, W, bias: b)
        #expect(y.shape == [4, 3])
        #expect(y == b.broadcast(to: [4, 3]).copy())
        #expect(NDArray.linear(x, W) == NDArray.zeros([4, 3], dtype: .float32))
    }

    @Test func weightGradientIsGyTransposedTimesX() {
        let x = Self.ramp([6, 4], .float32, 0.2), gy = Self.ramp([6, 3], .float32, 0.8)
        let gW = NDArray.linearGradW(x, gy)
        #expect(gW.shape == [3, 4] && gW.isContiguous)
        #expect(gW.allClose(gy.T.copy().matmul(x), rtol: 1e-6, atol: 1e-6))
    }
}
