import Testing
@testable import Chainer
import ChainerTesting

/// `forget`: same values and gradients as the plain function, without keeping the inner graph.
@Suite struct ForgetTests {
    static func inner(_ xs: [Variable]) -> Variable { F.tanh(xs[0] * xs[1]) + F.exp(xs[0]) }

    @Test func matchesThePlainFunction() throws {
        let a = NDArray.normal([3, 4], dtype: .float64), b = NDArray.normal([3, 4], dtype: .float64)
        let (va, vb) = (Variable(a), Variable(b))
        let y = F.forget(Self.inner, [va, vb])
        expectArray(y.array, Self.inner([Variable(a), Variable(b)]).array, rtol: 0, atol: 0)
        // Only the Forget node is recorded: its output's creator takes the inputs directly.
        #expect(y.creator?.inputs.count == 2 && y.creator?.inputs[0] === va.node)
        try checkBackward({ [F.forget(Self.inner, $0)] }, inputs: [a, b], gradOutputs: [NDArray.normal([3, 4], dtype: .float64)])
    }

    @Test func gradientsMatchPlainBackward() {
        let a = NDArray.normal([2, 3], dtype: .float64), b = NDArray.normal([2, 3], dtype: .float64)
        let (fa, fb) = (Variable(a), Variable(b))
        F.sum(F.forget(Self.inner, [fa, fb]) * 2.0).backward()
        let (pa, pb) = (Variable(a), Variable(b))
        F.sum(Self.inner([pa, pb]) * 2.0).backward()
        expectArray(fa.grad!, pa.grad!, rtol: 1e-12, atol: 1e-12)
        expectArray(fb.grad!, pb.grad!, rtol: 1e-12, atol: 1e-12)
    }

    @Test func unusedInputGetsZeroGradient() {
        let a = Variable(NDArray([1.0, 2.0])), b = Variable(NDArray([3.0, 4.0]))
        F.sum(F.forget({ F.square($0[0]) }, [a, b])).backward()
        expectArray(a.grad!, NDArray([2.0, 4.0]))
        expectArray(b.grad!, NDArray([0.0, 0.0]))
    }
}
