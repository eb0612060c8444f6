import Foundation

extension NDArray {
    /// Elements at integer `indices` along `axis` (negative indices count from the end); the result's shape puts
    /// `indices.shape` in place of that axis (NumPy's `take`).
    public func take(_ indices: NDArray, axis: Int) -> NDArray {
        precondition(indices.dtype.isInteger || indices.dtype == .bool && indices.size == 0,
                     "take: indices must be integers, got \(indices.dtype) (shape \(indices.shape))")
        let ax = Layout.axis(axis, ndim: ndim, op: "take")
        let idx = indices.asArray(Int64.self)
        let n = shape[ax]
        let x = contiguous()
        let A = shape[..<ax].reduce(1, *), B = shape[(ax + 1)...].reduce(1, *)
        let outShape = Array(shape[..<ax]) + indices.shape + Array(shape[(ax + 1)...])
        let out = NDArray(uninitializedShape: outShape, dtype: dtype)
        let item = dtype.itemSize, rowBytes = B * item
        var resolved = [Int](repeating: 0, count: idx.count)
        for (k, i) in idx.enumerated() {
            let j = i < 0 ? Int(i) + n : Int(i)
            precondition(j >= 0 && j < n, "take: index \(i) is out of bounds for axis \(ax) with size \(n) (shape \(shape))")
            resolved[k] = j
        }
        let src = x.basePointer, dst = out.basePointer
        Parallel.forEach(A, costPerItem: resolved.count * B) { range in
            for a in range {
                for (k, j) in resolved.enumerated() {
                    memcpy(dst + (a * resolved.count + k) * rowBytes, src + (a * n + j) * rowBytes, rowBytes)
                }
            }
        }
        return out
    }
}
