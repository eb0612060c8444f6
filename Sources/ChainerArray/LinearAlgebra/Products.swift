extension NDArray {
    /// NumPy's `dot`: the inner product of 1-D arrays, the matrix product of 2-D ones, a product with a 0-d
    /// operand, and for N-D operands the sum over the last axis of `self` and the second-to-last of `other`.
    public func dot(_ other: NDArray) -> NDArray {
        if ndim == 0 || other.ndim == 0 { return self * other }
        if other.ndim <= 2 { return matmul(other) }
        return tensordot(other, axes: ([ndim - 1], [other.ndim - 2]))
    }

    /// NumPy's `inner`: the sum over the last axes of both operands (a product when either is 0-d).
    public func inner(_ other: NDArray) -> NDArray {
        if ndim == 0 || other.ndim == 0 { return self * other }
        return tensordot(other, axes: ([ndim - 1], [other.ndim - 1]))
    }

    /// NumPy's `outer`: both operands flattened, every product `self[i] * other[j]` (shape [size, other.size]).
    public func outer(_ other: NDArray) -> NDArray {
        reshaped([size, 1]) * other.reshaped([1, other.size])
    }

    /// NumPy's `tensordot` with an integer: sums over the last `axes` axes of `self` and the first `axes` of `other`.
    public func tensordot(_ other: NDArray, axes: Int) -> NDArray {
        precondition(axes >= 0 && axes <= ndim && axes <= other.ndim,
                     "tensordot: axes \(axes) out of range for shapes \(shape) and \(other.shape)")
        return tensordot(other, axes: (Array((ndim - axes)..<ndim), Array(0..<axes)))
    }

    /// NumPy's `tensordot` with axis lists: sums the products over `axes.0` of `self` paired with `axes.1` of
    /// `other`; the result has the remaining axes of `self`, then those of `other`.
    public func tensordot(_ other: NDArray, axes: ([Int], [Int])) -> NDArray {
        precondition(axes.0.count == axes.1.count,
                     "tensordot: \(axes.0.count) axes of shape \(shape) paired with \(axes.1.count) axes of shape \(other.shape)")
        let ca = axes.0.map { Layout.axis($0, ndim: ndim, op: "tensordot") }
        let cb = axes.1.map { Layout.axis($0, ndim: other.ndim, op: "tensordot") }
        precondition(Set(ca).count == ca.count && Set(cb).count == cb.count, "tensordot: repeated axis in \(axes)")
        for (x, y) in zip(ca, cb) {
            precondition(shape[x] == other.shape[y],
                         "tensordot: shape mismatch for sum: axis \(x) of shape \(shape) (\(shape[x])) vs axis \(y) of shape \(other.shape) (\(other.shape[y]))")
        }
        let freeA = (0..<ndim).filter { !ca.contains($0) }, freeB = (0..<other.ndim).filter { !cb.contains($0) }
        let m = Layout.count(freeA.map { shape[$0] }), n = Layout.count(freeB.map { other.shape[$0] })
        let k = Layout.count(ca.map { shape[$0] })
        let a2 = transposed(freeA + ca).mergingAxes([freeA.count, ca.count])
        let b2 = other.transposed(cb + freeB).mergingAxes([cb.count, freeB.count])
        precondition(a2.shape == [m, k] && b2.shape == [k, n])
        return a2.matmul(b2).reshaped(freeA.map { shape[$0] } + freeB.map { other.shape[$0] })
    }
}
