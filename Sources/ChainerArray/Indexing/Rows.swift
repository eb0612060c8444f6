import Foundation

/// Row-level gather and scatter: a "row" is the block of trailing axes below the first `lead` axes. Rows are copied
/// as one memcpy when they are contiguous in memory, else through the strided copy kernel.
extension NDArray {
    /// Element offsets (from `storage` start) of the rows selected by flat positions over the first `lead` axes.
    func rowOffsets(lead: Int, _ flat: [Int]) -> [Int] {
        let dims = Array(shape[..<lead]), st = Array(strides[..<lead])
        if lead == 1 { return flat.map { offset + $0 * st[0] } }
        return flat.map { f in
            var r = f, o = offset
            for d in stride(from: lead - 1, through: 0, by: -1) {
                o += (r % dims[d]) * st[d]
                r /= dims[d]
            }
            return o
        }
    }

    /// A new contiguous array of shape `outShape` whose rows are the rows at `flat` over the first `lead` axes.
    func gatherRows(lead: Int, _ flat: [Int], outShape: [Int]) -> NDArray {
        let rowShape = Array(shape[lead...]), rowStrides = Array(strides[lead...])
        let out = NDArray(uninitializedShape: outShape, dtype: dtype)
        let rowCount = Layout.count(rowShape)
        precondition(out.size == flat.count * rowCount)
        if out.size == 0 { return out }
        let offsets = rowOffsets(lead: lead, flat)
        let item = dtype.itemSize, rowBytes = rowCount * item
        let src = storage.data, dst = out.basePointer
        if Layout.isContiguous(rowShape, rowStrides) {
            Parallel.forEach(offsets.count, costPerItem: rowCount) { r in
                for k in r { memcpy(dst + k * rowBytes, src + offsets[k] * item, rowBytes) }
            }
        } else {
            let storage = self.storage, dtype = self.dtype
            for (k, o) in offsets.enumerated() {
                let s = NDArray(storage: storage, shape: rowShape, strides: rowStrides, offset: o, dtype: dtype)
                var d = NDArray(storage: out.storage, shape: rowShape, offset: k * rowCount, dtype: dtype)
                copyElementsNoCoW(from: s, into: &d)
            }
        }
        return out
    }

    /// Writes the rows of `values` (already of this dtype, shape `[flat.count] + rowShape`, any layout) into the
    /// rows at `flat`; later rows win on repeated positions, as in NumPy.
    mutating func scatterRows(lead: Int, _ flat: [Int], _ values: NDArray) {
        makeUniqueForWriting()
        let rowShape = Array(shape[lead...]), rowStrides = Array(strides[lead...])
        let rowCount = Layout.count(rowShape)
        if flat.isEmpty || rowCount == 0 { return }
        var v = values
        if v.storage === storage { v = v.copy() }
        let offsets = rowOffsets(lead: lead, flat)
        let item = dtype.itemSize, rowBytes = rowCount * item
        if v.isContiguous && Layout.isContiguous(rowShape, rowStrides) {
            let src = v.basePointer, dst = storage.data
            for (k, o) in offsets.enumerated() { memcpy(dst + o * item, src + k * rowBytes, rowBytes) }
            return
        }
        let vRowStrides = Array(v.strides.dropFirst())
        for (k, o) in offsets.enumerated() {
            let s = NDArray(storage: v.storage, shape: rowShape, strides: vRowStrides, offset: v.offset + k * v.strides[0], dtype: dtype)
            var d = NDArray(storage: storage, shape: rowShape, strides: rowStrides, offset: o, dtype: dtype)
            copyElementsNoCoW(from: s, into: &d)
        }
    }

    /// Integer indices as resolved non-negative positions below `n` (negative ones wrap), stopping on any outside.
    static func resolveIndices(_ indices: NDArray, length n: Int, op: String, axis: Int, shape: [Int]) -> [Int] {
        precondition(indices.dtype.isInteger || (indices.dtype == .bool && indices.size == 0),
                     "\(op): indices must be integers, got \(indices.dtype) (shape \(indices.shape))")
        return indices.asArray(Int64.self).map { i in
            let j = i < 0 ? Int(i) + n : Int(i)
            precondition(j >= 0 && j < n, "\(op): index \(i) is out of bounds for axis \(axis) with size \(n) (shape \(shape))")
            return j
        }
    }
}
