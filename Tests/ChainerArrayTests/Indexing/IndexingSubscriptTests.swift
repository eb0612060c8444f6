import Testing
@testable import ChainerArray

@Suite struct IndexingSubscriptTests {
    @Test func integerArrayGet() {
        let x = ix("x")
        expectEveryDType(x, ix("take0"), "a[idx]") { $0[ix("idx")] }
        expectEveryDType(x, ix("take1"), "take axis 1") { $0.take(ix("idx"), axis: 1) }
        expectEveryDType(x, ix("take2"), "take axis -1") { $0.take(ix("idx"), axis: -1) }
        // Transposed and step-sliced view, with an int32 index.
        expectEveryDType(x, ix("take_t"), "view") { $0.transposed([2, 0, 1])[stride(from: 0, to: 5, by: 2)][NDArray([1, -1, 0] as [Int32])] }
    }

    @Test func integerArrayEdgeShapes() {
        let x = ix("x")
        let empty = x[NDArray.zeros([0], dtype: .int64)]
        #expect(empty.shape == [0, 4, 5])
        let scalarIndex = x[NDArray(scalar: 2, dtype: .int64)]
        expectArray(scalarIndex, x[2].copy())
        let fromEmpty = NDArray.zeros([0, 3])[NDArray.zeros([2, 0], dtype: .int32)]
        #expect(fromEmpty.shape == [2, 0, 3])
    }

    @Test func booleanMaskGet() {
        let x = ix("x")
        expectEveryDType(x, ix("mask1"), "leading-axis mask") { $0[ix("m1")] }
        expectEveryDType(x, ix("mask2"), "two-axis mask") { $0[ix("m2")] }
        expectEveryDType(x, ix("mask3"), "full mask") { $0[ix("m3")] }
        expectEveryDType(x, ix("mask_t"), "transposed array and mask") { $0.T[ix("m3").T] }
        expectEveryDType(x, ix("mask_none"), "nothing selected") { $0[NDArray.zeros([3], dtype: .bool)] }
    }

    @Test func booleanMaskSet() {
        let x = ix("x")
        expectEveryDType(x, ix("set_mask_scalar"), "scalar value") { a in
            var y = a
            y[ix("m2")] = NDArray(scalar: 9)
            return y
        }
        expectEveryDType(x, ix("set_mask_row"), "broadcast row") { a in
            var y = a
            y[ix("m1")] = NDArray.arange(5, dtype: .float64)
            return y
        }
        let count = Int(ix("m3").astype(.int64).sum().item())
        expectEveryDType(x, ix("set_mask_full"), "one value per element") { a in
            var y = a
            y[ix("m3")] = NDArray.arange(Double(count), dtype: .int64).fmod(NDArray(scalar: 10, dtype: .int64))
            return y
        }
        // The original is untouched (copy on write).
        var y = x
        y[ix("m2")] = NDArray(scalar: 9)
        expectArray(x, ix("x"))
    }

    @Test func integerArraySet() {
        expectEveryDType(ix("x"), ix("set_idx"), "duplicates keep the last write") { a in
            var y = a
            y[ix("dup")] = ix("vals").astype(a.dtype)
            return y
        }
        // A uniquely held transposed array is written through its strides, not copied to row-major first.
        expectEveryDType(ix("x"), ix("set_idx_t"), "non-contiguous destination") { a in
            var z = a.copy().transposed([2, 1, 0])
            z[NDArray([4, -2])] = NDArray(scalar: 1)
            return z
        }
    }

    @Test func negativeStrideViewsMatchCopies() {
        let f = ix("x").flip(axes: [0, 2])
        for m in [ix("m1"), ix("m2"), ix("m3")] {
            expectArray(f[m], f.copy()[m])
            var a = f, b = f.copy()
            a[m] = NDArray(scalar: 7)
            b[m] = NDArray(scalar: 7)
            expectArray(a, b)
        }
        var a = f, b = f.copy()
        a[NDArray([2, 0])] = NDArray.arange(5, dtype: .float64)  // one row broadcast over both selections
        b[NDArray([2, 0])] = NDArray.arange(5, dtype: .float64)
        expectArray(a, b)
        expectArray(a[2, 3], NDArray.arange(5, dtype: .float64))
    }

    @Test func zeroDimensionalMask() {
        let x = ix("x")
        #expect(x[NDArray([true]).reshaped([])].shape == [1, 3, 4, 5])
        #expect(x[NDArray([false]).reshaped([])].shape == [0, 3, 4, 5])
    }

    @Test func nonzeroAndArgwhere() {
        expectArray(ix("m3").argwhere(), ix("argwhere"))
        let t = (ix("x").T.fmod(NDArray(scalar: 4)) .== 1)
        expectArray(t.argwhere(), ix("argwhere_t"))
        let nz = ix("x").T.astype(.int32).fmod(NDArray(scalar: 4, dtype: .int32)) .== 1
        let parts = nz.nonzero()
        #expect(parts.count == 3)
        for (k, p) in parts.enumerated() { expectArray(p, ix("nonzero_t\(k)")) }
        #expect(NDArray.zeros([0, 2]).argwhere().shape == [0, 2])
        expectArray(NDArray([0.0, .nan, -2.0]).nonzero()[0], NDArray([1, 2]))
    }

    @Test func outOfRangeIndexStops() async {
        await #expect(processExitsWith: .failure) {
            _ = NDArray.zeros([3, 2])[NDArray([0, 3])]
        }
        await #expect(processExitsWith: .failure) {
            _ = NDArray.zeros([3, 2])[NDArray([true, false])]
        }
    }
}
