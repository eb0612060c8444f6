extension NDArray {
    /// Running sum along `axis` (of the flattened array when nil); integers accumulate in int64.
    public func cumsum(axis: Int? = nil) -> NDArray { scan(axis: axis, product: false) }
    /// Running product along `axis` (of the flattened array when nil).
    public func cumprod(axis: Int? = nil) -> NDArray { scan(axis: axis, product: true) }

    private func scan(axis: Int?, product: Bool) -> NDArray {
        let name = product ? "cumprod" : "cumsum"
        let src = axis == nil ? flattened() : self
        let ax = Layout.axis(axis ?? 0, ndim: src.ndim, op: name)
        let resultType: DType = dtype.isFloatingPoint ? dtype : .int64
        let x = src.cast(resultType.computeType).moveaxis(ax, -1).copy()
        let n = x.shape.last ?? 1
        let rows = n == 0 ? 0 : x.size / n
        x.dtype.dispatch(ScanVisitor(x: x, rows: rows, n: n, product: product))
        return x.moveaxis(-1, ax).copy().cast(resultType)
    }
}

private struct ScanVisitor: DTypeVisitor {
    let x: NDArray, rows: Int, n: Int, product: Bool
    func visit<T: NDArrayElement>(_: T.Type) {
        switch T.self {
        case is Float.Type: run(Float.self, +, *)
        case is Double.Type: run(Double.self, +, *)
        default: run(Int64.self, &+, &*)
        }
    }
    private func run<T>(_: T.Type, _ add: (T, T) -> T, _ mul: (T, T) -> T) {
        let p = x.pointer(T.self)
        for r in 0..<rows {
            let row = p + r * n
            if product { for i in 1..<Swift.max(n, 1) { row[i] = mul(row[i - 1], row[i]) } }
            else { for i in 1..<Swift.max(n, 1) { row[i] = add(row[i - 1], row[i]) } }
        }
    }
}
