import Testing
@testable import Chainer
import ChainerTesting

/// Normalization functions against NumPy references (scripts/fixtures/normloss.py), with first- and second-order
/// gradient checks.
@Suite struct NormalizationTests {
    static let names = ["bn4d", "bn2d", "bnaxis", "fixedBatchNormalization", "fixedBatchNormalizationArrays",
                        "layerNormalization2d", "layerNormalization3d", "groupNormalization", "normalize", "normalizeLastAxis"]

    /// Rows compare float64 and float32 against the reference; float16 is checked by `float16Forward` with
    /// Chainer's looser float16 tolerance for normalizations (1e-2), since statistics of rounded inputs drift.
    static let dtypes: [DType] = [.float64, .float32]

    static func row(_ name: String, _ fx: [String: NDArray]) -> FunctionSpec {
        switch name {
        case "bn4d", "bn2d", "bnaxis":
            let axis: [Int]? = name == "bnaxis" ? [0] : nil
            return FunctionSpec(name, inputs: { [fx["\(name)_x"]!, fx["\(name)_gamma"]!, fx["\(name)_beta"]!] },
                                reference: { _ in [fx["\(name)_y"]!] }, dtypes: dtypes) {
                [F.batchNormalization($0[0], $0[1], $0[2], eps: 2e-5, axis: axis)]
            }
        case "fixedBatchNormalization":
            return FunctionSpec(name, inputs: { ["x", "gamma", "beta", "mean", "var"].map { fx["fbn_\($0)"]! } },
                                reference: { _ in [fx["fbn_y"]!] }, dtypes: dtypes) {
                [F.fixedBatchNormalization($0[0], $0[1], $0[2], $0[3], $0[4])]
            }
        case "fixedBatchNormalizationArrays":
            return FunctionSpec(name, inputs: { ["x", "gamma", "beta"].map { fx["fbn_\($0)"]! } },
                                reference: { _ in [fx["fbn_y"]!] }, dtypes: dtypes) {
                [F.fixedBatchNormalization($0[0], $0[1], $0[2], fx["fbn_mean"]!.cast($0[0].dtype), fx["fbn_var"]!.cast($0[0].dtype))]
            }
        case "layerNormalization2d", "layerNormalization3d":
            let p = name.hasSuffix("2d") ? "ln2d" : "ln3d"
            return FunctionSpec(name, inputs: { ["x", "gamma", "beta"].map { fx["\(p)_\($0)"]! } },
                                reference: { _ in [fx["\(p)_y"]!] }, dtypes: dtypes) { [F.layerNormalization($0[0], $0[1], $0[2])] }
        case "groupNormalization":
            return FunctionSpec(name, inputs: { ["x", "gamma", "beta"].map { fx["gn_\($0)"]! } },
                                reference: { _ in [fx["gn_y"]!] }, dtypes: dtypes) { [F.groupNormalization($0[0], 3, $0[1], $0[2])] }
        case "normalize":
            return FunctionSpec(name, inputs: { [fx["l2_x"]!] }, reference: { _ in [fx["l2_y"]!] }, dtypes: dtypes) { [F.normalize($0[0])] }
        default:
            return FunctionSpec(name, inputs: { [fx["l2last_x"]!] }, reference: { _ in [fx["l2last_y"]!] }, dtypes: dtypes) {
                [F.normalize($0[0], axis: -1)]
            }
        }
    }

    @Test(arguments: names)
    func spec(_ name: String) throws {
        try runSpec(Self.row(name, try Fixture.load("normalization")))
    }

    @Test(arguments: names)
    func float16Forward(_ name: String) throws {
        let spec = Self.row(name, try Fixture.load("normalization"))
        let xs = spec.inputs()
        let expected = spec.reference!(xs)[0]
        let y = spec.function(xs.map { Variable($0.astype(.float16)) })[0]
        #expect(y.dtype == .float16)
        expectArray(y.array.cast(.float64), expected, rtol: 1e-2, atol: 1e-2)
    }

    @Test(arguments: ["bn4d", "bn2d", "bnaxis"])
    func runningStatistics(_ name: String) throws {
        let fx = try Fixture.load("normalization")
        let axis: [Int]? = name == "bnaxis" ? [0] : nil
        let (x, gamma, beta) = (Variable(fx["\(name)_x"]!), Variable(fx["\(name)_gamma"]!), Variable(fx["\(name)_beta"]!))
        var mean: NDArray? = fx["\(name)_rm0"]!, variance: NDArray? = fx["\(name)_rv0"]!
        let y = F.batchNormalization(x, gamma, beta, runningMean: &mean, runningVar: &variance, axis: axis)
        expectArray(y.array, fx["\(name)_y"]!, rtol: 1e-10, atol: 1e-10)
        expectArray(mean!, fx["\(name)_rm1"]!, rtol: 1e-12, atol: 1e-12)
        expectArray(variance!, fx["\(name)_rv1"]!, rtol: 1e-12, atol: 1e-12)

        // Non-optional statistics and a different decay.
        var m2 = fx["\(name)_rm0"]!, v2 = fx["\(name)_rv0"]!
        _ = F.batchNormalization(x, gamma, beta, runningMean: &m2, runningVar: &v2, decay: 0.5, axis: axis)
        expectArray(m2, fx["\(name)_rm_decay5"]!, rtol: 1e-12, atol: 1e-12)

        // Absent statistics stay absent.
        var none: NDArray? = nil, noneVar: NDArray? = nil
        _ = F.batchNormalization(x, gamma, beta, runningMean: &none, runningVar: &noneVar, axis: axis)
        #expect(none == nil && noneVar == nil)
    }

    /// The fused kernel (channel axis 1) against the composed functions, which channels-last input with an explicit
    /// axis takes: output, running statistics and all three gradients, in float64 and float32.
    @Test(arguments: [DType.float64, .float32]) func fusedBatchNormalizationMatchesTheComposedOne(_ dtype: DType) {
        let x0 = withSeed(5) { NDArray.normal([4, 3, 5, 6], mean: 0.5, std: 2, dtype: dtype) }
        let gamma0 = NDArray([1.5, -0.5, 2] as [Double], shape: [3]).astype(dtype), beta0 = NDArray([0.1, 0.2, -0.3] as [Double], shape: [3]).astype(dtype)
        let gy = withSeed(6) { NDArray.normal([4, 3, 5, 6], dtype: dtype) }
        func run(channelsLast: Bool) -> [NDArray] {
            let x = Variable(channelsLast ? x0.transposed([0, 2, 3, 1]).copy() : x0)
            let gamma = Variable(gamma0), beta = Variable(beta0)
            var mean: NDArray? = NDArray.zeros([3], dtype: dtype), variance: NDArray? = NDArray.ones([3], dtype: dtype)
            let y = F.batchNormalization(x, gamma, beta, runningMean: &mean, runningVar: &variance,
                                         axis: channelsLast ? [0, 1, 2] : nil)
            let g = channelsLast ? gy.transposed([0, 2, 3, 1]).copy() : gy
            F.sum(y * Variable(g, requiresGrad: false)).backward()
            let back: (NDArray) -> NDArray = { channelsLast ? $0.transposed([0, 3, 1, 2]).copy() : $0 }
            return [back(y.array), mean!, variance!, back(x.grad!), gamma.grad!, beta.grad!]
        }
        let fused = run(channelsLast: false), composed = run(channelsLast: true)
        let tol = dtype == .float64 ? 1e-10 : 1e-4
        for (k, name) in ["y", "running mean", "running var", "gx", "ggamma", "gbeta"].enumerated() {
            #expect(fused[k].allClose(composed[k], rtol: tol, atol: tol), "\(name) \(dtype)")
        }
    }

    @Test func batchNormalizationKeepsFloat32Statistics() throws {
        let fx = try Fixture.load("normalization")
        let x = Variable(fx["bn4d_x"]!.cast(.float32))
        var mean: NDArray? = fx["bn4d_rm0"]!.cast(.float32), variance: NDArray? = fx["bn4d_rv0"]!.cast(.float32)
        _ = F.batchNormalization(x, Variable(fx["bn4d_gamma"]!.cast(.float32)), Variable(fx["bn4d_beta"]!.cast(.float32)),
                                 runningMean: &mean, runningVar: &variance)
        #expect(mean!.dtype == .float32 && variance!.dtype == .float32)
        expectArray(variance!, fx["bn4d_rv1"]!.cast(.float32), rtol: 1e-5, atol: 1e-5)
    }

    @Test func batchNormalizationOnTransposedInput() throws {
        // A non-contiguous (N, C, H, W) view normalizes like its contiguous copy.
        let fx = try Fixture.load("normalization")
        let x = fx["bn4d_x"]!
        let view = x.transposed([0, 1, 3, 2]).copy().transposed([0, 1, 3, 2])
        let (gamma, beta) = (Variable(fx["bn4d_gamma"]!), Variable(fx["bn4d_beta"]!))
        expectArray(F.batchNormalization(Variable(view), gamma, beta).array, fx["bn4d_y"]!, rtol: 1e-10, atol: 1e-10)
    }
}
