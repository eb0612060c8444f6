/// Row lookups for word embeddings: rows of a (V, D) table picked by integer ids, and the transposed scatter-add.
extension NDArray {
    /// `W[ids]` with shape ids.shape + [D]; ids equal to `ignoreLabel` give zero rows. Ids must lie in [0, V).
    public static func embedRows(_ W: NDArray, ids: NDArray, ignoreLabel: Int? = nil) -> NDArray {
        precondition(W.ndim == 2 && W.dtype.isFloatingPoint && !ids.dtype.isFloatingPoint && ids.dtype != .bool,
                     "embedID: expects a 2-D float W and integer ids, got W of shape \(W.shape) (\(W.dtype)) and ids of shape \(ids.shape) (\(ids.dtype))")
        let ct = windowComputeType(W.dtype), wc = contiguousCast(W, ct), rows = checkedIds("embedID", ids, W.shape[0], ignoreLabel)
        let d = W.shape[1]
        let y = NDArray.zeros(ids.shape + [d], dtype: ct)
        func run<T: WindowScalar>(_: T.Type) {
            let wp = wc.pointer(T.self), yp = y.pointer(T.self)
            for (i, r) in rows.enumerated() where r >= 0 { (yp + i * d).update(from: wp + r * d, count: d) }
        }
        if ct == .float64 { run(Double.self) } else { run(Float.self) }
        return y.cast(W.dtype)
    }

    /// The gradient of `embedRows` for W: a (vocab, D) array with each gy row added at its id (ignored ids skipped).
    public static func embedRowsGrad(_ gy: NDArray, ids: NDArray, vocab: Int, ignoreLabel: Int? = nil) -> NDArray {
        precondition(gy.dtype.isFloatingPoint && gy.ndim == ids.ndim + 1 && Array(gy.shape.dropLast()) == ids.shape,
                     "embedID: gradient of shape \(gy.shape) (\(gy.dtype)) does not match ids of shape \(ids.shape) (\(ids.dtype))")
        let ct = windowComputeType(gy.dtype), gc = contiguousCast(gy, ct), rows = checkedIds("embedID", ids, vocab, ignoreLabel)
        var gW = NDArray.zeros([vocab, gy.shape[gy.ndim - 1]], dtype: ct)
        scatterRows(gc, rows, into: gW.uniqueMutableRawPointer())
        return gW.cast(gy.dtype)
    }

    /// Adds `embedRowsGrad(gy, ids:, vocab:)` into `accumulated` in place (no zeroed table per call). Returns false,
    /// leaving it untouched, unless `accumulated` is a float32/float64 (vocab, D) array of gy's dtype.
    public static func embedRowsGrad(_ gy: NDArray, ids: NDArray, ignoreLabel: Int? = nil,
                                     addingInto accumulated: inout NDArray) -> Bool {
        let dt = accumulated.dtype
        guard dt == .float32 || dt == .float64, gy.dtype == dt, accumulated.ndim == 2, gy.ndim == ids.ndim + 1,
              Array(gy.shape.dropLast()) == ids.shape, gy.shape[gy.ndim - 1] == accumulated.shape[1] else { return false }
        let rows = checkedIds("embedID", ids, accumulated.shape[0], ignoreLabel)
        scatterRows(gy.contiguous(), rows, into: accumulated.uniqueMutableRawPointer())
        return true
    }

    /// `table[rows[i]] += g[i]` for every row of contiguous float32/float64 `g` (rows of -1 skipped).
    private static func scatterRows(_ g: NDArray, _ rows: [Int], into table: UnsafeMutableRawPointer) {
        let d = g.shape[g.ndim - 1]
        func run<T: WindowScalar>(_: T.Type) {
            let gp = g.pointer(T.self), wp = table.assumingMemoryBound(to: T.self)
            for (i, r) in rows.enumerated() where r >= 0 {
                let src = gp + i * d, dst = wp + r * d
                for k in 0..<d { dst[k] += src[k] }
            }
        }
        if g.dtype == .float64 { run(Double.self) } else { run(Float.self) }
    }
}

/// The row of every id (-1 for ignored ones), checking the range.
private func checkedIds(_ name: String, _ ids: NDArray, _ vocab: Int, _ ignoreLabel: Int?) -> [Int] {
    ids.cast(.int64).scalars.map { v in
        let id = Int(v)
        if let ignoreLabel, id == ignoreLabel { return -1 }
        precondition(id >= 0 && id < vocab, "\(name): id \(id) is out of range for a table of \(vocab) rows (ids of shape \(ids.shape), \(ids.dtype))")
        return id
    }
}
