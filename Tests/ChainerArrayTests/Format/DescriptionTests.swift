import Foundation
import Testing
@testable import ChainerArray

/// `description` against NumPy 2's `repr` (scripts/fixtures/repr.py).
@Suite struct DescriptionTests {
    /// Case names with their arrays and expected strings.
    static func cases() throws -> [(name: String, array: NDArray, expected: String)] {
        let raw = try Fixture.raw("repr")
        return raw.keys.filter { $0.hasPrefix("repr/") }.sorted().map { key in
            let name = String(key.dropFirst(5))
            var a = Fixture.array(from: raw["array/" + name]!)!
            if name.hasPrefix("bf16_") { a = a.astype(.bfloat16) }
            // JSONSerialization reads -0.0 as 0; restore the sign the fixture's first element has.
            if name == "neg_zero" { a[0] = NDArray(scalar: -0.0) }
            return (name, a, raw[key] as! String)
        }
    }

    @Test func matchesNumPyRepr() throws {
        let all = try Self.cases()
        #expect(all.count >= 40)
        for c in all {
            #expect(c.array.description == c.expected, "case \(c.name)")
        }
    }

    @Test func nonContiguousViewsPrintTheirElements() throws {
        let raw = try Fixture.raw("repr")
        let a = Fixture.array(from: raw["array/i32_2d"]!)!
        let t = a.transposed()
        // The transpose prints the same words as a contiguous copy of it.
        #expect(t.description == t.copy().description)
        #expect(t.description.hasPrefix("array([[-6, -2,  2],"))
        let strided = a[.all, stride(from: 3, to: -1, by: -2)]
        #expect(strided.description == strided.copy().description)
        #expect(strided.shape == [3, 2])
        #expect(strided.asArray(Int64.self) == [-3, -5, 1, -1, 5, 3])
    }

    @Test func stringInterpolationUsesRepr() {
        let a = NDArray([1, 2] as [Float])
        #expect("\(a)" == "array([1., 2.], dtype=float32)")
    }
}
