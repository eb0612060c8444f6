import Testing
@testable import Chainer
import ChainerTesting

/// Dropout as a spec row: with the generator seeded, the kept units are the seeded Bernoulli draw, scaled by
/// 1 / (1 − ratio) as in Chainer; the same seed inside every call makes the mask fixed for the gradient checks.
@Suite struct DropoutTests {
    @Test(arguments: [0.3, 0.5])
    func spec(_ ratio: Double) throws {
        let x = NDArray.normal([4, 5], dtype: .float64)
        let mask = withSeed(11) { NDArray.bernoulli([4, 5], p: 1 - ratio) }.astype(.float64)
        #expect(mask.sum().item() > 0 && mask.sum().item() < 20)
        try runSpec(FunctionSpec("dropout", inputs: { [x] }, reference: { [$0[0] * mask / (1 - ratio)] }) { v in
            withSeed(11) { [F.dropout(v[0], ratio: ratio)] }
        })
    }

    @Test func testModeAndZeroRatioAreIdentity() {
        let x = Variable(NDArray.normal([3, 3], dtype: .float64))
        #expect(F.dropout(x, ratio: 0).array == x.array)
        usingConfig(\.train, false) { #expect(F.dropout(x, ratio: 0.9).array == x.array) }
    }
}
