import Testing
@testable import Chainer
import ChainerTesting

/// What the graph keeps alive, and for how long: intermediate arrays, nodes cut by `unchainBackward` (truncated
/// BPTT), and nothing at all under `noBackpropMode`.
@Suite struct GraphLifetimeTests {
    @Test func intermediateArraysAreFreedOnceNothingRetainsThem() {
        weak var unretained: Storage?
        weak var retained: Storage?
        let x = Variable(NDArray.normal([8], dtype: .float64))
        var y: Variable? = {
            let h = x + 1.0          // its consumer, `* 2.0`, keeps no array
            unretained = h.array.storage
            let k = h * 2.0
            let m = k * k            // `*` of two variables keeps both inputs for backward
            retained = k.array.storage
            return F.sum(m)
        }()
        // The graph is alive, but nothing holds h's array any more; k's array is held for backward.
        #expect(unretained == nil)
        #expect(retained != nil)
        y!.backward()
        #expect(x.grad != nil)
        y = nil
        #expect(retained == nil)
    }

    @Test func noBackpropModeRecordsNothingAndRetainsNothing() {
        weak var input: Storage?
        let w = Variable(NDArray.normal([3, 3], dtype: .float64))
        let y: Variable = noBackpropMode {
            let h = F.tanh(F.matmul(w, w))  // both would retain arrays if recorded
            input = h.array.storage
            return F.sum(h * h)
        }
        #expect(y.creator == nil && !y.requiresGrad)
        #expect(input == nil)
        y.backward()
        #expect(w.grad == nil)
        // The same expression with backprop on is recorded back to w.
        let z = F.sum(F.tanh(F.matmul(w, w)))
        #expect(z.creator != nil && z.rank > 0)
    }

    /// An RNN h ← tanh(h·w + x_t) trained with truncated BPTT: every `window` steps the loss is backpropagated and
    /// the state is unchained, so each update only reaches back to the last cut, and the earlier graph is freed.
    @Test func truncatedBPTTWithUnchainBackward() throws {
        let steps = 6, window = 3
        let xs = (0..<steps).map { _ in NDArray.normal([2, 3], dtype: .float64) }
        let w0 = NDArray.normal([3, 3], dtype: .float64) * 0.5
        let w = Variable(w0)
        var h = Variable(NDArray.zeros([2, 3], dtype: .float64))
        var grads: [NDArray] = []
        var starts: [NDArray] = []
        weak var firstNode: VariableNode?
        var loss: Variable? = nil
        starts.append(h.array)
        for t in 0..<steps {
            let pre = F.matmul(h, w) + Variable(xs[t], requiresGrad: false)
            if t == 0 { firstNode = pre.node }
            h = F.tanh(pre)
            let l = F.sum(h * h)
            loss = loss.map { $0 + l } ?? l
            if t == window - 1 { #expect(firstNode != nil) }
            if (t + 1) % window == 0 {
                w.clearGrad()
                loss!.backward()
                grads.append(w.grad!)
                h.unchainBackward()
                loss = nil
                #expect(h.creator == nil)
                #expect(firstNode == nil)  // the cut graph is freed
                starts.append(h.array)
            }
        }
        // Each window's gradient equals a fresh graph that starts from the cut state as a constant.
        for k in 0..<(steps / window) {
            let wk = Variable(w0)
            var hk = Variable(starts[k], requiresGrad: false)
            var total: Variable? = nil
            for t in (k * window)..<((k + 1) * window) {
                hk = F.tanh(F.matmul(hk, wk) + Variable(xs[t], requiresGrad: false))
                let l = F.sum(hk * hk)
                total = total.map { $0 + l } ?? l
            }
            total!.backward()
            expectArray(grads[k], wk.grad!, rtol: 1e-12, atol: 1e-12, "window \(k)")
        }
    }

    @Test func unchainKeepsTheValueAndCutsTheGraphAtThatVariable() {
        let x = Variable(NDArray([0.5, -1.0]))
        let h = F.exp(x)
        let y = h * 3.0
        h.unchain()
        #expect(h.creator == nil && h.array == F.exp(x).array)
        // y's graph stops at h, which no longer has a creator.
        F.sum(y).backward()
        #expect(x.grad == nil)
        let z = F.sum(F.exp(x) * 3.0)
        z.backward()
        expectArray(x.grad!, F.exp(x).array * 3.0)
    }
}
