import Foundation
import Testing
@testable import Chainer

/// The one-node softmax cross entropy, for every option, against the same loss composed here from log-softmax,
/// selectItem and a weight mask (functions whose gradients are checked numerically elsewhere).
@Suite struct SoftmaxCrossEntropyFusedTests {
    static func logits(_ dtype: DType) -> NDArray {
        NDArray((0..<24).map { Foundation.sin(Double($0) * 1.7) * 3 } as [Double], shape: [4, 6]).astype(dtype)
    }

    /// Chainer's definition, spelled out: per-sample `-w[t] · log softmax(x)[t]`, 0 for ignored labels, then the
    /// mean over counted labels (or over the batch without `normalize`) or the vector.
    static func composed(_ x: Variable, _ t: NDArray, normalize: Bool, reduce: LossReduction, weight: NDArray?) -> Variable {
        let valid = t .!= -1
        let safe = NDArray.where(valid, t.cast(.int64), 0)
        var w = valid.astype(x.dtype)
        if let weight { w = w * weight.cast(x.dtype).take(safe, axis: 0) }
        let losses = -(F.selectItem(F.logSoftmax(x), safe) * Variable(w, requiresGrad: false))
        if reduce == .no { return losses }
        let count = normalize ? valid.astype(.float64).sum().item() : Double(x.shape[0])
        return F.sum(losses) / Swift.max(count, 1)
    }

    @Test(arguments: [DType.float32, .float64], [(true, LossReduction.mean, false), (false, .mean, false),
                                                  (true, .mean, true), (false, .mean, true), (true, .no, false),
                                                  (true, .no, true)])
    func matchesTheComposedLoss(_ dtype: DType, _ c: (Bool, LossReduction, Bool)) {
        let (normalize, reduce, weighted) = c
        let t = NDArray([2, -1, 5, 0] as [Int32], shape: [4])
        let weight = weighted ? NDArray([0.5, 1, 2, 1, 1, 3] as [Double], shape: [6]).astype(dtype) : nil
        let x1 = Variable(Self.logits(dtype)), x2 = Variable(Self.logits(dtype))
        let fused = F.softmaxCrossEntropy(x1, t, normalize: normalize, reduce: reduce, classWeight: weight)
        let reference = Self.composed(x2, t, normalize: normalize, reduce: reduce, weight: weight)
        #expect(fused.creator is SoftmaxCrossEntropyFunction, "every option is one node")
        #expect(fused.shape == reference.shape && fused.dtype == dtype)
        let tol = dtype == .float32 ? 1e-5 : 1e-12
        #expect(fused.array.allClose(reference.array, rtol: tol, atol: tol))
        // A non-uniform output gradient, so .no's per-sample spreading is checked too.
        let gy = reduce == .no ? NDArray([1.5, -2, 0.25, 3] as [Double], shape: [4]).astype(dtype) : NDArray(scalar: 1.5, dtype: dtype)
        F.sum(fused * Variable(gy, requiresGrad: false)).backward()
        F.sum(reference * Variable(gy, requiresGrad: false)).backward()
        #expect(x1.grad!.allClose(x2.grad!, rtol: tol, atol: tol))
        #expect(x1.grad![1].abs().max().item() == 0, "the ignored row gets no gradient")
    }

    @Test func float16LogitsKeepTheirDtype() {
        let x = Variable(Self.logits(.float16))
        let t = NDArray([2, -1, 5, 0] as [Int32], shape: [4])
        let loss = F.softmaxCrossEntropy(x, t)
        let reference = F.softmaxCrossEntropy(Variable(Self.logits(.float16).astype(.float32)), t)
        #expect(loss.dtype == .float16 && Swift.abs(loss.item() - reference.item()) < 1e-2)
        loss.backward()
        #expect(x.grad!.dtype == .float16)
    }
}
