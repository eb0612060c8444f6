import Testing
@testable import Chainer
import ChainerTesting

/// `binaryAccuracy` against NumPy (scripts/fixtures/normloss.py).
@Suite struct BinaryAccuracyTests {
    @Test(arguments: [DType.float64, .float32, .float16])
    func matchesNumPy(_ dtype: DType) throws {
        let fx = try Fixture.load("losses")
        let acc = F.binaryAccuracy(Variable(fx["bacc_y"]!.cast(dtype)), fx["bacc_t"]!)
        #expect(acc.dtype == dtype && acc.shape == [] && !acc.requiresGrad)
        let tol = defaultTolerance(for: dtype)
        expectArray(acc.array.cast(.float64), fx["bacc"]!, rtol: tol.rtol, atol: tol.atol)
    }

    @Test func labelsAsVariableOnAView() {
        // Transposed scores against transposed labels; the ignored label does not count.
        let y = NDArray([0.5, -1.0, 2.0, -0.2, 0.1, 0.0], shape: [2, 3]).transposed()
        let t = NDArray([Int64(1), 0, 0, -1, 1, 1], shape: [2, 3]).transposed()
        let acc = F.binaryAccuracy(Variable(y), Variable(t, requiresGrad: false))
        #expect(Swift.abs(acc.item() - 4.0 / 5.0) < 1e-12)
    }

    @Test func everyLabelIgnoredGivesZero() {
        let acc = F.binaryAccuracy(Variable(NDArray([1.0, -1.0])), NDArray([Int64(-1), -1]))
        #expect(acc.item() == 0)
    }
}
