import Foundation

extension NDArray {
    /// Elements at integer `indices` along `axis` (negative indices count from the end); the result's shape puts
    /// `indices.shape` in place of that axis (NumPy's `take`).
    public func take(_ indices: NDArray, axis: Int) -> NDArray {
        let ax = Layout.axis(axis, ndim: ndim, op: "take")
        let n = shape[ax]
        let resolved = NDArray.resolveIndices(indices, length: n, op: "take", axis: ax, shape: shape)
        let outShape = Array(shape[..<ax]) + indices.shape + Array(shape[(ax + 1)...])
        // Along the first axis rows are gathered straight from the view's strides, without a contiguous copy.
        if ax == 0 { return gatherRows(lead: 1, resolved, outShape: outShape) }
        let x = contiguous()
        let A = shape[..<ax].reduce(1, *), B = shape[(ax + 1)...].reduce(1, *)
        let out = NDArray(uninitializedShape: outShape, dtype: dtype)
        if out.size == 0 { return out }
        let rowBytes = B * dtype.itemSize, K = resolved.count
        let src = x.basePointer, dst = out.basePointer
        resolved.withUnsafeBufferPointer { idx in
            Parallel.forEach(A, costPerItem: K * B) { range in
                for a in range {
                    for k in 0..<K { memcpy(dst + (a * K + k) * rowBytes, src + (a * n + idx[k]) * rowBytes, rowBytes) }
                }
            }
        }
        return out
    }
}
