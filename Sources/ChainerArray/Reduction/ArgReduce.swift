extension NDArray {
    /// Index of the largest element of the flattened array (the first NaN, if any, as in NumPy).
    public func argmax() -> NDArray { flattened().argReduce(axis: 0, largest: true, keepDims: false) }
    /// Indices of the largest elements along `axis` (int64).
    public func argmax(axis: Int, keepDims: Bool = false) -> NDArray { argReduce(axis: axis, largest: true, keepDims: keepDims) }
    /// Index of the smallest element of the flattened array.
    public func argmin() -> NDArray { flattened().argReduce(axis: 0, largest: false, keepDims: false) }
    /// Indices of the smallest elements along `axis` (int64).
    public func argmin(axis: Int, keepDims: Bool = false) -> NDArray { argReduce(axis: axis, largest: false, keepDims: keepDims) }

    private func argReduce(axis: Int, largest: Bool, keepDims: Bool) -> NDArray {
        let name = largest ? "argmax" : "argmin"
        let ax = Layout.axis(axis, ndim: ndim, op: name)
        precondition(shape[ax] > 0, "\(name): attempt to get \(name) of an empty sequence (shape \(shape), axis \(axis))")
        let x = cast(dtype.computeType == .int64 ? .int64 : (dtype == .float64 ? .float64 : .float32))
        let view = ReductionView(x, axes: [ax])
        let out = NDArray(uninitializedShape: keepDims ? view.keptDimsShape : view.keptShape, dtype: .int64)
        x.dtype.dispatch(ArgVisitor(view: view, largest: largest, out: out.pointer(Int64.self)))
        return out
    }
}

private struct ArgVisitor: DTypeVisitor {
    let view: ReductionView, largest: Bool, out: UnsafeMutablePointer<Int64>
    func visit<T: NDArrayElement>(_: T.Type) {
        switch T.self {
        case is Float.Type: run(Float.self)
        case is Double.Type: run(Double.self)
        default: run(Int64.self)
        }
    }
    private func run<T: Comparable>(_: T.Type) {
        let v = view
        let x = v.array.pointer(T.self)
        let largest = self.largest, out = self.out
        Parallel.forEach(v.A, costPerItem: v.R * v.B) { range in
            for a in range {
                for b in 0..<v.B {
                    let base = x + a * v.sa + b * v.sb
                    var best = base[0], bestIndex = 0
                    if best != best { out[a * v.B + b] = 0; continue }
                    var r = 1
                    while r < v.R {
                        let e = base[r * v.sr]
                        if e != e { bestIndex = r; break }
                        if largest ? e > best : e < best { best = e; bestIndex = r }
                        r += 1
                    }
                    out[a * v.B + b] = Int64(bestIndex)
                }
            }
        }
    }
}
