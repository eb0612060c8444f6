import Testing
@testable import Chainer

/// Misuse of the normalization, loss and attention functions stops the process (a precondition with a message).
@Suite struct NormLossMisuseTests {
    @Test func batchNormalizationGammaShape() async {
        await #expect(processExitsWith: .failure) {
            _ = F.batchNormalization(Variable(NDArray.ones([4, 3, 2])), Variable(NDArray.ones([2])), Variable(NDArray.ones([2])))
        }
    }

    @Test func groupNormalizationGroups() async {
        await #expect(processExitsWith: .failure) {
            _ = F.groupNormalization(Variable(NDArray.ones([2, 6, 2])), 4, Variable(NDArray.ones([6])), Variable(NDArray.ones([6])))
        }
    }

    @Test func sigmoidCrossEntropyLabelShape() async {
        await #expect(processExitsWith: .failure) {
            _ = F.sigmoidCrossEntropy(Variable(NDArray.ones([2, 3])), NDArray.zeros([3], dtype: .int64))
        }
    }

    @Test func huberLossReduction() async {
        await #expect(processExitsWith: .failure) {
            _ = F.huberLoss(Variable(NDArray.ones([2, 3])), Variable(NDArray.ones([2, 3])), delta: 1, reduce: .mean)
        }
    }

    @Test func softmaxCrossEntropyClassWeightShape() async {
        await #expect(processExitsWith: .failure) {
            _ = F.softmaxCrossEntropy(Variable(NDArray.ones([2, 3])), NDArray.zeros([2], dtype: .int64), classWeight: NDArray.ones([2]))
        }
    }

    @Test func attentionKeyWidth() async {
        await #expect(processExitsWith: .failure) {
            _ = F.scaledDotProductAttention(Variable(NDArray.ones([2, 3])), Variable(NDArray.ones([4, 5])), Variable(NDArray.ones([4, 2])))
        }
    }
}
