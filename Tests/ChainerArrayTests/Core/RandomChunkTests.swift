import Foundation
import Testing
@testable import ChainerArray

/// Large random arrays are drawn chunk by chunk into their buffer; the values equal one draw of all the words,
/// computed here from the generator's words with the documented formulas.
@Suite struct RandomChunkTests {
    @Test func uniformFloat32EqualsOneDraw() {
        let n = 40_003
        let got = withSeed(11) { NDArray.uniform([n], low: -2, high: 3) }
        let w = withSeed(11) { GlobalGenerator.shared.words(n) }
        let scale = Float(5) / 16_777_216
        #expect(got.asArray(Float.self) == w.map { Float($0 >> 8) * scale + -2 })
    }

    @Test func uniformFloat64EqualsOneDraw() {
        let n = 20_001
        let got = withSeed(12) { NDArray.uniform([n], dtype: .float64) }
        let w = withSeed(12) { GlobalGenerator.shared.words(2 * n) }
        var expected = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let hi: UInt64 = UInt64(w[2 * i]) << 21, lo: UInt64 = UInt64(w[2 * i + 1] >> 11)
            let bits: UInt64 = (hi ^ lo) & ((1 << 53) - 1)
            expected[i] = Double(bits) * 0x1p-53
        }
        #expect(got.asArray(Double.self) == expected)
    }

    @Test(arguments: [DType.float64, .float32])
    func normalEqualsOneDraw(_ dtype: DType) {
        let n = 20_001   // odd: the last pair yields one value
        let got = withSeed(13) { NDArray.normal([n], mean: 1, std: 2, dtype: dtype) }
        let w = withSeed(13) { GlobalGenerator.shared.words(2 * ((n + 1) / 2) * 2) }
        var expected = [Double](repeating: 0, count: n)
        for p in 0..<((n + 1) / 2) {
            let k = 4 * p
            let u1 = (Double(UInt64(w[k]) << 21 ^ UInt64(w[k + 1] >> 11)) + 1) * 0x1p-53
            let u2 = Double(UInt64(w[k + 2]) << 21 ^ UInt64(w[k + 3] >> 11)) * 0x1p-53
            let r = (-2 * Foundation.log(Swift.min(u1, 1))).squareRoot()
            expected[2 * p] = r * Foundation.cos(2 * .pi * u2) * 2 + 1
            if 2 * p + 1 < n { expected[2 * p + 1] = r * Foundation.sin(2 * .pi * u2) * 2 + 1 }
        }
        #expect(got.dtype == dtype)
        #expect(got == NDArray(expected, shape: [n]).cast(dtype))
    }
}
