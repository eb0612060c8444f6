import Testing
@testable import Chainer

/// `backward(_:gradOutputs:)` from several roots, `lossScale`, and a preset `grad` on the root.
@Suite struct BackwardRootsTests {
    @Test func severalRootsAccumulateIntoSharedLeaves() {
        let x = Variable(NDArray([1.0, 2.0, 3.0]))
        let a = x * x                  // da/dx = 2x
        let b = F.sum(F.sin(x))        // db/dx = cos x
        let ga = NDArray([1.0, -1.0, 0.5])
        backward([a, b], gradOutputs: [ga, nil])
        expectArray(x.grad!, ga * 2.0 * x.array + x.array.cos(), rtol: 1e-12, atol: 1e-12)
    }

    @Test func lossScaleMultipliesEveryGradient() {
        let x = Variable(NDArray([0.5, -1.5]))
        F.sum(F.exp(x)).backward(lossScale: 8)
        expectArray(x.grad!, x.array.exp() * 8.0, rtol: 1e-12, atol: 1e-12)
    }

    @Test func aPresetRootGradientIsUsed() {
        let x = Variable(NDArray([1.0, 2.0]))
        let y = x * 3.0
        y.grad = NDArray([2.0, -1.0])
        y.backward()
        expectArray(x.grad!, NDArray([6.0, -3.0]))
    }
}
