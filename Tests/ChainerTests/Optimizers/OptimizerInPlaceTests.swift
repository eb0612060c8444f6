import Testing
@testable import Chainer

/// Once the loss's graph is released (by `update(lossFunction)`, or by the loss going out of scope in a plain
/// backward-then-update loop) the step writes the parameters in their own buffers.
@Suite struct OptimizerInPlaceTests {
    final class Net: Chain {
        let l = L.Linear(3, 2)
        func callAsFunction(_ x: Variable) -> Variable { l(x) }
    }

    @Test func updateWritesParametersInPlaceAndReleasesTheGraph() {
        let net = Net()
        let optimizer = Adam()
        optimizer.setup(net)
        let x = Variable(NDArray([1, 2, 3, -1, 0, 2] as [Float], shape: [2, 3]), requiresGrad: false)
        let t = NDArray([1, 0] as [Int32], shape: [2])
        let before = net.l.W.array.copy()
        let address = Int(bitPattern: net.l.W.array.contiguousRawPointer)
        var captured: Variable?
        optimizer.update {
            let loss = F.softmaxCrossEntropy(net(x), t)
            captured = loss
            return loss
        }
        #expect(captured?.creator == nil)
        #expect(Int(bitPattern: net.l.W.array.contiguousRawPointer) == address)
        // The step still happened: Adam moves every weight with a nonzero gradient by about alpha.
        let moved = (net.l.W.array - before).abs().max().item()
        #expect(moved > 0.0005 && moved < 0.0015)
    }

    @Test func plainBackwardThenUpdateWritesInPlaceOnceTheLossIsGone() {
        let net = Net()
        let optimizer = Adam()
        optimizer.setup(net)
        let x = Variable(NDArray([1, 2, 3, -1, 0, 2] as [Float], shape: [2, 3]), requiresGrad: false)
        let t = NDArray([1, 0] as [Int32], shape: [2])
        weak var retainedW: Storage?
        for _ in 0..<2 {
            net.clearGrads()
            do {
                // F.linear keeps W for its backward; that reference must go with the graph, not stay on W's node.
                let loss = F.softmaxCrossEntropy(net(x), t)
                loss.backward()
            }
            let before = net.l.W.array.copy()
            let address = Int(bitPattern: net.l.W.array.contiguousRawPointer)
            retainedW = net.l.W.array.storage
            optimizer.update()
            #expect(Int(bitPattern: net.l.W.array.contiguousRawPointer) == address)
            #expect(net.l.W.array.storage === retainedW)
            #expect((net.l.W.array - before).abs().max().item() > 0.0005)
        }
    }
}
