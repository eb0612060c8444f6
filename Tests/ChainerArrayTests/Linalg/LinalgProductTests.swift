import Testing
@testable import ChainerArray

@Suite struct LinalgProductTests {
    @Test func dotInnerOuter() throws {
        let fx = try LinalgFixture.load()
        func pair(_ n: String) throws -> (NDArray, NDArray, NDArray) {
            (try #require(fx[n + "_a"]), try #require(fx[n + "_b"]), try #require(fx[n + "_out"]))
        }
        try onBothGEMMPaths { path in
            var (a, b, e) = try pair("dot_nd")
            expectArray(a.dot(b), e, rtol: 1e-10, atol: 1e-10, "dot N-D, \(path)")
            expectArray(LinalgFixture.columnMajor(a).dot(LinalgFixture.columnMajor(b)), e, rtol: 1e-10, atol: 1e-10, "dot N-D views")
            (a, b, e) = try pair("dot_1n")
            expectArray(a.dot(b), e, rtol: 1e-10, atol: 1e-10, "dot 1-D with N-D, \(path)")
            (a, b, e) = try pair("mm2d")
            expectArray(a.dot(b), e, rtol: 1e-10, atol: 1e-10, "dot 2-D, \(path)")
            (a, b, e) = try pair("vecvec")
            expectArray(a.dot(b), e, rtol: 1e-10, atol: 1e-10, "dot 1-D, \(path)")
            (a, b, e) = try pair("inner")
            expectArray(a.inner(b), e, rtol: 1e-10, atol: 1e-10, "inner, \(path)")
            (a, b, e) = try pair("outer")
            expectArray(a.outer(b), e, rtol: 1e-10, atol: 1e-10, "outer")
        }
        let s = NDArray(scalar: 2), v = NDArray([1.0, 2.0, 3.0])
        #expect(s.dot(v) == NDArray([2.0, 4.0, 6.0]))
        #expect(v.inner(s) == NDArray([2.0, 4.0, 6.0]))
    }

    @Test func tensordotForms() throws {
        let fx = try LinalgFixture.load()
        try onBothGEMMPaths { path in
            let a2 = try #require(fx["td2_a"]), b2 = try #require(fx["td2_b"])
            expectArray(a2.tensordot(b2, axes: 2), try #require(fx["td2_out"]), rtol: 1e-10, atol: 1e-10, "axes 2, \(path)")
            let al = try #require(fx["tdl_a"]), bl = try #require(fx["tdl_b"])
            expectArray(al.tensordot(bl, axes: ([1, 0], [0, 1])), try #require(fx["tdl_out"]), rtol: 1e-10, atol: 1e-10, "axis lists")
            expectArray(al.tensordot(bl, axes: ([-2, 0], [0, -2])), try #require(fx["tdl_out"]), rtol: 1e-10, atol: 1e-10, "negative axes")
            let a0 = try #require(fx["td0_a"]), b0 = try #require(fx["td0_b"])
            expectArray(a0.tensordot(b0, axes: 0), try #require(fx["td0_out"]), rtol: 1e-10, atol: 1e-10, "axes 0")
        }
    }

    @Test func mergingAxesKeepsViewsWhenItCan() {
        let x = NDArray.arange(120, dtype: .float64).reshaped([2, 3, 4, 5])
        // (b, h, d, k) of a (b, h, k, d) array: b and h nest, d and k are single axes: a view with strides (20, 1, 5).
        let attentionKey = x.transposed([0, 1, 3, 2]).mergingAxes([2, 1, 1])
        #expect(attentionKey.storage === x.storage)
        #expect(attentionKey.shape == [6, 5, 4] && attentionKey.strides == [20, 1, 5])
        #expect(attentionKey == x.transposed([0, 1, 3, 2]).reshaped([6, 5, 4]))
        // Axes 0 and 2 together do not nest: a copy with the same values.
        let merged = x.transposed([1, 0, 2, 3]).mergingAxes([1, 2, 1])
        #expect(merged.storage !== x.storage)
        #expect(merged == x.transposed([1, 0, 2, 3]).reshaped([3, 8, 5]))
        #expect(x.mergingAxes([0, 4, 0]).shape == [1, 120, 1])
    }

    @Test func diagonalAndTrace() throws {
        let fx = try LinalgFixture.load()
        let a = try #require(fx["diag_a"]), a3 = try #require(fx["diag3_a"]), ai = try #require(fx["diag_int_a"])
        for (off, tag) in [(0, "0"), (1, "1"), (-2, "m2"), (7, "7")] {
            let d = a.diagonal(offset: off)
            expectArray(d, try #require(fx["diag_o" + tag]), rtol: 0, atol: 0, "diagonal offset \(off)")
            #expect(d.storage === a.storage, "diagonal is a view")
            expectArray(a.trace(offset: off), try #require(fx["trace_o" + tag]), rtol: 1e-12, atol: 1e-12, "trace offset \(off)")
        }
        expectArray(a3.diagonal(offset: 1, axis1: 1, axis2: 2), try #require(fx["diag3_o1_a12"]), rtol: 0, atol: 0)
        expectArray(a3.diagonal(offset: -1, axis1: -1, axis2: 0), try #require(fx["diag3_om1_a20"]), rtol: 0, atol: 0)
        expectArray(a3.trace(offset: 1, axis1: 1, axis2: 2), try #require(fx["trace3_o1_a12"]), rtol: 1e-12, atol: 1e-12)
        #expect(ai.dtype == .int32)
        expectArray(ai.trace(), try #require(fx["trace_int"]), rtol: 0, atol: 0, "int32 trace sums in int64")
        expectArray(a.T[NDIndex.slice(nil, nil, -1)].diagonal(offset: 1), try #require(fx["diag_t"]), rtol: 0, atol: 0,
                    "diagonal of a reversed, transposed view")
    }
}

@Suite struct LinalgEinsumTests {
    static let names = ["matmul", "implicit", "implicit_t", "diag", "trace", "transpose", "sumall", "rowsum", "bmm",
                        "ellipsis", "ellipsis_implicit", "innerp", "outerp", "hadamard", "three", "diagsum",
                        "diag_contract", "single_sum_first", "attention", "broadcast1", "scalar"]

    @Test func fixtureListsEveryCase() throws {
        let listed = try #require(try Fixture.raw("linalg")["einsum_names"] as? [String])
        #expect(Set(listed) == Set(Self.names))
    }

    @Test(arguments: names)
    func matchesNumPy(_ name: String) throws {
        let raw = try Fixture.raw("linalg")
        let fx = try LinalgFixture.load()
        let subscripts = try #require(raw["einsum_\(name)_subscripts"] as? String)
        var operands: [NDArray] = []
        while let x = fx["einsum_\(name)_\(operands.count)"] { operands.append(x) }
        let expected = try #require(fx["einsum_\(name)_out"])
        onBothGEMMPaths { path in
            expectArray(NDArray.einsum(subscripts, operands), expected, rtol: 1e-10, atol: 1e-10, "\(subscripts) on \(path)")
            let views = operands.map(LinalgFixture.columnMajor)
            expectArray(NDArray.einsum(subscripts, views), expected, rtol: 1e-10, atol: 1e-10, "\(subscripts) on views")
        }
    }

    @Test func integerOperands() throws {
        let fx = try LinalgFixture.load()
        let a = try #require(fx["einsum_int_0"]), b = try #require(fx["einsum_int_1"])
        expectArray(NDArray.einsum("ij,jk->ik", [a, b]), try #require(fx["einsum_int_out"]), rtol: 0, atol: 0)
    }
}
