import Testing
@testable import Chainer
import ChainerTesting

/// The gradient of a transposed operand keeps the parameter's layout (no copy left for the optimizer).
@Suite struct MatmulLayoutTests {
    @Test func linearWeightGradientIsContiguousAndCorrect() {
        let xa = NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        let wa = NDArray([1, 0, -1, 2, 1, 0, 0, 3, 1, 1, 1, 1] as [Float], shape: [4, 3])
        let x = Variable(xa), w = Variable(wa)
        let y = F.linear(x, w)
        // Weights per output so every gradient entry differs: gy[n][o] = n + o + 1.
        let gy = NDArray([1, 2, 3, 4, 2, 3, 4, 5] as [Float], shape: [2, 4])
        F.sum(y * Variable(gy, requiresGrad: false)).backward()
        let gw = w.grad!, gx = x.grad!
        #expect(gw.isContiguous)
        #expect(gw.shape == [4, 3])
        // gW = gyᵀ x and gx = gy W, worked out by hand.
        let expectedW: [[Double]] = [[9, 12, 15], [14, 19, 24], [19, 26, 33], [24, 33, 42]]
        let expectedX: [[Double]] = [[9, 15, 6], [13, 20, 7]]
        for o in 0..<4 { for k in 0..<3 { #expect(gw[o, k].item() == expectedW[o][k]) } }
        for n in 0..<2 { for k in 0..<3 { #expect(gx[n, k].item() == expectedX[n][k]) } }
    }

    @Test func transposedLeftOperandGradientIsContiguousAndCorrect() {
        let aa = NDArray([1, 2, 3, 4, 5, 6] as [Double], shape: [3, 2])  // a = aaᵀ is 2×3
        let ba = NDArray([1, -1, 0, 2, 3, 1] as [Double], shape: [3, 2])
        let p = Variable(aa), b = Variable(ba)
        F.sum(F.matmul(F.transpose(p), b)).backward()
        // gA = ones·bᵀ has every row equal to the row sums of b; p gets its transpose.
        let gp = p.grad!
        #expect(gp.isContiguous)
        let expected: [[Double]] = [[0, 0], [2, 2], [4, 4]]
        for i in 0..<3 { for j in 0..<2 { #expect(gp[i, j].item() == expected[i][j]) } }
    }
}
