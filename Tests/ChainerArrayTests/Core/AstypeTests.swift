import Testing
@testable import ChainerArray

@Suite struct AstypeTests {
    /// A fixture array, turned into bfloat16 when it stands for one (NumPy has none; the script stores float32).
    func stored(_ key: String, as dtype: DType) -> NDArray {
        let a = fx(key)
        return dtype == .bfloat16 ? a.astype(.bfloat16) : a
    }

    @Test(arguments: DType.allCases) func everyTargetFrom(source: DType) {
        for target in DType.allCases {
            let inKey = CoreFixture.arrays["astype_in/\(source)/\(target)"] != nil ? "astype_in/\(source)/\(target)" : "in/astype_\(source)"
            let x = stored(inKey, as: source)
            #expect(x.dtype == source)
            let y = x.astype(target)
            #expect(y.dtype == target, "\(source) → \(target)")
            // Exact: conversions round or truncate the same way as NumPy. (Foundation's JSON reader on Linux can be 1 ulp
            // ulps off on float64 numbers, hence the 1e-15 for float64 targets only.)
            let expected = fx("astype/\(source)/\(target)")
            let tol = target == .float64 ? 1e-15 : 0
            expectArray(y.astype(expected.dtype), expected, rtol: tol, atol: 0, Comment(rawValue: "\(source) → \(target)"))
            // A reversed (negative-stride) view converts the same elements.
            let rev = x[stride(from: x.size - 1, to: -1, by: -1)].astype(target)
            expectArray(rev[stride(from: x.size - 1, to: -1, by: -1)].astype(expected.dtype), expected, rtol: tol, atol: 0,
                        Comment(rawValue: "\(source) → \(target) (reversed view)"))
        }
    }

    /// Regression: float64 → float16 went through float32 and rounded twice.
    @Test func float64ToFloat16RoundsOnce() {
        let above: Double = 1 + 0x1p-11 + 0x1p-30, tie: Double = 1 + 0x1p-11, tieUp: Double = 1 + 3 * 0x1p-11
        let expected: [Double] = [1 + 0x1p-10, 1, 1 + 0x1p-9]
        #expect(NDArray([above, tie, tieUp]).astype(.float16).asArray(Double.self) == expected)
    }

    @Test func twoDimensionalNonContiguous() {
        let a = fx("in/base").transposed([2, 0, 1])
        for target in DType.allCases {
            let y = a.astype(target)
            #expect(y.shape == [4, 2, 3] && y.isContiguous)
            #expect(y.astype(.float64) == a.astype(.float64) || target == .bool || target == .int8 || target == .uint8)
        }
    }
}
