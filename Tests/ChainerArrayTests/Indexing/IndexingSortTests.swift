import Testing
@testable import ChainerArray

@Suite struct IndexingSortTests {
    @Test func sortEveryDType() {
        expectEveryDType(ix("s"), ix("sort_last"), "sort last axis") { $0.sort() }
        expectEveryDType(ix("s"), ix("sort0"), "sort axis 0") { $0.sort(axis: 0) }
        expectEveryDType(ix("x"), ix("sort_t"), "sort a strided view") { $0.T[stride(from: 0, to: 5, by: 2)].sort(axis: 1) }
    }

    @Test func argsortIsStable() {
        for dt in DType.allCases {
            let s = ix("s").astype(dt)
            expectArray(s.argsort(), ix("argsort_last_\(numpyName(dt))"), "\(dt)")
            expectArray(s.argsort(axis: 0), ix("argsort0_\(numpyName(dt))"), "\(dt)")
        }
    }

    @Test func nanSortsLast() {
        for dt in [DType.float16, .bfloat16, .float32, .float64] {
            let sn = ix("sn").astype(dt)
            expectArray(sn.sort(), ix("sort_nan").astype(dt), "\(dt)")
            expectArray(sn.argsort(), ix("argsort_nan"), "\(dt)")
        }
    }

    @Test func emptyAndScalar() {
        #expect(NDArray.zeros([3, 0]).sort().shape == [3, 0])
        #expect(NDArray.zeros([0, 3]).argsort(axis: 0).dtype == .int64)
        expectArray(NDArray(scalar: 4).sort(), NDArray(scalar: 4))
        expectArray(NDArray([Int64]()).unique(), NDArray([Int64]()))
    }

    @Test func unique() {
        for dt in DType.allCases where dt != .bool {
            let (v, c) = ix("u").astype(dt).unique(returnCounts: true)
            expectArray(v, ix("unique_vals").astype(dt), "\(dt)")
            expectArray(c, ix("unique_counts"), "\(dt)")
        }
        let (bv, bc) = NDArray([true, false, true]).unique(returnCounts: true)
        expectArray(bv, NDArray([false, true]))
        expectArray(bc, NDArray([1, 2]))
        let (nv, nc) = ix("sn").unique(returnCounts: true)
        expectArray(nv, ix("unique_nan_vals"))
        expectArray(nc, ix("unique_nan_counts"))
        expectArray(ix("u").T.unique(), ix("unique_vals"))
    }
}
