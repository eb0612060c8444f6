import Testing
@testable import ChainerArray

@Suite struct LinalgMatmulTests {
    static let cases = ["mm2d", "vecmat", "matvec", "vecvec", "batch", "batchvec", "stack2d", "k0", "m0", "n0",
                        "f32_tiles", "f32_deepk", "f32_tallm", "f32_widen", "f32_batch", "i32", "i64batch", "i8wrap",
                        "bool", "f16", "mixed_i32_f32", "mixed_f32_f64"]

    @Test(arguments: cases)
    func matchesNumPy(_ name: String) throws {
        let fx = try LinalgFixture.load()
        let a = try #require(fx[name + "_a"]), b = try #require(fx[name + "_b"]), expected = try #require(fx[name + "_out"])
        let tol = LinalgFixture.tolerance(expected.dtype)
        onBothGEMMPaths { path in
            expectArray(a.matmul(b), expected, rtol: tol.rtol, atol: tol.atol, "\(name) on \(path)")
            // The same values stored column-major: GEMM reads them transposed (ints through their strides).
            let ac = LinalgFixture.columnMajor(a), bc = LinalgFixture.columnMajor(b)
            expectArray(ac.matmul(bc), expected, rtol: tol.rtol, atol: tol.atol, "\(name) column-major on \(path)")
        }
    }

    @Test func transposedAndSlicedOperands() throws {
        let fx = try LinalgFixture.load()
        let ta = try #require(fx["trans_a"]), tb = try #require(fx["trans_b"])
        let sa = try #require(fx["slice_a"]), sb = try #require(fx["slice_b"])
        try onBothGEMMPaths { path in
            expectArray(ta.T.matmul(tb.T), try #require(fx["trans_out"]), rtol: 1e-10, atol: 1e-10, "transposed, \(path)")
            let stepped = sa[stride(from: 0, to: 10, by: 2), stride(from: 1, to: 9, by: 2)]
                .matmul(sb[stride(from: 1, to: 8, by: 2), stride(from: 0, to: 12, by: 3)])
            expectArray(stepped, try #require(fx["slice_out"]), rtol: 1e-10, atol: 1e-10, "stepped slices, \(path)")
            let block = sa[1..<6, 2..<6].matmul(sb.T[2..<6, 1..<4])
            expectArray(block, try #require(fx["block_out"]), rtol: 1e-10, atol: 1e-10, "sub-blocks, \(path)")
        }
    }

    @Test func layoutReadsUnitStrideViewsInPlace() {
        func layout(_ r: Int, _ c: Int, _ rs: Int, _ cs: Int) -> [Int]? {
            gemmLayout(rows: r, cols: c, rs: rs, cs: cs).map { [$0.trans ? 1 : 0, $0.ld] }
        }
        #expect(layout(4, 3, 9, 1) == [0, 9])
        #expect(layout(4, 3, 1, 7) == [1, 7])
        #expect(layout(1, 5, 0, 1) == [0, 5])
        #expect(layout(4, 3, 6, 2) == nil)
        #expect(layout(4, 3, -3, 1) == nil)
    }

    @Test func dtypesOfResults() {
        let f16 = NDArray.ones([2, 3], dtype: .float16), bf = NDArray.ones([3, 2], dtype: .bfloat16)
        let r = f16.matmul(bf)
        #expect(r.dtype == .float32)
        #expect(r.asArray(Float.self) == [3, 3, 3, 3])
        let b16 = NDArray.ones([2, 3], dtype: .bfloat16).matmul(NDArray.ones([3], dtype: .bfloat16))
        #expect(b16.dtype == .bfloat16 && b16.shape == [2] && b16.asArray(Double.self) == [3, 3])
        let u8 = NDArray.full([1, 2], 200, dtype: .uint8).matmul(NDArray.ones([2, 1], dtype: .uint8))
        #expect(u8.dtype == .uint8 && u8.asArray(Double.self) == [144])  // 400 wraps modulo 256, as NumPy
    }

    @Test func shapeMismatchStops() async {
        await #expect(processExitsWith: .failure) {
            _ = NDArray.ones([2, 3]).matmul(NDArray.ones([4, 5]))
        }
    }
}
