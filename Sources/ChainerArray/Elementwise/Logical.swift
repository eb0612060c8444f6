extension NDArray {
    /// The array as bool (nonzero is true).
    func asBool() -> NDArray { dtype == .bool ? self : self .!= NDArray(scalar: 0, dtype: dtype) }

    private static func logical(_ name: String, _ a: NDArray, _ b: NDArray, _ f: (UInt8, UInt8) -> UInt8) -> NDArray {
        guard let shape = Layout.broadcastShape(a.shape, b.shape) else {
            preconditionFailure("\(name): operands could not be broadcast together with shapes \(a.shape) and \(b.shape)")
        }
        let (x, y) = (a.asBool(), b.asBool())
        let out = NDArray(uninitializedShape: shape, dtype: .bool)
        let loop = StridedLoop(shape: shape, strides: [
            Layout.broadcastStrides(x.shape, x.strides, to: shape), Layout.broadcastStrides(y.shape, y.strides, to: shape), out.strides,
        ])
        let (sa, sb, sy) = (loop.innerStrides[0], loop.innerStrides[1], loop.innerStrides[2])
        let (pa, pb, py) = (x.pointer(UInt8.self), y.pointer(UInt8.self), out.pointer(UInt8.self))
        loop.run { off, n in
            let (p, q, r) = (pa + off[0], pb + off[1], py + off[2])
            for i in 0..<n { r[i * sy] = f(p[i * sa], q[i * sb]) }
        }
        return out
    }

    /// Elementwise AND (nonzero is true).
    public func logicalAnd(_ other: NDArray) -> NDArray { NDArray.logical("logicalAnd", self, other, &) }
    /// Elementwise OR.
    public func logicalOr(_ other: NDArray) -> NDArray { NDArray.logical("logicalOr", self, other, |) }
    /// Elementwise XOR.
    public func logicalXor(_ other: NDArray) -> NDArray { NDArray.logical("logicalXor", self, other, ^) }
    /// Elementwise NOT.
    public func logicalNot() -> NDArray { NDArray.logical("logicalNot", self, NDArray(scalar: 1, dtype: .bool), ^) }

    /// Elements that are NaN.
    public func isnan() -> NDArray { dtype.isFloatingPoint ? self .!= self : NDArray.zeros(shape, dtype: .bool) }
    /// Elements that are ±infinity.
    public func isinf() -> NDArray {
        dtype.isFloatingPoint ? abs() .== NDArray(scalar: .infinity, dtype: dtype) : NDArray.zeros(shape, dtype: .bool)
    }
    /// Elements that are neither NaN nor infinite.
    public func isfinite() -> NDArray {
        dtype.isFloatingPoint ? (self - self) .== NDArray(scalar: 0, dtype: dtype) : NDArray.ones(shape, dtype: .bool)
    }

    /// `x` where `condition` is true, else `y` (broadcast together; NumPy's `where`).
    public static func `where`(_ condition: NDArray, _ x: NDArray, _ y: NDArray) -> NDArray {
        guard let shape = Layout.broadcastShape([condition.shape, x.shape, y.shape]) else {
            preconditionFailure("where: shapes \(condition.shape), \(x.shape) and \(y.shape) do not broadcast")
        }
        let dt = DType.promote(x.dtype, y.dtype)
        let (c, a, b) = (condition.asBool(), x.cast(dt), y.cast(dt))
        let out = NDArray(uninitializedShape: shape, dtype: dt)
        let loop = StridedLoop(shape: shape, strides: [c, a, b].map { Layout.broadcastStrides($0.shape, $0.strides, to: shape) } + [out.strides])
        dt.dispatch(WhereVisitor(loop: loop, c: c, a: a, b: b, out: out))
        return out
    }

    /// `x` where `condition`, else the scalar `y`.
    public static func `where`(_ condition: NDArray, _ x: NDArray, _ y: Double) -> NDArray {
        `where`(condition, x, NDArray(scalar: y, dtype: DType.promoteWeak(x.dtype, scalar: y)))
    }

    /// The scalar `x` where `condition`, else `y`.
    public static func `where`(_ condition: NDArray, _ x: Double, _ y: NDArray) -> NDArray {
        `where`(condition, NDArray(scalar: x, dtype: DType.promoteWeak(y.dtype, scalar: x)), y)
    }

    /// `x` or `y` by `condition`, as a float64 array of the condition's shape (NumPy's `where(c, 1.0, 0.0)`).
    public static func `where`(_ condition: NDArray, _ x: Double, _ y: Double) -> NDArray {
        `where`(condition, NDArray(scalar: x), NDArray(scalar: y))
    }
}

private struct WhereVisitor: DTypeVisitor {
    let loop: StridedLoop, c: NDArray, a: NDArray, b: NDArray, out: NDArray
    func visit<T: NDArrayElement>(_: T.Type) {
        let s = loop.innerStrides
        let (pc, pa, pb, py) = (c.pointer(UInt8.self), a.pointer(T.self), b.pointer(T.self), out.pointer(T.self))
        loop.run { off, n in
            let (q, x, y, r) = (pc + off[0], pa + off[1], pb + off[2], py + off[3])
            for i in 0..<n { r[i * s[3]] = q[i * s[0]] != 0 ? x[i * s[1]] : y[i * s[2]] }
        }
    }
}
