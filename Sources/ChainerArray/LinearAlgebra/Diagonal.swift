extension NDArray {
    /// The diagonal `offset` above (below, when negative) the main one of the planes spanned by `axis1` and `axis2`:
    /// a strided view whose last axis runs along the diagonal (NumPy's `diagonal`).
    public func diagonal(offset: Int = 0, axis1: Int = 0, axis2: Int = 1) -> NDArray {
        let a1 = Layout.axis(axis1, ndim: ndim, op: "diagonal"), a2 = Layout.axis(axis2, ndim: ndim, op: "diagonal")
        precondition(a1 != a2, "diagonal: axis1 and axis2 cannot be the same (\(axis1), shape \(shape))")
        let (d1, d2) = (shape[a1], shape[a2])
        let length = Swift.max(0, Swift.min(d1 - Swift.max(0, -offset), d2 - Swift.max(0, offset)))
        let start = length == 0 ? 0 : (offset >= 0 ? offset * strides[a2] : -offset * strides[a1])
        let keep = (0..<ndim).filter { $0 != a1 && $0 != a2 }
        return NDArray(storage: storage, shape: keep.map { shape[$0] } + [length],
                       strides: keep.map { strides[$0] } + [strides[a1] + strides[a2]], offset: self.offset + start, dtype: dtype)
    }

    /// The sum along a diagonal (see `diagonal`); integers sum in int64, as NumPy's `trace`.
    public func trace(offset: Int = 0, axis1: Int = 0, axis2: Int = 1) -> NDArray {
        diagonal(offset: offset, axis1: axis1, axis2: axis2).sum(axis: -1)
    }
}
