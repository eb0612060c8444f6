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

    /// Chainer's DCGAN step: one forward `dis(gen(z))` feeds the discriminator's update and then the generator's.
    /// The first update releases only the graph its loss function built, so the second still reaches the generator
    /// (with the gradient the graph recorded, the discriminator's weights before its step).
    @Test func aGraphBuiltBeforeTheUpdateFeedsASecondUpdate() {
        let gen = L.Linear(2, 3), dis = L.Linear(3, 1)
        let optGen = Adam(), optDis = Adam()
        optGen.setup(gen); optDis.setup(dis)
        let z = Variable(NDArray([0.5, -1, 2, 0.25] as [Float], shape: [2, 2]), requiresGrad: false)
        let fake = dis(gen(z))
        let expected = grad(outputs: [F.sum(F.softplus(-fake))], inputs: [gen.W])[0]!.array
        let genBefore = gen.W.array.copy(), disBefore = dis.W.array.copy()
        optDis.update { F.sum(F.softplus(fake)) }
        #expect(fake.creator != nil && dis.W.array != disBefore)
        optGen.update { F.sum(F.softplus(-fake)) }
        #expect(gen.W.grad != nil && gen.W.grad!.allClose(expected, rtol: 1e-6, atol: 1e-7))
        #expect(gen.W.grad!.abs().max().item() > 0 && gen.W.array != genBefore)
        #expect(dis.W.grad != nil, "the generator's loss also reaches the discriminator, as in Chainer")
    }
}
