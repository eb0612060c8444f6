import Testing
@testable import Chainer
import ChainerTesting

/// Loss functions against NumPy references (scripts/fixtures/normloss.py), with first- and second-order gradient
/// checks.
@Suite struct LossTests {
    static let names = ["sigmoidCrossEntropyMean", "sigmoidCrossEntropyBatchMean", "sigmoidCrossEntropyNo",
                        "meanAbsoluteError", "squaredError", "absoluteError", "huberLossSum", "huberLossNo",
                        "gaussianKLDivergenceSum", "gaussianKLDivergenceMean", "gaussianKLDivergenceNo",
                        "bernoulliNLLSum", "bernoulliNLLMean", "gaussianNLLSum", "gaussianNLLMean",
                        "softmaxCrossEntropyClassWeight", "softmaxCrossEntropyClassWeightBatch",
                        "softmaxCrossEntropyClassWeightNo"]

    static func row(_ name: String, _ fx: [String: NDArray]) -> FunctionSpec {
        func spec(_ inputs: [String], _ expected: String, _ f: @escaping ([Variable]) -> Variable) -> FunctionSpec {
            FunctionSpec(name, inputs: { inputs.map { fx[$0]! } }, reference: { _ in [fx[expected]!] }) { [f($0)] }
        }
        switch name {
        case "sigmoidCrossEntropyMean": return spec(["sce_x", "sce_t"], "sce_mean") { F.sigmoidCrossEntropy($0[0], $0[1]) }
        case "sigmoidCrossEntropyBatchMean":
            return spec(["sce_x", "sce_t"], "sce_mean_batch") { F.sigmoidCrossEntropy($0[0], $0[1], normalize: false) }
        case "sigmoidCrossEntropyNo": return spec(["sce_x", "sce_t"], "sce_no") { F.sigmoidCrossEntropy($0[0], $0[1], reduce: .no) }
        case "meanAbsoluteError": return spec(["err_x0", "err_x1"], "mae") { F.meanAbsoluteError($0[0], $0[1]) }
        case "squaredError": return spec(["err_x0", "err_x1"], "sqerr") { F.squaredError($0[0], $0[1]) }
        case "absoluteError": return spec(["err_x0", "err_x1"], "abserr") { F.absoluteError($0[0], $0[1]) }
        case "huberLossSum": return spec(["huber_x", "huber_t"], "huber_sum2") { F.huberLoss($0[0], $0[1], delta: 1) }
        case "huberLossNo": return spec(["huber_x", "huber_t"], "huber_no") { F.huberLoss($0[0], $0[1], delta: 1, reduce: .no) }
        case "gaussianKLDivergenceSum": return spec(["kl_mean", "kl_lnvar"], "kl_sum") { F.gaussianKLDivergence($0[0], $0[1]) }
        case "gaussianKLDivergenceMean":
            return spec(["kl_mean", "kl_lnvar"], "kl_avg") { F.gaussianKLDivergence($0[0], $0[1], reduce: .mean) }
        case "gaussianKLDivergenceNo":
            return spec(["kl_mean", "kl_lnvar"], "kl_no") { F.gaussianKLDivergence($0[0], $0[1], reduce: .no) }
        case "bernoulliNLLSum": return spec(["bnll_x", "bnll_y"], "bnll_sum") { F.bernoulliNLL($0[0], $0[1]) }
        case "bernoulliNLLMean": return spec(["bnll_x", "bnll_y"], "bnll_avg") { F.bernoulliNLL($0[0], $0[1], reduce: .mean) }
        case "gaussianNLLSum":
            return spec(["gnll_x", "gnll_mean", "gnll_lnvar"], "gnll_sum") { F.gaussianNLL($0[0], $0[1], $0[2]) }
        case "gaussianNLLMean":
            return spec(["gnll_x", "gnll_mean", "gnll_lnvar"], "gnll_avg") { F.gaussianNLL($0[0], $0[1], $0[2], reduce: .mean) }
        case "softmaxCrossEntropyClassWeight":
            return spec(["scew_x", "scew_t"], "scew_mean") {
                F.softmaxCrossEntropy($0[0], $0[1], classWeight: fx["scew_w"]!)
            }
        case "softmaxCrossEntropyClassWeightBatch":
            return spec(["scew_x", "scew_t"], "scew_mean_batch") {
                F.softmaxCrossEntropy($0[0], $0[1], normalize: false, classWeight: fx["scew_w"]!)
            }
        default:
            return spec(["scew_x", "scew_t"], "scew_no") {
                F.softmaxCrossEntropy($0[0], $0[1].array, reduce: .no, classWeight: fx["scew_w"]!)
            }
        }
    }

    @Test(arguments: names)
    func spec(_ name: String) throws {
        try runSpec(Self.row(name, try Fixture.load("losses")))
    }

    @Test func sigmoidCrossEntropyStaysFiniteForLargeScores() {
        let x = Variable(NDArray([800.0, -800.0, 30.0], shape: [1, 3]))
        let y = F.sigmoidCrossEntropy(x, NDArray([Int64(0), 1, 1], shape: [1, 3]), reduce: .no)
        expectArray(y.array, NDArray([800.0, 800.0, 9.357622968839299e-14], shape: [1, 3]), rtol: 1e-9, atol: 1e-12)
    }

    @Test func sigmoidCrossEntropyWithEveryLabelIgnoredIsZero() {
        let x = Variable(NDArray([0.5, -0.5], shape: [1, 2]))
        let y = F.sigmoidCrossEntropy(x, NDArray([Int64(-1), -1], shape: [1, 2]))
        #expect(y.item() == 0)
        y.backward()
        expectArray(x.grad!, NDArray.zeros([1, 2], dtype: .float64))
    }

    @Test func softmaxCrossEntropyIsStableForLargeLogits() {
        let x = Variable(NDArray([1000.0, 0, -1000, -1000, 0, 1000], shape: [2, 3]))
        let y = F.softmaxCrossEntropy(x, NDArray([Int64(0), 0], shape: [2]), reduce: .no)
        expectArray(y.array, NDArray([0.0, 2000.0], shape: [2]), rtol: 1e-12, atol: 1e-12)
        F.sum(y).backward()
        // softmax − one-hot: row 0 is exactly right, row 1 puts all mass on class 2.
        expectArray(x.grad!, NDArray([0.0, 0, 0, -1, 0, 1], shape: [2, 3]), rtol: 1e-12, atol: 1e-12)
    }

    @Test func softmaxCrossEntropyUnitClassWeightMatchesUnweighted() throws {
        let fx = try Fixture.load("losses")
        let x = Variable(fx["scew_x"]!), t = fx["scew_t"]!
        let weighted = F.softmaxCrossEntropy(x, t, classWeight: NDArray.ones([4], dtype: .float64))
        #expect(Swift.abs(weighted.item() - F.softmaxCrossEntropy(x, t).item()) < 1e-12)
    }
}
