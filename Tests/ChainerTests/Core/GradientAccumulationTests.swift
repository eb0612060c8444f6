import Testing
@testable import Chainer
import ChainerArray

/// Functions that add their gradient into the one an input already holds (Linear's GEMM with beta 1, EmbedID's
/// scatter-add) give the same gradients as the pass that adds them separately, and never write into an array the
/// user kept.
@Suite struct GradientAccumulationTests {
    /// A small recurrence that reads W and the embedding table E at every step, as an RNN language model does.
    static func loss(_ W: Variable, _ E: Variable, steps: Int, dtype: DType = .float64) -> Variable {
        var h = Variable(NDArray.zeros([2, 3], dtype: dtype), requiresGrad: false)
        var total: Variable?
        for t in 0..<steps {
            let ids = NDArray([Int32(t % 4), Int32((t + 1) % 4)], shape: [2])
            h = F.tanh(F.linear(h, W) + F.embedID(ids, E) + 0.1)
            let step = F.sum(h * h)
            total = total.map { $0 + step } ?? step
        }
        return total!
    }

    static func parameters(_ dtype: DType) -> (Variable, Variable) {
        withSeed(11) {
            (Variable(NDArray.uniform([3, 3], low: -1, high: 1, dtype: dtype)),
             Variable(NDArray.uniform([4, 3], low: -1, high: 1, dtype: dtype)))
        }
    }

    @Test(arguments: [DType.float64, .float32])
    func matchTheGradientsAddedSeparately(_ dtype: DType) {
        let (W, E) = Self.parameters(dtype)
        // grad(outputs:inputs:) collects its gradients apart from the nodes, so it never adds in place.
        let reference = grad(outputs: [Self.loss(W, E, steps: 5, dtype: dtype)], inputs: [W, E])
        Self.loss(W, E, steps: 5, dtype: dtype).backward()
        let tol = dtype == .float64 ? 1e-12 : 1e-5
        #expect(W.grad!.allClose(reference[0]!.array, rtol: tol, atol: tol))
        #expect(E.grad!.allClose(reference[1]!.array, rtol: tol, atol: tol))
        #expect(E.grad![0].abs().sum().item() > 0 && W.grad!.abs().sum().item() > 0)
    }

    @Test func aSecondBackwardAddsWithoutTouchingAKeptGradient() {
        let (W, E) = Self.parameters(.float64)
        Self.loss(W, E, steps: 3).backward()
        let keptW = W.grad!, keptE = E.grad!
        let valuesW = keptW.asArray(Double.self), valuesE = keptE.asArray(Double.self)
        Self.loss(W, E, steps: 3).backward()   // no clearGrads: Chainer adds to the existing gradient
        #expect(keptW.asArray(Double.self) == valuesW && keptE.asArray(Double.self) == valuesE)
        #expect(W.grad!.allClose(keptW * 2, rtol: 1e-12, atol: 1e-12))
        #expect(E.grad!.allClose(keptE * 2, rtol: 1e-12, atol: 1e-12))
    }

    @Test func aLinearLinkReusedAtEveryStep() {
        let layer = withSeed(3) { L.Linear(4, 4) }
        let x = Variable(NDArray.uniform([2, 4], low: -1, high: 1), requiresGrad: false)
        func run() -> Variable {
            var h = x
            for _ in 0..<4 { h = F.relu(layer(h)) + x }
            return F.sum(h)
        }
        let reference = grad(outputs: [run()], inputs: [layer.W, layer.b!])
        run().backward()
        #expect(layer.W.grad!.allClose(reference[0]!.array, rtol: 1e-5, atol: 1e-6))
        #expect(layer.b!.grad!.allClose(reference[1]!.array, rtol: 1e-5, atol: 1e-6))
    }
}
