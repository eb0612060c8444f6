import Testing
@testable import Chainer

/// Links against Chainer 7.8.1's outputs (scripts/fixtures/chainer_links.py), their names, defaults and gradients.
@Suite struct StandardLinkTests {
    let fx: [String: NDArray]
    init() throws { fx = try Fixture.load("links") }

    /// Builds a link in float64, the dtype of the references.
    func f64<T>(_ make: () -> T) -> T { usingConfig(\.dtype, .float64, make) }

    @Test func linearMatchesChainer() {
        let l = f64 { L.Linear(4, 5) }
        #expect(l.namedParams().map(\.0) == ["/W", "/b"])
        #expect(l.W.shape == [5, 4] && l.W.dtype == .float64 && l.b!.array == NDArray.zeros([5], dtype: .float64))
        l.W.array = fx["linear_W"]!
        l.b!.array = fx["linear_b"]!
        expectArray(l(Variable(fx["linear_x"]!)).array, fx["linear_y"]!, rtol: 1e-12, atol: 1e-12)
        expectArray(l(Variable(fx["linear_x"]!.reshaped([3, 2, 2]))).array, fx["linear_y3"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(l, fx["linear_x"]!) { l($0) }
    }

    @Test func lazyLinearAllocatesOnFirstCall() {
        let a = L.Linear(7), b = L.Linear(nil, 7, noBias: true)
        #expect(!a.W.isInitialized && a.inSize == nil && a.countParams() == 7)
        let y = a(Variable(NDArray.ones([2, 3, 2])))
        #expect(y.shape == [2, 7] && a.W.shape == [7, 6] && a.inSize == 6)
        _ = b(Variable(NDArray.ones([1, 4])))
        #expect(b.namedParams().map(\.0) == ["/W"] && b.W.shape == [7, 4])
    }

    @Test func defaultWeightsAreLeCunNormal() {
        let l = withSeed(5) { L.Linear(400, 300) }
        let v = l.W.array.scalars
        let mean = v.reduce(0, +) / Double(v.count)
        let std = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)).squareRoot()
        #expect(abs(std / (1.0 / 400).squareRoot() - 1) < 0.02)
        let e = withSeed(5) { L.EmbedID(300, 400) }
        let ev = e.W.array.scalars
        let estd = (ev.reduce(0) { $0 + $1 * $1 } / Double(ev.count)).squareRoot()
        #expect(abs(estd - 1) < 0.02)   // Chainer's EmbedID draws from Normal(1.0)
        let custom = L.Linear(3, 2, initialW: Initializers.Constant(0.5), initialBias: 2)
        #expect(custom.W.array == NDArray.full([2, 3], 0.5) && custom.b!.array == NDArray.full([2], 2))
    }

    @Test func convolutionMatchesChainer() {
        let c = f64 { L.Convolution2D(3, 4, ksize: 3, stride: 2, pad: 1) }
        #expect(c.W.shape == [4, 3, 3, 3] && c.b!.shape == [4])
        c.W.array = fx["conv_W"]!
        c.b!.array = fx["conv_b"]!
        expectArray(c(Variable(fx["conv_x"]!)).array, fx["conv_y"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(c, fx["conv_x"]!) { c($0) }
        let lazy = L.Convolution2D(nil, 8, ksize: 3, pad: 1)
        #expect(lazy(Variable(NDArray.ones([1, 2, 4, 4]))).shape == [1, 8, 4, 4] && lazy.W.shape == [8, 2, 3, 3])
        #expect(L.Convolution2D(3, 6, 5).W.shape == [6, 3, 5, 5])
        #expect(L.Convolution2D(6, ksize: 1, noBias: true).namedParams().map(\.0) == ["/W"])
    }

    @Test func deconvolutionMatchesChainer() {
        let d = f64 { L.Deconvolution2D(3, 2, ksize: 3, stride: 2, pad: 1) }
        #expect(d.W.shape == [3, 2, 3, 3])
        d.W.array = fx["deconv_W"]!
        d.b!.array = fx["deconv_b"]!
        expectArray(d(Variable(fx["deconv_x"]!)).array, fx["deconv_y"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(d, fx["deconv_x"]!) { d($0) }
    }

    @Test func embedIDMatchesChainer() {
        let e = f64 { L.EmbedID(3, 4, ignoreLabel: -1) }
        e.W.array = fx["embed_W"]!
        expectArray(e(fx["embed_ids"]!).array, fx["embed_y"]!, rtol: 1e-12, atol: 1e-12)
        #expect(e.namedParams().map(\.0) == ["/W"])
    }

    @Test func batchNormalizationTrainsAndEvaluatesLikeChainer() {
        let bn = f64 { L.BatchNormalization(3) }
        #expect(bn.namedParams().map(\.0) == ["/beta", "/gamma"])
        #expect(bn.namedPersistent().map(\.0) == ["/avg_mean", "/avg_var", "/N"])
        #expect(bn.avgMean! == NDArray.zeros([3], dtype: .float64) && bn.avgVar! == NDArray.ones([3], dtype: .float64))
        bn.gamma!.array = fx["bn_gamma"]!
        bn.beta!.array = fx["bn_beta"]!
        expectArray(bn(Variable(fx["bn_x"]!)).array, fx["bn_y_train"]!, rtol: 1e-10, atol: 1e-10)
        expectArray(bn.avgMean!, fx["bn_avg_mean"]!, rtol: 1e-12, atol: 1e-12)
        expectArray(bn.avgVar!, fx["bn_avg_var"]!, rtol: 1e-12, atol: 1e-12)
        let before = bn.avgMean!
        let yTest = usingConfig(\.train, false) { bn(Variable(fx["bn_x2"]!)) }
        expectArray(yTest.array, fx["bn_y_test"]!, rtol: 1e-10, atol: 1e-10)
        #expect(bn.avgMean! == before, "evaluation leaves the statistics alone")

        let ft = f64 { L.BatchNormalization(3) }
        _ = ft(Variable(fx["bn_x"]!), finetune: true)
        _ = ft(Variable(fx["bn_x2"]!), finetune: true)
        #expect(ft.N == Int(fx["bn_ft_N"]!.item()))
        expectArray(ft.avgMean!, fx["bn_ft_avg_mean"]!, rtol: 1e-12, atol: 1e-12)
        expectArray(ft.avgVar!, fx["bn_ft_avg_var"]!, rtol: 1e-12, atol: 1e-12)
    }

    @Test func batchNormalizationGradientsAndLaziness() {
        let bn = f64 { L.BatchNormalization(3) }
        bn.gamma!.array = fx["bn_gamma"]!
        checkLinkBackward(bn, fx["bn_x"]!) { bn($0) }
        let lazy = L.BatchNormalization(nil)
        _ = lazy(Variable(NDArray.ones([4, 5, 2])))
        #expect(lazy.gamma!.shape == [5] && lazy.avgVar!.shape == [5] && lazy.avgMean!.dtype == .float32)
        let noAffine = L.BatchNormalization(2, useGamma: false, useBeta: false)
        #expect(noAffine.namedParams().isEmpty)
        #expect(noAffine(Variable(NDArray([1, 2, 3, 5] as [Float], shape: [2, 2]))).shape == [2, 2])
    }

    @Test func layerNormalizationMatchesChainer() {
        let ln = f64 { L.LayerNormalization(6) }
        #expect(ln.namedParams().map(\.0) == ["/beta", "/gamma"])
        ln.gamma.array = fx["ln_gamma"]!
        ln.beta.array = fx["ln_beta"]!
        expectArray(ln(Variable(fx["ln_x"]!)).array, fx["ln_y"]!, rtol: 1e-10, atol: 1e-10)
        checkLinkBackward(ln, fx["ln_x"]!) { ln($0) }
        let lazy = L.LayerNormalization()
        _ = lazy(Variable(NDArray.ones([2, 3])))
        #expect(lazy.gamma.shape == [3])
        let gn = f64 { L.GroupNormalization(2, size: 4) }
        checkLinkBackward(gn, NDArray.normal([2, 4, 3], dtype: .float64)) { gn($0) }
    }

    @Test func biasAndScaleMatchChainer() {
        let b = f64 { L.Bias(axis: 1, shape: [3, 4]) }
        b.b!.array = fx["bias_b"]!
        expectArray(b(Variable(fx["bias_x"]!)).array, fx["bias_y"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(b, fx["bias_x"]!) { b($0) }
        let s = f64 { L.Scale(axis: 1, wShape: [3, 4], biasTerm: true) }
        #expect(s.namedParams().map(\.0) == ["/W", "/bias/b"])
        s.W!.array = fx["scale_W"]!
        s.bias!.b!.array = fx["bias_b"]!
        expectArray(s(Variable(fx["bias_x"]!)).array, fx["scale_y"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(s, fx["bias_x"]!) { s($0) }
        let p = L.ParameterLink(NDArray([1, 2] as [Float]))
        #expect(p.namedParams().map(\.0) == ["/W"] && p() === p.W)
    }
}
