import Foundation
import Testing
@testable import Chainer
import ChainerTesting

/// SpectralNormalization and WeightStandardization against Chainer 7.8.1 (scripts/fixtures/chainer_link_hooks.py).
@Suite struct LinkHookNormalizationTests {
    let fx: [String: NDArray]
    init() throws { fx = try Fixture.load("link_hooks") }

    /// Gives `link` the fixture's W and b and the start vector u0 (when the hook has one).
    func prepare(_ tag: String, _ link: Link, _ hook: LinkHook) {
        link.param("W")!.array = fx[tag + "_W"]!
        link.param("b")!.array = fx[tag + "_b"]!
        link.addHook(hook)
        if let u0 = fx[tag + "_u0"] { link[persistent: "W_u"] = u0 }
    }

    /// One forward and backward of sum(y * gy) like the fixture's, checked against it.
    func check(_ tag: String, _ link: Link, train: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        let x = Variable(fx[tag + "_x"]!)
        let y = usingConfig(\.train, train) { (link as! any Link & ChainCall)(x) }
        expectArray(y.array, fx[tag + "_y"]!, rtol: 1e-10, atol: 1e-12, sourceLocation: sourceLocation)
        link.clearGrads()
        F.sum(y * Variable(fx[tag + "_gy"]!, requiresGrad: false)).backward()
        expectArray(x.grad!, fx[tag + "_gx"]!, rtol: 1e-10, atol: 1e-12, sourceLocation: sourceLocation)
        expectArray(link.param("W")!.grad!, fx[tag + "_gW"]!, rtol: 1e-9, atol: 1e-12, sourceLocation: sourceLocation)
        if let u1 = fx[tag + "_u1"] {
            expectArray(link[persistent: "W_u"]!, u1, rtol: 1e-10, atol: 1e-12, sourceLocation: sourceLocation)
        }
    }

    func f64<T>(_ make: () -> T) -> T { usingConfig(\.dtype, .float64, make) }

    @Test func spectralNormalizationOnLinearMatchesChainer() {
        let l = f64 { L.Linear(4, 3) }
        let hook = LinkHooks.SpectralNormalization()
        #expect(hook.name == "SpectralNormalization" && hook.nPowerIteration == 1 && hook.eps == 1e-6)
        #expect(!hook.useGamma && hook.factor == nil && hook.weightName == "W" && hook.vectorName == "W_u")
        prepare("sn_linear", l, hook)
        #expect(l.persistentNames == ["W_u"] && l.namedPersistent().map(\.0) == ["/W_u"])
        check("sn_linear", l)
        // The parameter itself is untouched and is what forward uses once the hook is gone.
        #expect(l.W.array == fx["sn_linear_W"]!)
        l.deleteHook("SpectralNormalization")
        #expect(l.persistentNames.isEmpty && l.localHooks.isEmpty)
        let x = Variable(fx["sn_linear_x"]!)
        #expect(l(x).array == F.linear(x, l.W, l.b).array)
    }

    @Test func spectralNormalizationLeavesUAloneInTestMode() {
        let l = f64 { L.Linear(4, 3) }
        prepare("sn_linear_test", l, LinkHooks.SpectralNormalization())
        check("sn_linear_test", l, train: false)
        #expect(l[persistent: "W_u"]! == fx["sn_linear_test_u0"]!)
    }

    @Test func spectralNormalizationWithGammaAndFactorMatchesChainer() {
        let l = f64 { L.Linear(5, 3) }
        l.W.array = fx["sn_gamma_W"]!
        let hook = LinkHooks.SpectralNormalization(nPowerIteration: 3, useGamma: true, factor: 2)
        prepare("sn_gamma", l, hook)
        // gamma starts at W's largest singular value (Chainer takes it from an SVD).
        expectArray(l.param("gamma")!.array, fx["sn_gamma_gamma"]!, rtol: 1e-10, atol: 1e-12)
        #expect(l.namedParams().map(\.0) == ["/W", "/b", "/gamma"])
        check("sn_gamma", l)
        expectArray(l.param("gamma")!.grad!, fx["sn_gamma_ggamma"]!, rtol: 1e-9, atol: 1e-12)
        l.deleteHook("SpectralNormalization")
        #expect(l.namedParams().map(\.0) == ["/W", "/b"])
    }

    @Test func spectralNormalizationOnConvolutionsMatchesChainer() {
        let c = f64 { L.Convolution2D(2, 4, ksize: 3, pad: 1) }
        prepare("sn_conv", c, LinkHooks.SpectralNormalization())
        check("sn_conv", c)
        let d = f64 { L.Deconvolution2D(2, 3, ksize: 2, stride: 2) }
        let hook = LinkHooks.SpectralNormalization()
        prepare("sn_deconv", d, hook)
        #expect(hook.axis == 1 && d[persistent: "W_u"]!.shape == [3])
        check("sn_deconv", d)
    }

    @Test func spectralNormalizationGradientsMatchFiniteDifferences() {
        let l = f64 { L.Linear(4, 3) }
        l.addHook(LinkHooks.SpectralNormalization())
        // Like Chainer, the backward treats u and v as constants. That is the exact derivative once u has converged
        // to W's first singular vector (σ is stationary in u and v there), so converge it with train-mode calls,
        // then freeze it in test mode and compare with finite differences.
        for _ in 0..<300 { _ = l(Variable(NDArray.zeros([1, 4], dtype: .float64))) }
        usingConfig(\.train, false) {
            checkLinkBackward(l, NDArray.normal([2, 4], dtype: .float64)) { l($0) }
        }
    }

    @Test func spectralNormalizationPreparesALazyLinkOnItsFirstCall() {
        let l = L.Linear(3)
        l.addHook(LinkHooks.SpectralNormalization())
        #expect(l.persistentNames.isEmpty)
        let y = l(Variable(NDArray.normal([2, 5])))
        #expect(y.shape == [2, 3] && l.W.shape == [3, 5] && l[persistent: "W_u"]!.shape == [3])
        #expect(l[persistent: "W_u"]!.dtype == .float32)
    }

    @Test func spectralNormalizationVectorIsSerialized() throws {
        let l = L.Linear(4, 3)
        l.addHook(LinkHooks.SpectralNormalization())
        let saved = DictionarySerializer()
        try l.serialize(saved)
        #expect(saved.arrays.keys.sorted() == ["W", "W_u", "b"])
    }

    @Test func loadsASpectrallyNormalizedLinearSavedByChainer() throws {
        let l = f64 { L.Linear(4, 3) }
        l.addHook(LinkHooks.SpectralNormalization())
        try loadNPZ(Fixture.url("chainer_sn_linear.npz"), into: l)
        #expect(l[persistent: "W_u"]! == fx["sn_linear_u1"]! && l.W.array == fx["sn_linear_W"]!)
        let y = usingConfig(\.train, false) { l(Variable(fx["sn_linear_x"]!)) }
        expectArray(y.array, fx["sn_linear_saved_y"]!, rtol: 1e-10, atol: 1e-12)
    }

    @Test func weightStandardizationMatchesChainer() {
        let l = f64 { L.Linear(4, 3) }
        let hook = LinkHooks.WeightStandardization()
        #expect(hook.name == "WeightStandardization" && hook.eps == 1e-5 && hook.weightName == "W")
        prepare("ws_linear", l, hook)
        check("ws_linear", l)
        let c = f64 { L.Convolution2D(2, 4, ksize: 3, pad: 1) }
        prepare("ws_conv", c, LinkHooks.WeightStandardization())
        check("ws_conv", c)
    }
}

/// A model written with `forward`, so link hooks see it.
final class HookedNet: ChainBase, ForwardLink {
    let l = L.Linear(2, 2)
    func forward(_ x: Variable) -> Variable { F.relu(l(x)) }
}

/// Registration and dispatch of link hooks.
@Suite struct LinkHookDispatchTests {
    /// Records what it sees.
    final class Recorder: LinkHook, @unchecked Sendable {
        var events: [String] = []
        override func added(to link: Link?) { events.append("added \(link.map { "\(type(of: $0))" } ?? "nil")") }
        override func deleted(from link: Link?) { events.append("deleted \(link.map { "\(type(of: $0))" } ?? "nil")") }
        override func forwardPreprocess(_ call: LinkHookCall) {
            events.append("pre \(type(of: call.link)) \(call.forwardName) in \(call.inputs.map(\.shape)) out \(call.outputs.count)")
        }
        override func forwardPostprocess(_ call: LinkHookCall) {
            events.append("post \(type(of: call.link)) in \(call.inputs.map(\.shape)) out \(call.outputs.map(\.shape))")
        }
    }

    @Test func localHookSeesItsLinkOnly() {
        let model = Sequential(L.Linear(3, 2), L.Linear(2, 4))
        let rec = Recorder(name: "rec")
        let first = model[0] as! L.Linear
        #expect(first.addHook(rec) === first)
        _ = model(Variable(NDArray.zeros([5, 3])))
        #expect(rec.events == ["added Linear", "pre Linear forward in [[5, 3]] out 0", "post Linear in [[5, 3]] out [[5, 2]]"])
        first.deleteHook("rec")
        _ = model(Variable(NDArray.zeros([5, 3])))
        #expect(rec.events.count == 4 && rec.events.last == "deleted Linear")
    }

    @Test func addHookTakesAnExplicitName() {
        let l = L.Linear(2, 2)
        let a = Recorder(), b = Recorder()
        l.addHook(a).addHook(b, name: "second")
        #expect(l.localHooks.map(\.name) == ["LinkHook", "second"])
        l.deleteHook("LinkHook")
        #expect(l.localHooks.map(\.name) == ["second"] && a.events == ["added Linear", "deleted Linear"])
    }

    @Test func scopedHookSeesEveryLinkInsideTheBlockOnly() {
        let model = Sequential(L.Linear(3, 2), L.BatchNormalization(2))
        let rec = Recorder(name: "scoped")
        LinkHooks.using(rec) { _ = model(Variable(NDArray.normal([4, 3]))) }
        _ = model(Variable(NDArray.normal([4, 3])))
        #expect(rec.events == [
            "added nil",
            "pre Sequential forward in [[4, 3]] out 0",
            "pre Linear forward in [[4, 3]] out 0", "post Linear in [[4, 3]] out [[4, 2]]",
            "pre BatchNormalization forward in [[4, 2]] out 0", "post BatchNormalization in [[4, 2]] out [[4, 2]]",
            "post Sequential in [[4, 3]] out [[4, 2]]",
            "deleted nil",
        ])
    }

    @Test func multiInputLinksRunHooks() {
        let rec = Recorder(name: "multi")
        let lstm = L.StatelessLSTM(3, 2)
        let cls = L.Classifier(L.Linear(3, 2))
        LinkHooks.using(rec) {
            _ = lstm(nil, nil, Variable(NDArray.zeros([1, 3])))
            _ = cls(Variable(NDArray.zeros([2, 3])), NDArray([0, 1] as [Int32]))
        }
        #expect(rec.events.contains("post StatelessLSTM in [[1, 3]] out [[1, 2], [1, 2]]"))
        #expect(rec.events.contains("post Classifier in [[2, 3], [2]] out [[]]"))
    }

    @Test func closureHooksRunAroundForward() {
        let l = L.Linear(2, 3)
        var seen: [[Int]] = []
        l.addHook(LinkHooks.Forward(pre: { seen.append($0.inputs[0].shape) }, post: { seen.append($0.outputs[0].shape) }))
        _ = l(Variable(NDArray.zeros([4, 2])))
        #expect(seen == [[4, 2], [4, 3]])
    }

    @Test func forwardLinkModelsGetHooks() {
        let rec = Recorder(name: "net")
        LinkHooks.using(rec) { _ = HookedNet()(Variable(NDArray.zeros([1, 2]))) }
        #expect(rec.events.filter { $0.hasPrefix("pre") } == ["pre HookedNet forward in [[1, 2]] out 0", "pre Linear forward in [[1, 2]] out 0"])
    }

    @Test func timerHookCountsCallsPerLinkClass() {
        let model = Sequential(L.Linear(3, 4), L.Linear(4, 2))
        let timer = LinkHooks.TimerHook()
        #expect(timer.name == "TimerHook")
        LinkHooks.using(timer) {
            for _ in 0..<2 { _ = model(Variable(NDArray.normal([2, 3]))) }
        }
        let summary = timer.summary()
        #expect(summary["Linear"]?.calls == 4 && summary["Sequential"]?.calls == 2 && summary.count == 2)
        #expect(timer.callHistory.map(\.0) == ["Linear", "Linear", "Sequential", "Linear", "Linear", "Sequential"])
        // Only the outermost calls count towards the total.
        #expect(timer.totalTime() == timer.callHistory.filter { $0.0 == "Sequential" }.reduce(0) { $0 + $1.1 })
        let lines = timer.report().split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasSuffix("LinkName  ElapsedTime  Occurrence") && lines[1].hasSuffix(" 4"))
    }
}
