extension NDArray {
    /// Advanced indexing with an array: an integer array selects rows along axis 0 (any index shape, negative
    /// indices wrap, NumPy's `a[idx]`); a bool mask with the shape of the leading axes selects the rows where it is
    /// true, giving `[count] + trailing shape` (`a[mask]`). Setting broadcasts `newValue` over the selection;
    /// repeated integer indices keep the last write.
    public subscript(_ index: NDArray) -> NDArray {
        get {
            let (lead, flat, selShape) = advancedSelection(index, op: "subscript")
            return gatherRows(lead: lead, flat, outShape: selShape + Array(shape[lead...]))
        }
        set {
            let (lead, flat, selShape) = advancedSelection(index, op: "subscript set")
            let target = [flat.count] + Array(shape[lead...])
            let full = selShape + Array(shape[lead...])
            precondition(Layout.broadcastShape([newValue.shape, full]) == full,
                         "subscript set: value of shape \(newValue.shape) (\(newValue.dtype)) cannot broadcast to the selection's shape \(full)")
            let values = newValue.cast(dtype).broadcast(to: full).reshapedView(target)
            scatterRows(lead: lead, flat, values)
        }
    }

    /// The leading axes an index array consumes, the flat row positions it selects and the shape of the selection.
    private func advancedSelection(_ index: NDArray, op: String) -> (lead: Int, flat: [Int], shape: [Int]) {
        if index.dtype == .bool {
            precondition(index.ndim <= ndim && Array(shape[..<index.ndim]) == index.shape,
                         "\(op): boolean index of shape \(index.shape) does not match the array's shape \(shape)")
            let flat = index.flatTrueIndices()
            return (index.ndim, flat, [flat.count])
        }
        precondition(index.dtype.isInteger, "\(op): index arrays must be integer or bool, got \(index.dtype) (shape \(index.shape))")
        precondition(ndim >= 1, "\(op): cannot index a 0-d array with an integer array (index shape \(index.shape))")
        let flat = NDArray.resolveIndices(index, length: shape[0], op: op, axis: 0, shape: shape)
        return (1, flat, index.shape)
    }

    /// A reshape that keeps broadcast (zero) strides when only the leading axes merge; copies otherwise.
    func reshapedView(_ newShape: [Int]) -> NDArray {
        if newShape == shape { return self }
        let trailing = newShape.count - 1
        if trailing <= ndim, Array(shape.suffix(trailing)) == Array(newShape.dropFirst()) {
            let lead = ndim - trailing
            let leadStrides = Array(strides[..<lead]), leadShape = Array(shape[..<lead])
            // Leading axes merge into one when they are all broadcast or form one evenly strided run.
            if leadStrides.allSatisfy({ $0 == 0 }) {
                return NDArray(storage: storage, shape: newShape, strides: [0] + Array(strides.suffix(trailing)), offset: offset, dtype: dtype)
            }
            let (cs, cst) = Layout.coalesce(leadShape, [leadStrides])
            if cs.count == 1 {
                return NDArray(storage: storage, shape: newShape, strides: [cst[0][0]] + Array(strides.suffix(trailing)), offset: offset, dtype: dtype)
            }
        }
        return copy().reshaped(newShape)
    }

    /// Flat positions of the true elements in row-major order.
    func flatTrueIndices() -> [Int] {
        let b = cast(.bool).contiguous()
        let p = b.pointer(UInt8.self)
        var out: [Int] = []
        out.reserveCapacity(b.size)
        for i in 0..<b.size where p[i] != 0 { out.append(i) }
        return out
    }

    /// The indices of the nonzero elements, one int64 array per axis (NumPy's `nonzero`).
    public func nonzero() -> [NDArray] {
        argwhere().T.copy().unstackRows()
    }

    /// The indices of the nonzero elements as an `[count, ndim]` int64 array (NumPy's `argwhere`).
    public func argwhere() -> NDArray {
        let flat = flatTrueIndices()
        var out = NDArray(uninitializedShape: [flat.count, ndim], dtype: .int64)
        out.makeUniqueForWriting()
        let p = out.pointer(Int64.self), dims = shape
        for (k, f) in flat.enumerated() {
            var r = f
            for d in stride(from: dims.count - 1, through: 0, by: -1) {
                p[k * dims.count + d] = Int64(r % dims[d])
                r /= dims[d]
            }
        }
        return out
    }

    /// The rows of a 2-D array as separate 1-D views.
    private func unstackRows() -> [NDArray] {
        (0..<shape[0]).map { self[$0] }
    }
}
