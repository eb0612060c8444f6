extension NDArray {
    /// The array repeated `reps[d]` times along each axis; the shorter of `reps` and the shape is padded with
    /// leading ones (NumPy's `tile`).
    public func tile(_ reps: [Int]) -> NDArray {
        precondition(reps.allSatisfy { $0 >= 0 }, "tile: repetitions must be non-negative, got \(reps)")
        let nd = Swift.max(ndim, reps.count)
        let s = Array(repeating: 1, count: nd - ndim) + shape
        let r = Array(repeating: 1, count: nd - reps.count) + reps
        let base = reshapedView(s)
        // View as [1, s0, 1, s1, …] broadcast to [r0, s0, r1, s1, …]: one strided copy does all the repetition.
        var bShape: [Int] = [], bStrides: [Int] = []
        for d in 0..<nd {
            bShape += [r[d], s[d]]
            bStrides += [0, base.strides[d]]
        }
        let b = NDArray(storage: base.storage, shape: bShape, strides: bStrides, offset: base.offset, dtype: dtype)
        return b.copy().reshaped(zip(s, r).map { $0 * $1 })
    }

    /// Each element repeated `repeats` times along `axis`, or over the flattened array when `axis` is nil
    /// (NumPy's `repeat`).
    public func `repeat`(_ repeats: Int, axis: Int?) -> NDArray {
        precondition(repeats >= 0, "repeat: repeats must be non-negative, got \(repeats)")
        guard let axis else { return flattened().repeat(repeats, axis: 0) }
        let ax = Layout.axis(axis, ndim: ndim, op: "repeat")
        var bShape = shape, bStrides = strides
        bShape.insert(repeats, at: ax + 1)
        bStrides.insert(0, at: ax + 1)
        let b = NDArray(storage: storage, shape: bShape, strides: bStrides, offset: offset, dtype: dtype)
        var outShape = shape
        outShape[ax] *= repeats
        return b.copy().reshaped(outShape)
    }

    /// Element `i` along `axis` repeated `repeats[i]` times (NumPy's `repeat` with a list).
    public func `repeat`(_ repeats: [Int], axis: Int) -> NDArray {
        let ax = Layout.axis(axis, ndim: ndim, op: "repeat")
        precondition(repeats.count == shape[ax] || repeats.count == 1,
                     "repeat: \(repeats.count) repeats for axis \(ax) of length \(shape[ax]) (shape \(shape))")
        precondition(repeats.allSatisfy { $0 >= 0 }, "repeat: repeats must be non-negative, got \(repeats)")
        if repeats.count == 1 { return self.repeat(repeats[0], axis: ax) }
        var idx: [Int] = []
        idx.reserveCapacity(repeats.reduce(0, +))
        for (i, r) in repeats.enumerated() { idx += repeatElement(i, count: r) }
        return take(NDArray(idx), axis: ax)
    }

    /// A view with the order of elements reversed along `axis`, or along every axis when nil (NumPy's `flip`).
    public func flip(axis: Int?) -> NDArray {
        guard let axis else { return flip(axes: Array(0..<ndim)) }
        return flip(axes: [axis])
    }

    /// A view with the order of elements reversed along each of `axes` (negative strides, no copy).
    public func flip(axes: [Int]) -> NDArray {
        var st = strides, off = offset
        for ax in Layout.axes(axes, ndim: ndim, op: "flip") where shape[ax] > 0 {
            off += (shape[ax] - 1) * st[ax]
            st[ax] = -st[ax]
        }
        return NDArray(storage: storage, shape: shape, strides: st, offset: off, dtype: dtype)
    }

    /// Elements shifted by `shift` positions along `axis`, wrapping around; over the flattened array when `axis`
    /// is nil (NumPy's `roll`).
    public func roll(_ shift: Int, axis: Int?) -> NDArray {
        guard let axis else { return flattened().roll(shift, axis: 0).reshaped(shape) }
        let ax = Layout.axis(axis, ndim: ndim, op: "roll")
        let n = shape[ax]
        if n == 0 { return copy() }
        let k = ((shift % n) + n) % n
        if k == 0 { return copy() }
        let parts = split(indices: [n - k], axis: ax)
        return NDArray.concatenate([parts[1], parts[0]], axis: ax)
    }
}
