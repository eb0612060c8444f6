import Foundation
import Testing
@testable import Chainer

/// A small link with fixed values and a fixed gradient.
private func fixedLink(dtype: DType = .float32) -> TwoParamLink {
    TwoParamLink(W: NDArray([0.5, -0.25, 1, 2, -1, 0.75] as [Double], shape: [2, 3], dtype: dtype),
                 b: NDArray([0.1, -0.2] as [Double], shape: [2], dtype: dtype))
}

private func setGrads(_ link: TwoParamLink, scale: Double = 1) {
    link.W.grad = NDArray([0.2, -0.4, 0.6, -0.8, 1.0, 0.3] as [Double], shape: [2, 3], dtype: link.W.dtype) * scale
    link.b.grad = NDArray([0.5, -0.5] as [Double], shape: [2], dtype: link.b.dtype) * scale
}

@Suite struct OptimizerBehaviourTests {
    @Test func hyperparametersAreReachableByName() {
        let adam = Adam(alpha: 0.01)
        #expect(adam.hyperparam["alpha"] == 0.01)
        adam.hyperparam["alpha"] = 0.002
        #expect(adam.alpha == 0.002)
        adam.beta1 = 0.8
        #expect(adam.hyperparam["beta1"] == 0.8)
        #expect(adam.hyperparam["weight_decay_rate"] == 0)
        let sgd = MomentumSGD(lr: 0.05, momentum: 0.7)
        #expect(sgd.hyperparam["lr"] == 0.05 && sgd.hyperparam["momentum"] == 0.7)
    }

    @Test func perParameterOverrideAndScheduleChange() {
        let link = fixedLink()
        let sgd = SGD(lr: 0.1)
        sgd.setup(link)
        sgd.updateRule(for: "/b")!.hyperparam["lr"] = 0   // freeze b through its own rule
        let b0 = link.b.array, w0 = link.W.array
        setGrads(link)
        sgd.update()
        expectArray(link.b.array, b0)
        expectArray(link.W.array, w0 - 0.1 * link.W.grad!)
        // A schedule changes the optimizer's value; rules without their own value follow it.
        sgd.lr = 0.5
        let w1 = link.W.array
        setGrads(link)
        sgd.update()
        expectArray(link.W.array, w1 - 0.5 * link.W.grad!)
        expectArray(link.b.array, b0)
    }

    @Test func disabledRuleAndFrozenLinkAreSkipped() {
        let link = fixedLink()
        let opt = MomentumSGD(lr: 0.1)
        opt.setup(link)
        opt.updateRule(for: "/W")!.enabled = false
        let w0 = link.W.array, b0 = link.b.array
        setGrads(link)
        opt.update()
        expectArray(link.W.array, w0)
        #expect(!link.b.array.allClose(b0))
        opt.updateRule(for: "/W")!.enabled = true
        link.disableUpdate()
        let b1 = link.b.array
        setGrads(link)
        opt.update()
        expectArray(link.W.array, w0)
        expectArray(link.b.array, b1)
        #expect(opt.t == 2)
    }

    @Test func frozenChildIsSkippedByUpdateWithALossFunction() {
        final class Two: Chain {
            let a = L.Linear(3, 3), b = L.Linear(3, 2)
            func callAsFunction(_ x: Variable) -> Variable { b(a(x)) }
        }
        let net = Two()
        let opt = SGD(lr: 0.5)
        opt.setup(net)
        net.a.disableUpdate()
        let x = Variable(NDArray([1, -2, 3, 0.5, 1, -1] as [Float], shape: [2, 3]), requiresGrad: false)
        let aW = net.a.W.array.copy(), bW = net.b.W.array.copy()
        // One walk of the tree gives both the parameters and the frozen ones (the loss function's path).
        opt.update { F.sum(net(x) * net(x)) }
        expectArray(net.a.W.array, aW)
        #expect(net.a.W.grad != nil)
        #expect(!net.b.W.array.allClose(bW))
        expectArray(net.b.W.array, bW - 0.5 * net.b.W.grad!)
    }

    @Test func addAndRemoveHooks() {
        func run(_ configure: (Optimizer) -> Void) -> NDArray {
            let link = fixedLink()
            let opt = SGD(lr: 0.1)
            opt.setup(link)
            configure(opt)
            setGrads(link)
            opt.update()
            return link.W.array
        }
        let plain = run { _ in }
        let decayed = run { $0.addHook(WeightDecay(0.5)) }
        let namespaced = run { $0.addHook(OptimizerHooks.WeightDecay(0.5)) }
        let removed = run { $0.addHook(WeightDecay(0.5)); $0.removeHook("WeightDecay") }
        let w0 = fixedLink().W.array
        expectArray(removed, plain)
        expectArray(decayed, plain - 0.1 * 0.5 * w0, rtol: 1e-6)
        expectArray(namespaced, decayed)
        let renamed = run { o in
            let h = WeightDecay(0.5)
            o.addHook(h, name: "wd")
            o.removeHook(h)
        }
        expectArray(renamed, plain)
    }

    @Test func ruleLevelHookAppliesToOneParameter() {
        let link = fixedLink()
        let opt = SGD(lr: 0.1)
        opt.setup(link)
        opt.updateRule(for: "/W")!.addHook(GradientHardClipping(-0.1, 0.1))
        let w0 = link.W.array, b0 = link.b.array
        setGrads(link)
        opt.update()
        expectArray(link.W.array, w0 - 0.1 * NDArray([0.1, -0.1, 0.1, -0.1, 0.1, 0.1] as [Float], shape: [2, 3]))
        expectArray(link.b.array, b0 - 0.1 * NDArray([0.5, -0.5] as [Float], shape: [2]))
    }

    @Test func gradientNoiseHasTheDocumentedSpread() {
        let link = TwoParamLink(W: NDArray.zeros([200, 100]), b: NDArray.zeros([1]))
        let opt = SGD(lr: 1)
        opt.setup(link)
        let hook = GradientNoise(0.3)
        opt.addHook(hook)
        link.W.grad = NDArray.zeros([200, 100])
        link.b.grad = NDArray.zeros([1])
        withSeed(7) { opt.update() }
        // t of the rule is 0 when the pre-update hook runs: std = sqrt(0.3 / 1^0.55).
        let moved = link.W.array * -1
        let mean = moved.mean().item(), std = (moved * moved).mean().item().squareRoot()
        #expect(abs(mean) < 0.02)
        #expect(abs(std - 0.3.squareRoot()) < 0.02)
    }

    @Test func staticLossScalingUnscalesGradients() {
        let reference = fixedLink(), scaled = fixedLink()
        let a = Adam(alpha: 0.05), b = Adam(alpha: 0.05)
        a.setup(reference)
        b.setup(scaled)
        b.lossScaling(scale: 128)
        #expect(b.lossScale == 128)
        for _ in 0..<3 {
            setGrads(reference)
            setGrads(scaled, scale: 128)
            a.update()
            b.update()
        }
        expectArray(scaled.W.array, reference.W.array, rtol: 1e-6)
        expectArray(scaled.b.array, reference.b.array, rtol: 1e-6)
        #expect(b.lossScale == 128)
    }

    @Test func staticLossScalingThroughTheLossClosure() {
        let x = Variable(NDArray([1, 2, 3, -1, 0.5, 2] as [Float], shape: [2, 3]))
        let reference = fixedLink(), scaled = fixedLink()
        let a = MomentumSGD(lr: 0.1), b = MomentumSGD(lr: 0.1)
        a.setup(reference)
        b.setup(scaled)
        b.setLossScale(1024)
        for _ in 0..<3 {
            a.update { F.sum(F.linear(x, reference.W, reference.b) * F.linear(x, reference.W, reference.b)) }
            b.update { F.sum(F.linear(x, scaled.W, scaled.b) * F.linear(x, scaled.W, scaled.b)) }
        }
        expectArray(scaled.W.array, reference.W.array, rtol: 1e-5)
        expectArray(scaled.b.array, reference.b.array, rtol: 1e-5)
    }

    @Test func dynamicLossScalingSkipsNonFiniteSteps() {
        let link = fixedLink()
        let opt = SGD(lr: 0.1)
        opt.setup(link)
        opt.lossScaling(interval: 4)
        #expect(opt.lossScale == 1)
        for expected in [2.0, 4.0, 8.0] {
            setGrads(link)
            opt.update()
            #expect(!opt.lastStepSkipped)
            #expect(opt.lossScale == expected)
        }
        let w = link.W.array, b = link.b.array
        setGrads(link)
        link.W.grad = NDArray([Float.infinity, 0, 0, 0, .nan, 0], shape: [2, 3])
        opt.update()
        #expect(opt.lastStepSkipped)
        expectArray(link.W.array, w)
        expectArray(link.b.array, b)
        #expect(opt.lossScale == 4)
        #expect(opt.t == 4)
        // After an overflow the scale grows by 2^(1/interval) per clean step.
        setGrads(link, scale: 4)
        opt.update()
        #expect(abs(opt.lossScale! - 4 * Foundation.pow(2, 0.25)) < 1e-12)
        expectArray(link.W.array, w - 0.1 * NDArray([0.2, -0.4, 0.6, -0.8, 1.0, 0.3] as [Float], shape: [2, 3]), rtol: 1e-6)
    }

    @Test func fp32UpdateKeepsMasterWeights() {
        let half = fixedLink(dtype: .float16), single = fixedLink(dtype: .float32)
        let a = Adam(alpha: 1e-4), b = Adam(alpha: 1e-4)
        a.useFP32Update()
        a.setup(half)
        b.setup(single)
        for _ in 0..<5 {
            setGrads(half)
            setGrads(single)
            a.update()
            b.update()
        }
        let rule = a.updateRule(for: "/W")!
        #expect(rule.usesFP32Update)
        let master = try! #require(rule.fp32Param)
        #expect(master.dtype == .float32)
        #expect(rule.state["m"]?.dtype == .float32)
        // The master copy follows the float32 run (steps of 1e-4 are below float16's resolution near 1).
        expectArray(master.array, single.W.array, rtol: 1e-3, atol: 1e-4)
        #expect(half.W.dtype == .float16)
        expectArray(half.W.array, single.W.array.astype(.float16), rtol: 1e-3, atol: 1e-3)
    }

    @Test func float16WithoutMasterWeightsUpdatesInPlace() {
        let half = fixedLink(dtype: .float16)
        let opt = MomentumSGD(lr: 0.1)
        opt.setup(half)
        setGrads(half)
        let expected = (half.W.array.astype(.float32) - 0.1 * half.W.grad!.astype(.float32)).astype(.float16)
        opt.update()
        #expect(half.W.dtype == .float16)
        #expect(opt.updateRule(for: "/W")!.state["v"]?.dtype == .float16)
        expectArray(half.W.array, expected, rtol: 1e-3, atol: 1e-3)
    }

    @Test func epochsAndSetupReset() {
        let link = fixedLink()
        let opt = AdaGrad(lr: 0.1)
        opt.setup(link)
        setGrads(link)
        opt.update()
        opt.newEpoch()
        #expect(opt.t == 1 && opt.epoch == 1)
        opt.setup(link)
        #expect(opt.t == 0 && opt.epoch == 0)
        #expect(opt.updateRule(for: "/W")!.state.isEmpty)
        #expect(opt.updateRule(for: "/missing") == nil)
    }

    @Test func updateDoesNotWriteIntoSharedArrays() {
        let w = NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        let link = TwoParamLink(W: w, b: NDArray.zeros([2]))
        let opt = SGD(lr: 0.1)
        opt.setup(link)
        setGrads(link)
        opt.update()
        expectArray(w, NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3]))
        #expect(!link.W.array.allClose(w))
    }

    @Test func stateDictUsesChainerKeys() {
        let link = fixedLink()
        let opt = AMSGrad(alpha: 0.01)
        opt.setup(link)
        #expect(opt.updateRule(for: "/W")!.stateKeys == ["m", "v", "vhat"])
        #expect(opt.updateRule(for: "/W")!.state.isEmpty)
        #expect(opt.stateDict().map(\.key) == ["t", "epoch", "W/t", "b/t"])
        setGrads(link)
        opt.update()
        opt.newEpoch()
        let dict = opt.stateDict()
        #expect(dict.map(\.key) == ["t", "epoch", "W/t", "W/m", "W/v", "W/vhat", "b/t", "b/m", "b/v", "b/vhat"])
        #expect(dict[0].value.item() == 1 && dict[1].value.item() == 1 && dict[2].value.item() == 1)
        #expect(dict[3].value.shape == [2, 3])
    }


    @Test func hooksSeeUnscaledMagnitudesUnderLossScaling() {
        func run(scale: Double?) -> NDArray {
            let link = fixedLink()
            let opt = MomentumSGD(lr: 0.1)
            opt.setup(link)
            if let scale { opt.lossScaling(scale: scale) }
            opt.addHook(WeightDecay(0.2))
            opt.addHook(Lasso(0.1))
            opt.addHook(GradientHardClipping(-0.7, 0.7))
            opt.addHook(GradientClipping(1.0))
            for _ in 0..<3 {
                setGrads(link, scale: scale ?? 1)
                opt.update()
            }
            return link.W.array
        }
        expectArray(run(scale: 64), run(scale: nil), rtol: 1e-5, atol: 1e-6)
    }
}
