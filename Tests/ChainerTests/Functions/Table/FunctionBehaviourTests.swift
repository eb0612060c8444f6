import Testing
@testable import Chainer
import ChainerTesting

/// Behaviours of the activation, math and array functions that a spec row does not cover: functions without a
/// gradient, dtype conversion, broadcasting helpers and graph wiring.
@Suite struct FunctionBehaviourTests {
    @Test func argmaxAndArgminMatchNumPyAndTakeNoGradient() throws {
        let fx = try Fixture.load("funcs")
        let x = Variable(fx["argmax_in0"]!)
        let am = F.argmax(x, axis: 1)
        #expect(!am.requiresGrad)
        expectArray(am.array, fx["argmax_out0"]!)
        expectArray(F.argmin(Variable(fx["argminAll_in0"]!)).array, fx["argminAll_out0"]!)
        #expect(F.argmax(x, axis: -2).array == am.array)
    }

    @Test func castRoundTripsTheGradientToTheInputDType() {
        let x = Variable(NDArray([1.5, -2.0, 0.25], shape: [3]))
        let y = F.cast(x, .float32)
        #expect(y.dtype == .float32)
        F.sum(y * y).backward()
        #expect(x.grad!.dtype == .float64)
        expectArray(x.grad!, NDArray([3.0, -4.0, 0.5], shape: [3]))
    }

    @Test func castIsDifferentiableTwice() {
        let x = Variable(NDArray([1.5, -2.0, 0.25], shape: [3]))
        let y = F.cast(x, .float32)
        let gx = grad(outputs: [F.sum(y * y)], inputs: [x], enableDoubleBackprop: true)[0]!
        #expect(gx.dtype == .float64 && gx.creator != nil)
        expectArray(gx.array, NDArray([3.0, -4.0, 0.5], shape: [3]))
        let ggx = grad(outputs: [F.sum(gx * gx)], inputs: [x])[0]!   // d/dx Σ (2x)² = 8x
        expectArray(ggx.array, NDArray([12.0, -16.0, 2.0], shape: [3]))
    }

    @Test func broadcastGivesTheCommonShapeAndSumsGradientsBack() {
        let a = Variable(NDArray.normal([3, 1], dtype: .float64)), b = Variable(NDArray.normal([4], dtype: .float64))
        let ys = F.broadcast([a, b])
        #expect(ys.map(\.shape) == [[3, 4], [3, 4]])
        F.sum(ys[0] + ys[1]).backward()
        expectArray(a.grad!, NDArray.full([3, 1], 4, dtype: .float64))
        expectArray(b.grad!, NDArray.full([4], 3, dtype: .float64))
    }

    @Test func splitOutputsWithoutGradientCountAsZeros() {
        let x = Variable(NDArray.normal([2, 6], dtype: .float64))
        let parts = F.splitAxis(x, 3, axis: 1)
        F.sum(parts[1]).backward()
        var expected = NDArray.zeros([2, 6], dtype: .float64)
        expected[0..., 2..<4] = NDArray.ones([2, 2], dtype: .float64)
        expectArray(x.grad!, expected)
    }

    @Test func variableSubscriptsAccumulateRepeatedIndices() {
        let x = Variable(NDArray([1.0, 2, 3, 4], shape: [4]))
        F.sum(x[NDArray([Int64(2), 2, 0], shape: [3])]).backward()
        expectArray(x.grad!, NDArray([1.0, 0, 2, 0], shape: [4]))
    }

    @Test func maxSendsTheGradientToEveryTiedMaximum() {
        let x = Variable(NDArray([1.0, 3, 3, 2], shape: [4]))
        F.max(x).backward()
        expectArray(x.grad!, NDArray([0.0, 1, 1, 0], shape: [4]))
    }

    @Test func eluStaysFiniteForLargeInputs() {
        let x = Variable(NDArray([800.0, -800.0], shape: [2]))
        let y = F.elu(x)
        F.sum(y).backward()
        expectArray(y.array, NDArray([800.0, -1.0], shape: [2]))
        expectArray(x.grad!, NDArray([1.0, 0.0], shape: [2]))
        let gx = grad(outputs: [F.sum(F.elu(x))], inputs: [x], enableDoubleBackprop: true)[0]!
        #expect(gx.array.isfinite().all().item() == 1)
    }

    @Test func meanAlongAnAxisMatchesSumOverCount() {
        let x = Variable(NDArray.normal([3, 4], dtype: .float64))
        expectArray(F.mean(x, axis: 1).array, x.array.sum(axis: 1) / 4, rtol: 1e-12, atol: 1e-12)
    }
}

/// The fused LSTM against the same cell written with elementary functions, including outputs left unused.
@Suite struct LSTMCompositeTests {
    static func composite(_ c: Variable, _ x: Variable) -> (Variable, Variable) {
        let b = x.shape[0], units = x.shape[1] / 4
        let g = F.separate(F.reshape(x, [b, units, 4]), axis: 2)
        let cn = F.tanh(g[0]) * F.sigmoid(g[1]) + F.sigmoid(g[2]) * c[0..<b]
        return (F.concat([cn, c[b...]], axis: 0), F.sigmoid(g[3]) * F.tanh(cn))
    }

    @Test(arguments: [0, 1, 2])
    func gradientsMatchTheComposite(_ used: Int) throws {
        let c0 = NDArray.normal([3, 2], dtype: .float64), x0 = NDArray.normal([2, 8], dtype: .float64)
        func run(_ f: (Variable, Variable) -> (Variable, Variable)) -> (NDArray, NDArray) {
            let c = Variable(c0), x = Variable(x0)
            let (cn, h) = f(c, x)
            let loss = used == 0 ? F.sum(cn * cn) : used == 1 ? F.sum(h * h) : F.sum(cn) + F.sum(h * h)
            loss.backward()
            return (c.grad!, x.grad!)
        }
        let fused = run { F.lstm($0, $1) }, reference = run(Self.composite)
        expectArray(fused.0, reference.0, rtol: 1e-10, atol: 1e-12)
        expectArray(fused.1, reference.1, rtol: 1e-10, atol: 1e-12)
        try checkDoubleBackward({ let (c, h) = F.lstm($0[0], $0[1]); return used == 0 ? [c] : used == 1 ? [h] : [c, h] },
                                inputs: [c0, x0], gradOutputs: used == 0 ? [NDArray.normal([3, 2], dtype: .float64)]
                                    : used == 1 ? [NDArray.normal([2, 2], dtype: .float64)]
                                    : [NDArray.normal([3, 2], dtype: .float64), NDArray.normal([2, 2], dtype: .float64)])
    }
}
