extension NDArray {
    /// A copy with `values` added at `indices` along `axis`, accumulating over repeated indices (NumPy's
    /// `np.add.at(a, (slice(None),) * axis + (indices,), values)`); `values` broadcasts to
    /// `shape[..<axis] + indices.shape + shape[(axis+1)...]`.
    public func scatterAdd(_ indices: NDArray, _ values: NDArray, axis: Int = 0) -> NDArray {
        var out = copy()
        out.scatterAddInPlace(indices, values, axis: axis)
        return out
    }

    /// Adds `values` at `indices` along `axis` in place, accumulating over repeated indices (see `scatterAdd`).
    public mutating func scatterAddInPlace(_ indices: NDArray, _ values: NDArray, axis: Int = 0) {
        let ax = Layout.axis(axis, ndim: ndim, op: "scatterAdd")
        let n = shape[ax]
        let idx = NDArray.resolveIndices(indices, length: n, op: "scatterAdd", axis: ax, shape: shape)
        let full = Array(shape[..<ax]) + indices.shape + Array(shape[(ax + 1)...])
        precondition(Layout.broadcastShape([values.shape, full]) == full,
                     "scatterAdd: values of shape \(values.shape) (\(values.dtype)) cannot broadcast to \(full) (array \(shape) \(dtype), indices \(indices.shape))")
        if !isContiguous { self = copy() }
        makeUniqueForWriting()
        let v = values.cast(dtype).broadcast(to: full).contiguous()
        let A = Layout.count(Array(shape[..<ax])), B = Layout.count(Array(shape[(ax + 1)...]))
        dtype.dispatchIndexing(ScatterAddKernel(dst: basePointer, src: v.basePointer, idx: idx, A: A, N: n, B: B))
    }
}

private struct ScatterAddKernel: IndexingVisitor {
    let dst: UnsafeMutableRawPointer, src: UnsafeMutableRawPointer, idx: [Int], A: Int, N: Int, B: Int
    func visit<T: IndexingScalar>(_: T.Type) {
        let d = dst.assumingMemoryBound(to: T.self), s = src.assumingMemoryBound(to: T.self)
        let K = idx.count
        // Parallel over the outer axis only: each outer slice owns its destination rows, so duplicates stay serial.
        idx.withUnsafeBufferPointer { ip in
            Parallel.forEach(A, costPerItem: K * B) { range in
                for a in range {
                    for k in 0..<K {
                        let dp = d + (a * N + ip[k]) * B, sp = s + (a * K + k) * B
                        for b in 0..<B { dp[b] = T.accumulate(dp[b], sp[b]) }
                    }
                }
            }
        }
    }
}
