import Testing
@testable import Chainer
import ChainerTesting

/// `grad(outputs:inputs:enableDoubleBackprop:)` used the way WGAN-GP uses it: the norm of the critic's input gradient
/// is itself a loss, backpropagated to the critic's parameters.
@Suite struct HigherOrderGradientTests {
    /// A small critic: sum(tanh(x Wᵀ + b) · v).
    static func critic(_ x: Variable, _ W: Variable, _ b: Variable, _ v: Variable) -> Variable {
        F.sum(F.matmul(F.tanh(F.linear(x, W, b)), v))
    }

    /// The gradient penalty mean((‖∂critic/∂x‖ − 1)²) over the batch.
    static func penalty(_ x: Variable, _ W: Variable, _ b: Variable, _ v: Variable) -> Variable {
        let gx = grad(outputs: [critic(x, W, b, v)], inputs: [x], enableDoubleBackprop: true)[0]!
        let norms = F.sqrt(F.sum(gx * gx, axis: 1))
        return F.mean(F.square(norms - 1.0))
    }

    @Test func gradientPenaltyReachesTheCriticParameters() throws {
        let x0 = NDArray.normal([4, 3], dtype: .float64), W0 = NDArray.normal([5, 3], dtype: .float64)
        let b0 = NDArray.normal([5], dtype: .float64), v0 = NDArray.normal([5], dtype: .float64)
        let (x, W, b, v) = (Variable(x0), Variable(W0), Variable(b0), Variable(v0))
        let p = Self.penalty(x, W, b, v)
        // `grad` left every .grad alone; the penalty's own backward fills them.
        #expect(x.grad == nil && W.grad == nil)
        p.backward()
        for param in [W, b, v] { #expect(param.grad != nil && param.grad!.abs().max().item() > 0) }

        // The input gradient by hand: ∂critic/∂x = ((1 − tanh²(x Wᵀ + b)) ⊙ v) W.
        let t = (x0.matmul(W0.T) + b0).tanh()
        let expectedGx = ((1 - t * t) * v0).matmul(W0)
        let gx = grad(outputs: [Self.critic(x, W, b, v)], inputs: [x])[0]!
        expectArray(gx.array, expectedGx, rtol: 1e-12, atol: 1e-12)

        // The penalty's parameter gradients against central differences.
        try checkBackward({ [Self.penalty($0[0], $0[1], $0[2], $0[3])] }, inputs: [x0, W0, b0, v0])
    }

    @Test func gradWithoutDoubleBackpropGivesConstants() {
        let x = Variable(NDArray([0.3, -0.7]))
        let g = grad(outputs: [F.sum(F.sin(x))], inputs: [x])[0]!
        #expect(g.creator == nil)
        expectArray(g.array, NDArray([0.3, -0.7]).cos())
        let g2 = grad(outputs: [F.sum(F.sin(x))], inputs: [x], enableDoubleBackprop: true)[0]!
        #expect(g2.creator != nil)
        // d/dx Σ cos x = −sin x
        let gg = grad(outputs: [F.sum(g2)], inputs: [x])[0]!
        expectArray(gg.array, -NDArray([0.3, -0.7]).sin())
    }
}
