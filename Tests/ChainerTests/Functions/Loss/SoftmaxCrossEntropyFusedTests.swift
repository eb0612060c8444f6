import Foundation
import Testing
@testable import Chainer

/// The one-node softmax cross entropy (float logits, mean, no class weights) against the composite path, which
/// `classWeight` of ones selects and whose gradients are checked numerically elsewhere.
@Suite struct SoftmaxCrossEntropyFusedTests {
    static func logits(_ dtype: DType) -> NDArray {
        NDArray((0..<24).map { Foundation.sin(Double($0) * 1.7) * 3 } as [Double], shape: [4, 6]).astype(dtype)
    }

    @Test(arguments: [(DType.float32, true), (.float32, false), (.float64, true), (.float64, false)])
    func matchesTheCompositePath(_ c: (DType, Bool)) {
        let (dtype, normalize) = c
        let t = NDArray([2, -1, 5, 0] as [Int32], shape: [4])
        let x1 = Variable(Self.logits(dtype)), x2 = Variable(Self.logits(dtype))
        let fused = F.softmaxCrossEntropy(x1, t, normalize: normalize)
        let composite = F.softmaxCrossEntropy(x2, t, normalize: normalize, classWeight: NDArray.ones([6], dtype: dtype))
        #expect(fused.creator is SoftmaxCrossEntropyFunction)
        #expect(!(composite.creator is SoftmaxCrossEntropyFunction))
        let tol = dtype == .float32 ? 1e-6 : 1e-12
        #expect(Swift.abs(fused.item() - composite.item()) < tol)
        (fused * 1.5).backward()
        (composite * 1.5).backward()
        #expect(x1.grad!.allClose(x2.grad!, rtol: tol, atol: tol))
        // The ignored row gets no gradient.
        #expect(x1.grad![1].abs().max().item() == 0)
    }
}
