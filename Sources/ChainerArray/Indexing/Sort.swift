extension NDArray {
    /// A sorted copy along `axis` (NaN last, as in NumPy's `sort`).
    public func sort(axis: Int = -1) -> NDArray {
        if ndim == 0 { return copy() }
        return sortAlongAxis(axis, op: "sort", indices: false)
    }

    /// The int64 indices that sort the array along `axis`, stable for equal elements (NumPy's
    /// `argsort(kind="stable")`).
    public func argsort(axis: Int = -1) -> NDArray {
        if ndim == 0 { return NDArray.zeros([], dtype: .int64) }
        return sortAlongAxis(axis, op: "argsort", indices: true)
    }

    /// Moves `axis` last, sorts each contiguous row, and moves it back.
    private func sortAlongAxis(_ axis: Int, op: String, indices: Bool) -> NDArray {
        let ax = Layout.axis(axis, ndim: ndim, op: op)
        let rows = moveaxis(ax, -1).copy()
        let n = shape[ax]
        var out = indices ? NDArray(uninitializedShape: rows.shape, dtype: .int64) : rows
        if n > 0 && rows.size > 0 {
            dtype.dispatchIndexing(SortRows(data: rows.basePointer, out: out.basePointer, rows: rows.size / n, n: n, indices: indices))
        }
        out = out.moveaxis(-1, ax)
        return out
    }
}

private struct SortRows: IndexingVisitor {
    let data: UnsafeMutableRawPointer, out: UnsafeMutableRawPointer, rows: Int, n: Int, indices: Bool
    func visit<T: IndexingScalar>(_: T.Type) {
        let x = data.assumingMemoryBound(to: T.self)
        let idxOut = out.assumingMemoryBound(to: Int64.self)
        Parallel.forEach(rows, costPerItem: n * 16) { range in
            var perm = [Int](repeating: 0, count: n)
            for r in range {
                let row = x + r * n
                if !indices {
                    var buf = UnsafeMutableBufferPointer(start: row, count: n)
                    buf.sort(by: T.ordered)
                    continue
                }
                for i in 0..<n { perm[i] = i }
                // Ties broken by position make the order stable whatever algorithm `sort` uses.
                perm.sort { a, b in T.ordered(row[a], row[b]) || (!T.ordered(row[b], row[a]) && a < b) }
                let o = idxOut + r * n
                for i in 0..<n { o[i] = Int64(perm[i]) }
            }
        }
    }
}
