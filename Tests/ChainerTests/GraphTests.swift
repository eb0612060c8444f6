import Testing
@testable import Chainer
import ChainerTesting

@Suite struct GraphTests {
    @Test func backwardOfSquareSum() {
        let x = Variable(NDArray([1, 2, 3] as [Float]))
        let y = F.sum(x * x)
        y.backward()
        #expect(x.grad!.asArray(Float.self) == [2, 4, 6])
        #expect(y.item() == 14)
    }

    @Test func gradientsAccumulateIntoSharedLeaves() {
        let x = Variable(NDArray([3] as [Double]))
        let y = x * x + x * 2.0          // dy/dx = 2x + 2 = 8
        y.backward()
        #expect(x.grad!.scalars == [8])
        let z = x * 3.0
        z.backward()                     // accumulates: 8 + 3
        #expect(x.grad!.scalars == [11])
        x.clearGrad()
        #expect(x.grad == nil)
    }

    @Test func retainGradKeepsIntermediateGradients() {
        let x = Variable(NDArray([1, 2] as [Double]))
        let h = x * 3.0
        let y = F.sum(h * h)
        y.backward(retainGrad: true)
        #expect(h.grad!.scalars == [6, 12])
        let x2 = Variable(NDArray([1, 2] as [Double]))
        let h2 = x2 * 3.0
        F.sum(h2 * h2).backward()
        #expect(h2.grad == nil)
    }

    @Test func noBackpropModeBuildsNoGraph() {
        let x = Variable(NDArray([1, 2] as [Double]))
        let y = noBackpropMode { F.tanh(x) * 2.0 }
        #expect(y.creator == nil)
        #expect(!y.requiresGrad)
        let z = noBackpropMode { forceBackpropMode { F.tanh(x) } }
        #expect(z.creator != nil)
    }

    @Test func usingConfigIsScoped() {
        #expect(Config.current.train)
        usingConfig(\.train, false) { #expect(!Config.current.train) }
        #expect(Config.current.train)
    }

    @Test func gradFunctionLeavesGradAloneAndSupportsDoubleBackprop() {
        let x = Variable(NDArray([2] as [Double]))
        let y = x * x * x                // y = x³, y' = 3x² = 12, y'' = 6x = 12
        let gx = grad(outputs: [y], inputs: [x], enableDoubleBackprop: true)[0]!
        #expect(gx.array.scalars == [12])
        #expect(x.grad == nil)
        // A gradient penalty: d/dx (y'²) = 2 y' y'' = 2 * 12 * 12
        let penalty = gx * gx
        penalty.backward()
        #expect(x.grad!.scalars == [288])
    }

    @Test func unchainBackwardCutsTheGraph() {
        let x = Variable(NDArray([1] as [Double]))
        let h = F.tanh(x)
        let y = h * 2.0
        h.unchainBackward()
        y.backward()
        #expect(x.grad == nil)
        #expect(h.creator == nil)
    }

    @Test func intermediateArraysAreFreed() {
        weak var node: VariableNode?
        let x = Variable(NDArray.ones([4], dtype: .float64))
        var y: Variable? = {
            let h = x + 1.0              // `+ scalar` retains nothing, so h's node dies with h
            node = h.node
            return F.sum(h * 2.0)
        }()
        // h's node is held only by the graph (as the input of `* 2.0`) while y is alive.
        #expect(node != nil)
        y!.backward()
        y = nil
        #expect(node == nil)
    }

    @Test func millionNodeChainRunsBackwardAndIsFreed() {
        weak var first: VariableNode?
        let x = Variable(NDArray([0.5] as [Float]))
        var h: Variable? = x + 0.0
        first = h!.node
        for _ in 1..<1_000_000 { h = h! + 0.0 }
        h!.backward()
        #expect(x.grad!.scalars == [1])
        #expect(first != nil)
        h = nil  // teardown must not recurse
        #expect(first == nil)
    }

    @Test func broadcastingGradientsSumBack() throws {
        let a = Variable(NDArray.normal([3, 1], dtype: .float64))
        let b = Variable(NDArray.normal([4], dtype: .float64))
        let y = F.sum(a * b)
        y.backward()
        #expect(a.grad!.shape == [3, 1])
        #expect(b.grad!.shape == [4])
        #expect(a.grad!.allClose((b.array.sum() * NDArray.ones([3, 1], dtype: .float64))))
    }
}
