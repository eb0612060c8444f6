extension NDArray {
    /// The same elements with a new shape; one entry may be -1 (inferred). A view when the array is contiguous.
    public func reshaped(_ newShape: [Int]) -> NDArray {
        var shape = newShape
        let unknown = shape.indices.filter { shape[$0] == -1 }
        precondition(unknown.count <= 1 && shape.allSatisfy { $0 >= -1 },
                     "reshape: invalid shape \(newShape) (at most one -1, no other negatives)")
        if let u = unknown.first {
            let known = shape.enumerated().filter { $0.offset != u }.map(\.element).reduce(1, *)
            precondition(known != 0 && size % known == 0, "reshape: cannot reshape array of size \(size) into shape \(newShape)")
            shape[u] = size / known
        }
        precondition(Layout.count(shape) == size, "reshape: cannot reshape array of size \(size) (shape \(self.shape)) into shape \(newShape)")
        let base = isContiguous ? self : copy()
        return NDArray(storage: base.storage, shape: shape, offset: base.offset, dtype: dtype)
    }

    /// Shorthand for `reshaped([d0, d1, …])`.
    public func reshaped(_ dims: Int...) -> NDArray { reshaped(dims) }

    /// A view with the axes permuted (reversed when `axes` is nil).
    public func transposed(_ axes: [Int]? = nil) -> NDArray {
        let perm = axes.map { $0.map { Layout.axis($0, ndim: ndim, op: "transpose") } } ?? Array((0..<ndim).reversed())
        precondition(perm.count == ndim && Set(perm).count == ndim,
                     "transpose: axes \(axes ?? []) are not a permutation of \(ndim) axes (shape \(shape))")
        return NDArray(storage: storage, shape: perm.map { shape[$0] }, strides: perm.map { strides[$0] }, offset: offset, dtype: dtype)
    }

    /// The transpose (reversed axes).
    public var T: NDArray { transposed() }

    /// A view with two axes exchanged.
    public func swapaxes(_ a: Int, _ b: Int) -> NDArray {
        var perm = Array(0..<ndim)
        perm.swapAt(Layout.axis(a, ndim: ndim, op: "swapaxes"), Layout.axis(b, ndim: ndim, op: "swapaxes"))
        return transposed(perm)
    }

    /// A view with axis `source` moved to position `destination`.
    public func moveaxis(_ source: Int, _ destination: Int) -> NDArray {
        let s = Layout.axis(source, ndim: ndim, op: "moveaxis"), d = Layout.axis(destination, ndim: ndim, op: "moveaxis")
        var perm = Array(0..<ndim)
        perm.remove(at: s)
        perm.insert(s, at: d)
        return transposed(perm)
    }

    /// A view with a new axis of length 1 at `axis`.
    public func expandDims(_ axis: Int) -> NDArray {
        let a = Layout.axis(axis, ndim: ndim + 1, op: "expandDims")
        var shape = self.shape, strides = self.strides
        shape.insert(1, at: a)
        strides.insert(a < ndim ? strides[a] * self.shape[a] : 1, at: a)
        return NDArray(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype)
    }

    /// A view without the given axes of length 1 (all of them when `axes` is nil).
    public func squeeze(_ axes: [Int]? = nil) -> NDArray {
        let drop: Set<Int>
        if let axes {
            drop = Set(axes.map { Layout.axis($0, ndim: ndim, op: "squeeze") })
            for a in drop { precondition(shape[a] == 1, "squeeze: cannot select axis \(a) of length \(shape[a]) (shape \(shape))") }
        } else {
            drop = Set(shape.indices.filter { shape[$0] == 1 })
        }
        let keep = shape.indices.filter { !drop.contains($0) }
        return NDArray(storage: storage, shape: keep.map { shape[$0] }, strides: keep.map { strides[$0] }, offset: offset, dtype: dtype)
    }

    /// Removes one axis of length 1.
    public func squeeze(axis: Int) -> NDArray { squeeze([axis]) }

    /// A read-only-by-convention view that repeats elements to `shape` (NumPy's broadcasting rules).
    public func broadcast(to target: [Int]) -> NDArray {
        guard let b = Layout.broadcastShape([shape, target]), b == target else {
            preconditionFailure("broadcast(to:): shape \(shape) cannot broadcast to \(target)")
        }
        return NDArray(storage: storage, shape: target, strides: Layout.broadcastStrides(shape, strides, to: target), offset: offset, dtype: dtype)
    }

    /// Broadcasts several arrays against each other.
    public static func broadcastArrays(_ arrays: [NDArray]) -> [NDArray] {
        guard let target = Layout.broadcastShape(arrays.map(\.shape)) else {
            preconditionFailure("broadcastArrays: shapes \(arrays.map(\.shape)) do not broadcast")
        }
        return arrays.map { $0.broadcast(to: target) }
    }

    /// A view with the elements of a 1-D or contiguous array reinterpreted as another dtype of the same size.
    func reinterpreted(as dtype: DType) -> NDArray {
        precondition(dtype.itemSize == self.dtype.itemSize)
        return NDArray(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype)
    }
}
