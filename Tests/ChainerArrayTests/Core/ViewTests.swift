import Testing
@testable import ChainerArray

@Suite struct ViewTests {
    var b: NDArray { fx("in/base") }

    /// Each view op next to the NumPy expression that made its fixture.
    var views: [(String, NDArray)] {
        let b = self.b
        return [
            ("reshape_m1", b.reshaped([-1, 6])), ("reshape_flat", b.reshaped([24])), ("reshape_T", b.transposed().reshaped(4, 6)),
            ("T", b.T), ("perm", b.transposed([1, 0, 2])), ("perm_neg", b.transposed([-1, 0, 1])), ("swap", b.swapaxes(0, 2)),
            ("moveaxis", b.moveaxis(0, -1)), ("moveaxis2", b.moveaxis(2, 0)), ("expand0", b.expandDims(0)),
            ("expand_last", b.expandDims(-1)), ("expand_mid", b.expandDims(2)), ("squeeze", b[.all, ..<1, .all].squeeze()),
            ("squeeze_axis", b[..<1].squeeze(axis: 0)), ("bcast", b[0, .all, ..<1].broadcast(to: [2, 3, 5])),
            ("idx_int", b[1]), ("idx_neg", b[-1, -2]), ("idx_range", b[.all, 1..<3]), ("idx_closed", b[.all, 0...1, 1...3]),
            ("idx_from", b[1..., 1...]), ("idx_upto", b[.all, ..<2]), ("idx_through", b[.ellipsis, ...2]),
            ("idx_stride", b[.all, .all, stride(from: 0, to: 4, by: 2)]),
            ("idx_stride_neg", b[indices: [.all, .slice(nil, nil, -1), .slice(3, 0, -2)]]),
            ("idx_stride_neg_to0", b[.all, .all, stride(from: 3, to: -1, by: -1)]),
            ("idx_newaxis", b[.all, .newAxis, 1]), ("idx_ellipsis", b[.ellipsis, 2]), ("idx_ellipsis_mid", b[0, .ellipsis, 1]),
            ("idx_all", b[.all, 1, .all]), ("idx_view_of_view", b.T[1..<3][.all, stride(from: 0, to: 3, by: 2)]),
            ("idx_empty", b[indices: [.all, .slice(2, 1)]]), ("item_scalar", b[1, 2, 3]),
        ]
    }

    @Test func viewsMatchNumPy() {
        for (name, v) in views {
            expectArray(v, fx("view/" + name), Comment(rawValue: name))
            expectArray(v.copy(), fx("view/" + name), Comment(rawValue: name + " (copy)"))
        }
    }

    @Test func viewsShareStorage() {
        let b = self.b
        for v in [b.T, b[1], b.reshaped([-1]), b.swapaxes(0, 1), b.expandDims(0), b[.all, stride(from: 0, to: 4, by: 2)]] {
            #expect(v.storage === b.storage)
        }
        // A non-contiguous reshape must copy.
        #expect(b.T.reshaped([24]).storage !== b.storage)
        #expect(!b.T.isContiguous && b.T.contiguous().isContiguous)
        #expect(b.contiguous().storage === b.storage)
    }

    @Test func stridedRanges() {
        let a = NDArray.arange(10, dtype: .int64)
        #expect(a[stride(from: 9, to: -1, by: -3)].asArray(Int64.self) == [9, 6, 3, 0])
        #expect(a[stride(from: 8, to: 1, by: -2)].asArray(Int64.self) == [8, 6, 4, 2])
        #expect(a[stride(from: 1, to: 10, by: 4)].asArray(Int64.self) == [1, 5, 9])
        #expect(a[stride(from: 3, to: 3, by: 1)].shape == [0])
        #expect(a[stride(from: 4, to: 5, by: 3)].asArray(Int64.self) == [4])
        #expect(a[(-3)...].asArray(Int64.self) == [7, 8, 9])
        #expect(a[..<(-8)].asArray(Int64.self) == [0, 1])
        #expect(a[...(-1)].size == 10)
        #expect(a[(-3)...(-1)].asArray(Int64.self) == [7, 8, 9])
        #expect(a[(-3)...(-2)].asArray(Int64.self) == [7, 8])
    }

    /// Every combination of start/stop/step (None, negative, out of range) against Python's slice rules.
    @Test func sliceResolutionMatchesPython() {
        let table = fx("slices/table").asArray(Int64.self).map(Int.init)
        func opt(_ v: Int) -> Int? { v == -99 ? nil : v }
        for r in stride(from: 0, to: table.count, by: 6) {
            let (n, start, stop, step) = (table[r], opt(table[r + 1]), opt(table[r + 2]), opt(table[r + 3]))
            let (first, count) = (table[r + 4], table[r + 5])
            let a = NDArray.arange(Double(n), dtype: .int64)
            let v = a[indices: [.slice(start, stop, step)]]
            let expected = (0..<count).map { Int64(first + $0 * (step ?? 1)) }
            #expect(v.asArray(Int64.self) == expected, "n=\(n) [\(String(describing: start)):\(String(describing: stop)):\(String(describing: step))]")
        }
    }

    @Test func subscriptSettersAreCopyOnWrite() {
        let b = self.b
        var s = b
        s[0, 1] = NDArray(scalar: -1, dtype: .float32)
        expectArray(s, fx("set/row"))
        expectArray(b, fx("in/base"), "the original is untouched")
        var t = b
        t[.all, .all, 1] = NDArray([10, 20, 30] as [Float])
        expectArray(t, fx("set/bcast"))
        var u = b
        u[.ellipsis, stride(from: 0, to: 4, by: 2)] = NDArray(scalar: 0.5)
        expectArray(u, fx("set/stride"))
        var w = b
        w[1] = w[0].T.T * 2
        expectArray(w, fx("set/from_view"))
        expectArray(b, fx("in/base"))
        // The value may be a view of the array being written.
        var y = b
        y[1] = y[0]
        #expect(y[1] == b[0] && y[0] == b[0])
        var z = b
        z[.all, .all, stride(from: 3, to: -1, by: -1)] = z
        expectArray(z, fx("view/idx_stride_neg_to0"))
        // A view taken before the write keeps the old values: views are values here.
        var x = b
        let row = x[0]
        x[0] = NDArray.zeros([3, 4])
        expectArray(row, fx("view/idx_int") - 12)
        #expect(x[0].sum().item() == 0)
        // Writing into a broadcast view copies instead of aliasing.
        var bc = NDArray([1, 2] as [Float]).broadcast(to: [3, 2])
        bc[0, 0] = NDArray(scalar: 9)
        #expect(bc.asArray(Float.self) == [9, 2, 1, 2, 1, 2])
    }

    @Test func copiesAndConversions() {
        let b = self.b
        let c = b.copy()
        #expect(c.storage !== b.storage && c == b)
        let fl = b.T.flattened()
        #expect(fl.shape == [24] && fl.isContiguous)
        expectArray(fl, fx("view/T").reshaped([24]))
        #expect(b.astype(.float32).storage !== b.storage)
        #expect(b.T.asArray(Float.self) == fx("view/T").asArray(Float.self))
        #expect(b.asArray(Int32.self) == (0..<24).map(Int32.init))
        #expect(b[1, 2, 3].item() == 23)
        #expect(b[1, 2, 3].item(as: Float.self) == 23)
        #expect(b.scalars.count == 24)
    }

    @Test func reshapeInference() {
        let a = NDArray.arange(12)
        #expect(a.reshaped([3, -1]).shape == [3, 4])
        #expect(a.reshaped(-1, 2, 2).shape == [3, 2, 2])
        #expect(a[0].reshaped([]).shape == [])
        #expect(a[3].reshaped([1, 1]).asArray(Int64.self) == [3])
        #expect(NDArray.zeros([0, 4]).reshaped([2, 0, 3]).shape == [2, 0, 3])
        #expect(a.T.shape == [12])
    }
}
