import Foundation
import Testing
@testable import Chainer

/// The n-step RNN links against Chainer 7.8.1 (scripts/fixtures/chainer_nstep.py): Chainer's saved parameters load
/// by name; on unsorted sequences of lengths 3, 5, 2 the outputs, final states and gradients (inputs, a weight, a
/// bias, the initial state) agree, with given and with zero initial states.
@Suite struct NStepRNNLinkTests {
    static let kinds = ["lstm", "bilstm", "gru", "bigru", "rnntanh", "birnnrelu"]

    static func make(_ kind: String) -> L.NStepRNNBase {
        usingConfig(\.dtype, .float64) {
            switch kind {
            case "lstm": L.NStepLSTM(2, 3, 4, 0)
            case "bilstm": L.NStepBiLSTM(2, 3, 4, 0)
            case "gru": L.NStepGRU(2, 3, 4, 0)
            case "bigru": L.NStepBiGRU(2, 3, 4, 0)
            case "rnntanh": L.NStepRNNTanh(2, 3, 4, 0)
            default: L.NStepBiRNNReLU(2, 3, 4, 0)
            }
        }
    }

    /// (hy, cy, ys) of any kind.
    static func run(_ link: L.NStepRNNBase, _ hx: Variable?, _ cx: Variable?, _ xs: [Variable]) -> (Variable, Variable?, [Variable]) {
        switch link {
        case let l as L.NStepLSTM: let o = l(hx, cx, xs); return (o.hy, o.cy, o.ys)
        case let l as L.NStepBiLSTM: let o = l(hx, cx, xs); return (o.hy, o.cy, o.ys)
        case let l as L.NStepGRU: let o = l(hx, xs); return (o.hy, nil, o.ys)
        case let l as L.NStepBiGRU: let o = l(hx, xs); return (o.hy, nil, o.ys)
        case let l as L.NStepRNNTanh: let o = l(hx, xs); return (o.hy, nil, o.ys)
        case let l as L.NStepBiRNNReLU: let o = l(hx, xs); return (o.hy, nil, o.ys)
        default: preconditionFailure("unknown link \(type(of: link))")
        }
    }

    @Test(arguments: kinds) func matchesChainer(_ kind: String) throws {
        let fx = try Fixture.load("nstep")
        let link = Self.make(kind)
        #expect(link.count == (kind.hasPrefix("bi") ? 4 : 2))
        try loadNPZ(Fixture.url("chainer_nstep_\(kind).npz"), into: link)
        let xs = (0..<3).map { Variable(fx["\(kind)_x\($0)"]!) }
        let hx = Variable(fx["\(kind)_hx"]!)
        let cx = fx["\(kind)_cx"].map { Variable($0) }
        let (hy, cy, ys) = Self.run(link, hx, cx, xs)
        let tol = 1e-12
        expectArray(hy.array, fx["\(kind)_hy"]!, rtol: tol, atol: tol)
        if let cy { expectArray(cy.array, fx["\(kind)_cy"]!, rtol: tol, atol: tol) }
        for i in 0..<3 {
            #expect(ys[i].shape[0] == [3, 5, 2][i])
            expectArray(ys[i].array, fx["\(kind)_y\(i)"]!, rtol: tol, atol: tol)
        }
        var loss = F.sum(hy * Variable(fx["\(kind)_wh"]!, requiresGrad: false))
        for i in 0..<3 { loss += F.sum(ys[i] * fx["\(kind)_w\(i)"]!) }
        if let cy { loss += F.sum(cy * fx["\(kind)_wc"]!) }
        loss.backward()
        for i in 0..<3 { expectArray(xs[i].grad!, fx["\(kind)_gx\(i)"]!, rtol: 1e-10, atol: 1e-10) }
        expectArray(hx.grad!, fx["\(kind)_ghx"]!, rtol: 1e-10, atol: 1e-10)
        expectArray((link[1] as! L.NStepRNNWeights).ws[1].grad!, fx["\(kind)_gw"]!, rtol: 1e-10, atol: 1e-10)
        expectArray((link[0] as! L.NStepRNNWeights).bs[0].grad!, fx["\(kind)_gb"]!, rtol: 1e-10, atol: 1e-10)

        let (hy0, _, ys0) = Self.run(link, nil, nil, xs)
        expectArray(hy0.array, fx["\(kind)_hy_zero"]!, rtol: tol, atol: tol)
        expectArray(ys0[0].array, fx["\(kind)_y0_zero"]!, rtol: tol, atol: tol)
    }

    @Test func savedNamesAndShapesAreChainers() throws {
        let lstm = L.NStepBiLSTM(2, 3, 4, 0.1)
        let names = lstm.namedParams().map(\.0)
        #expect(names.count == 4 * 16 && names.contains("/0/w0") && names.contains("/3/b7"))
        #expect((lstm[0] as! L.NStepRNNWeights).ws[0].shape == [4, 3] && (lstm[2] as! L.NStepRNNWeights).ws[0].shape == [4, 8])
        #expect((lstm[0] as! L.NStepRNNWeights).ws[4].shape == [4, 4])
        let gru = L.NStepGRU(1, 2, 3, 0)
        let copy = gru.copy(mode: .copy)
        #expect(copy.namedParams().count == 12)
        let arrays = [NDArray.ones([2, 2]), NDArray.ones([1, 2])]
        #expect(copy(nil, arrays).ys.map(\.array) == gru(nil, arrays).ys.map(\.array), "arrays as inputs; the copy computes the same")
    }

    /// Chainer's edge cases: empty sequences pass the states through; each direction of a bidirectional layer draws
    /// its own dropout mask (one dropout per direction, step and layer above the first).
    @Test func emptySequencesAndDropoutPerDirection() {
        let rnn = L.NStepBiLSTM(2, 3, 4, 0.5)
        let hx = Variable(NDArray.normal([4, 1, 4])), cx = Variable(NDArray.normal([4, 1, 4]))
        let empty = rnn(hx, cx, [NDArray.zeros([0, 3])])
        #expect(empty.hy.array == hx.array && empty.cy.array == cx.array && empty.ys[0].shape == [0, 8])
        let timer = FunctionHooks.TimerHook()
        _ = FunctionHooks.using(timer) { rnn(nil, nil, [NDArray.ones([3, 3])]) }
        #expect(timer.summary()["Dropout"]?.calls == 2 * 3)
    }

    /// The links train inside a Chain: gradients reach every weight, and dropout only acts in training.
    @Test func gradientsReachEveryWeightAndDropoutFollowsTheConfig() {
        let rnn = L.NStepLSTM(2, 3, 4, 0.5)
        let xs = [Variable(NDArray.normal([4, 3]), requiresGrad: false), Variable(NDArray.normal([2, 3]), requiresGrad: false)]
        let (_, _, ys) = rnn(nil, nil, xs)
        F.sum(F.concat(ys, axis: 0)).backward()
        #expect(rnn.params().allSatisfy { $0.grad != nil })
        let a = usingConfig(\.train, false) { rnn(nil, nil, xs).ys[0].array }
        let b = usingConfig(\.train, false) { rnn(nil, nil, xs).ys[0].array }
        #expect(a == b)
    }
}

