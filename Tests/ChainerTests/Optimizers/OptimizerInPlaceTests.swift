import Testing
@testable import Chainer

/// `update(lossFunction)` releases the loss's graph so the step writes the parameters in their own buffers.
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
}
