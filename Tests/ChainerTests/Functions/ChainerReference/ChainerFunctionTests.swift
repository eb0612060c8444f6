import Testing
@testable import Chainer
import ChainerTesting

/// Functions whose semantics are Chainer's own, against outputs and input gradients that Chainer 7.8.1 computed
/// (scripts/fixtures/chainer_functions.py), in Float64 and Float32; first-order gradient checks everywhere and
/// second-order ones where Chainer itself differentiates the gradient (the fixture records which).
@Suite struct ChainerFunctionTests {
    typealias Body = @Sendable ([Variable], ChainerReferenceCase) -> [Variable]

    /// Each case's call, with the arguments the generator passed to Chainer.
    static let rows: [String: Body] = [
        "maxPoolCoverAll": { x, _ in [F.maxPooling2D(x[0], ksize: 3, stride: 2, pad: 1, coverAll: true)] },
        "maxPoolNoCoverAll": { x, _ in [F.maxPooling2D(x[0], ksize: 3, stride: 2, pad: 1, coverAll: false)] },
        "maxPoolOddCoverAll": { x, _ in [F.maxPooling2D(x[0], ksize: 2, stride: 2)] },
        "averagePoolPad": { x, _ in [F.averagePooling2D(x[0], ksize: 3, stride: 2, pad: 1)] },
        "averagePoolMixed": { x, _ in [F.averagePooling2D(x[0], ksize: (3, 2), stride: (1, 2), pad: (1, 0))] },
        "unpoolNoCoverAll": { x, _ in [F.unpooling2D(x[0], ksize: 2, stride: 2, coverAll: false)] },
        "unpoolPadCoverAll": { x, _ in [F.unpooling2D(x[0], ksize: 3, stride: 2, pad: 1, coverAll: true)] },
        "unpoolOutsize": { x, _ in [F.unpooling2D(x[0], ksize: 2, stride: 2, outsize: (7, 6), coverAll: false)] },
        "upsampleCoverAll": { x, c in [F.upsampling2D(x[0], c.extras["indexes"]!, ksize: 2, stride: 2, outsize: (6, 5))] },
        "upsamplePad": { x, c in
            [F.upsampling2D(x[0], c.extras["indexes"]!, ksize: 3, stride: 2, pad: 1, outsize: (6, 5), coverAll: false)]
        },
        "convCoverAll": { x, _ in [F.convolution2D(x[0], x[1], x[2], stride: 2, pad: 1, coverAll: true)] },
        "convDilateGroups": { x, _ in
            [F.convolution2D(x[0], x[1], x[2], stride: (1, 2), pad: (2, 1), dilate: (2, 2), groups: 2)]
        },
        "deconvOutsize": { x, _ in [F.deconvolution2D(x[0], x[1], x[2], stride: 2, pad: 1, outsize: (6, 6))] },
        "deconvDilateGroups": { x, _ in
            [F.deconvolution2D(x[0], x[1], stride: (2, 1), pad: (0, 1), dilate: (2, 1), groups: 2)]
        },
        "batchNorm": { x, _ in [F.batchNormalization(x[0], x[1], x[2], eps: 2e-5)] },
        "batchNorm2D": { x, _ in [F.batchNormalization(x[0], x[1], x[2], eps: 1e-3)] },
        "fixedBatchNorm": { x, _ in [F.fixedBatchNormalization(x[0], x[1], x[2], x[3], x[4], eps: 2e-5)] },
        "groupNorm": { x, _ in [F.groupNormalization(x[0], 2, x[1], x[2], eps: 1e-5)] },
        "normalizeL2": { x, _ in [F.normalize(x[0])] },
        "normalizeL2Axis": { x, _ in [F.normalize(x[0], eps: 1e-3, axis: 2)] },
        "softmaxCE": { x, _ in [F.softmaxCrossEntropy(x[0], x[1])] },
        "softmaxCEIgnore2": { x, _ in [F.softmaxCrossEntropy(x[0], x[1], ignoreLabel: 2)] },
        "softmaxCEWeight": { x, c in [F.softmaxCrossEntropy(x[0], x[1], classWeight: c.extras["classWeight"]!.cast(x[0].dtype))] },
        "softmaxCENoNormalize": { x, c in
            [F.softmaxCrossEntropy(x[0], x[1], normalize: false, classWeight: c.extras["classWeight"]!.cast(x[0].dtype))]
        },
        "softmaxCENo": { x, c in
            [F.softmaxCrossEntropy(x[0], x[1], reduce: .no, classWeight: c.extras["classWeight"]!.cast(x[0].dtype))]
        },
        "sigmoidCE": { x, _ in [F.sigmoidCrossEntropy(x[0], x[1])] },
        "sigmoidCENoNormalize": { x, _ in [F.sigmoidCrossEntropy(x[0], x[1], normalize: false)] },
        "sigmoidCENo": { x, _ in [F.sigmoidCrossEntropy(x[0], x[1], reduce: .no)] },
        "huber": { x, _ in [F.huberLoss(x[0], x[1], delta: 1)] },
        "huberNo": { x, _ in [F.huberLoss(x[0], x[1], delta: 0.5, reduce: .no)] },
        "gaussianKL": { x, _ in [F.gaussianKLDivergence(x[0], x[1])] },
        "gaussianKLMean": { x, _ in [F.gaussianKLDivergence(x[0], x[1], reduce: .mean)] },
        "gaussianKLNo": { x, _ in [F.gaussianKLDivergence(x[0], x[1], reduce: .no)] },
        "bernoulliNLL": { x, _ in [F.bernoulliNLL(x[0], x[1])] },
        "bernoulliNLLMean": { x, _ in [F.bernoulliNLL(x[0], x[1], reduce: .mean)] },
        "gaussianNLL": { x, _ in [F.gaussianNLL(x[0], x[1], x[2])] },
        "gaussianNLLMean": { x, _ in [F.gaussianNLL(x[0], x[1], x[2], reduce: .mean)] },
        "embedIDIgnore": { x, _ in [F.embedID(x[0], x[1], ignoreLabel: -1)] },
        "selectItem": { x, _ in [F.selectItem(x[0], x[1])] },
        "linearInterpolate": { x, _ in [F.linearInterpolate(x[0], x[1], x[2])] },
        "averageWeighted": { x, _ in [F.average(x[0], axis: 1, weights: x[1])] },
        "averageWeightedKeepDims": { x, _ in [F.average(x[0], axis: 2, weights: x[1], keepDims: true)] },
        "lstm": { x, _ in let (c, h) = F.lstm(x[0], x[1]); return [c, h] },
        "lstmSameBatch": { x, _ in let (c, h) = F.lstm(x[0], x[1]); return [c, h] },
        "accuracy": { x, _ in [F.accuracy(x[0], x[1])] },
        "accuracyIgnore": { x, _ in [F.accuracy(x[0], x[1], ignoreLabel: -1)] },
        "sigmoidCEZero": { x, _ in [F.sigmoidCrossEntropy(x[0], x[1])] },
        "bernoulliNLLZero": { x, _ in [F.bernoulliNLL(x[0], x[1])] },
        "hinge": { x, _ in [F.hinge(x[0], x[1].array)] },
        "hingeL2No": { x, _ in [F.hinge(x[0], x[1].array, norm: .l2, reduce: .no)] },
        "contrastive": { x, _ in [F.contrastive(x[0], x[1], x[2].array, margin: 2)] },
        "contrastiveNo": { x, _ in [F.contrastive(x[0], x[1], x[2].array, margin: 2, reduce: .no)] },
        "triplet": { x, _ in [F.triplet(x[0], x[1], x[2], margin: 0.5)] },
        "tripletNo": { x, _ in [F.triplet(x[0], x[1], x[2], margin: 0.5, reduce: .no)] },
        "crelu": { x, _ in [F.crelu(x[0])] },
        "maxout": { x, _ in [F.maxout(x[0], poolSize: 2)] },
        "maxoutAxis2": { x, _ in [F.maxout(x[0], poolSize: 3, axis: 2)] },
        "lrn": { x, _ in [F.localResponseNormalization(x[0], n: 3, k: 1, alpha: 0.5, beta: 0.75)] },
        "lrnDefault": { x, _ in [F.localResponseNormalization(x[0])] },
    ]

    /// Forward and backward tolerances per dtype: Float64 agrees with Chainer to rounding; Float32 to its precision,
    /// with room for the sums inside losses and normalization statistics.
    static func tolerance(_ dtype: DType) -> (rtol: Double, atol: Double) {
        dtype == .float64 ? (1e-9, 1e-10) : (2e-4, 2e-5)
    }

    @Test func everyFixtureCaseHasARow() throws {
        #expect(try ChainerReferenceCase.names() == Self.rows.keys.sorted())
    }

    @Test(arguments: rows.keys.sorted(), [DType.float64, .float32])
    func matchesChainer(_ name: String, _ dtype: DType) throws {
        let c = try ChainerReferenceCase(name)
        let body = Self.rows[name]!
        let vars = c.inputs.map { x in
            x.dtype.isFloatingPoint ? Variable(x.cast(dtype)) : Variable(x, requiresGrad: false)
        }
        let ys = body(vars, c)
        let tol = Self.tolerance(dtype)
        #expect(ys.count == c.outputs.count)
        for (k, (y, expected)) in zip(ys, c.outputs).enumerated() {
            #expect(y.dtype == dtype, "\(name): output \(k) dtype")
            expectArray(y.array.cast(.float64), expected, rtol: tol.rtol, atol: tol.atol, "\(name) [\(dtype)] output \(k)")
        }
        guard !c.gradOutputs.isEmpty else { return }
        Chainer.backward(ys, gradOutputs: c.gradOutputs.map { $0.cast(dtype) })
        for (k, expected) in c.gradInputs.enumerated() {
            guard let expected else { continue }
            let g = vars[k].grad ?? NDArray.zeros(expected.shape, dtype: dtype)
            #expect(g.dtype == dtype, "\(name): gradient \(k) dtype")
            expectArray(g.cast(.float64), expected, rtol: tol.rtol, atol: tol.atol, "\(name) [\(dtype)] gradient of input \(k)")
        }
    }

    @Test(arguments: rows.keys.sorted())
    func gradientChecks(_ name: String) throws {
        let c = try ChainerReferenceCase(name)
        guard !c.gradOutputs.isEmpty else { return }
        let body = Self.rows[name]!
        let f: ([Variable]) -> [Variable] = { body($0, c) }
        try checkBackward(f, inputs: c.inputs, gradOutputs: c.gradOutputs)
        if c.doubleBackprop {
            let ggx = c.inputs.filter(\.dtype.isFloatingPoint).map { NDArray.normal($0.shape, dtype: .float64) }
            try checkDoubleBackward(f, inputs: c.inputs, gradOutputs: c.gradOutputs, gradGradInputs: ggx)
        }
    }

    @Test(arguments: ["batchNorm", "batchNorm2D"])
    func runningStatisticsFollowChainer(_ name: String) throws {
        let c = try ChainerReferenceCase(name)
        let decay = name == "batchNorm" ? 0.9 : 0.7, eps = name == "batchNorm" ? 2e-5 : 1e-3
        for dtype in [DType.float64, .float32] {
            var mean = c.extras["rm0"]!.cast(dtype), variance = c.extras["rv0"]!.cast(dtype)
            let (x, gamma, beta) = (Variable(c.inputs[0].cast(dtype)), Variable(c.inputs[1].cast(dtype)), Variable(c.inputs[2].cast(dtype)))
            let y = F.batchNormalization(x, gamma, beta, eps: eps, runningMean: &mean, runningVar: &variance, decay: decay)
            let tol = Self.tolerance(dtype)
            expectArray(y.array.cast(.float64), c.outputs[0], rtol: tol.rtol, atol: tol.atol)
            // Chainer stores the unbiased (n / (n - 1)) batch variance in the running value.
            expectArray(mean.cast(.float64), c.extras["rm1"]!, rtol: tol.rtol, atol: tol.atol, "\(name) running mean [\(dtype)]")
            expectArray(variance.cast(.float64), c.extras["rv1"]!, rtol: tol.rtol, atol: tol.atol, "\(name) running var [\(dtype)]")
        }
    }
}
