import CChainerKernels

extension NDArray {
    /// Applies a binary op with NumPy broadcasting and type promotion.
    public static func apply(_ op: BinaryOp, _ a: NDArray, _ b: NDArray) -> NDArray {
        if let r = denseBinary(op, a, b) { return r }
        guard let shape = Layout.broadcastShape(a.shape, b.shape) else {
            preconditionFailure("\(op.name): operands could not be broadcast together with shapes \(a.shape) (\(a.dtype)) and \(b.shape) (\(b.dtype))")
        }
        var resultType = DType.promote(a.dtype, b.dtype)
        if op.floatsIntegers && !resultType.isFloatingPoint { resultType = .float64 }
        if resultType == .bool && op != .maximum && op != .minimum && op != .mul && op != .add {
            preconditionFailure("\(op.name): not supported for bool arrays (shapes \(a.shape) and \(b.shape))")
        }
        let ct = resultType.computeType
        var out = NDArray(uninitializedShape: shape, dtype: ct)
        binaryKernel(op, a.cast(ct), b.cast(ct), into: &out)
        if resultType == .bool { return (out .!= NDArray(scalar: 0, dtype: .int64)) }
        return out.cast(resultType)
    }

    /// `a op scalar` with NEP 50's weak-scalar promotion; a `floatScalar` (Python's float) makes integer arrays float64,
    /// otherwise an integral scalar keeps the array's integer dtype.
    static func apply(_ op: BinaryOp, _ a: NDArray, scalar: Double, floatScalar: Bool = false) -> NDArray {
        if let r = denseScalar(op, a, scalar, scalarFirst: false) { return r }
        let dtype = DType.promoteWeakArithmetic(a.dtype, scalar: scalar, floatScalar: floatScalar)
        return apply(op, a, NDArray(scalar: scalar, dtype: dtype))
    }

    /// `scalar op a` with NEP 50's weak-scalar promotion (as `apply(_:_:scalar:floatScalar:)`).
    static func apply(_ op: BinaryOp, scalar: Double, _ a: NDArray, floatScalar: Bool = false) -> NDArray {
        if let r = denseScalar(op, a, scalar, scalarFirst: true) { return r }
        let dtype = DType.promoteWeakArithmetic(a.dtype, scalar: scalar, floatScalar: floatScalar)
        return apply(op, NDArray(scalar: scalar, dtype: dtype), a)
    }

    /// `self op= other`, in place when the storage is unshared and the result keeps `self`'s dtype and shape.
    mutating func applyInPlace(_ op: BinaryOp, _ other: NDArray) {
        let resultType = DType.promote(dtype, other.dtype)
        precondition(resultType == dtype || (dtype.isFloatingPoint && other.dtype.isFloatingPoint) || (dtype.isFloatingPoint && !other.dtype.isFloatingPoint) || (dtype.isInteger && other.dtype.isInteger) || other.dtype == .bool,
                     "\(op.name) (in place): cannot cast the \(resultType) result to \(dtype) (shapes \(shape) and \(other.shape))")
        precondition(Layout.broadcastShape([shape, other.shape]) == shape,
                     "\(op.name) (in place): shape \(other.shape) cannot broadcast to \(shape)")
        precondition(!(op.floatsIntegers && !dtype.isFloatingPoint),
                     "\(op.name) (in place): the float result cannot be stored in a \(dtype) array")
        if dtype == .float32 || dtype == .float64 || dtype == .int64 {
            makeUniqueForWriting()
            var out = self
            binaryKernel(op, self, other.cast(dtype), into: &out)
        } else {
            self = NDArray.apply(op, self, other).cast(dtype)
        }
    }

    /// Elementwise maximum (NaN propagates).
    public func maximum(_ other: NDArray) -> NDArray { NDArray.apply(.maximum, self, other) }
    /// Elementwise minimum (NaN propagates).
    public func minimum(_ other: NDArray) -> NDArray { NDArray.apply(.minimum, self, other) }
    /// Elementwise maximum with a scalar.
    public func maximum(_ value: Double) -> NDArray { NDArray.apply(.maximum, self, scalar: value) }
    /// Elementwise minimum with a scalar.
    public func minimum(_ value: Double) -> NDArray { NDArray.apply(.minimum, self, scalar: value) }
    /// Elementwise power.
    public func pow(_ exponent: NDArray) -> NDArray { NDArray.apply(.pow, self, exponent) }
    /// Elementwise power with a scalar exponent.
    public func pow(_ exponent: Double) -> NDArray {
        if exponent == 2 { return apply(.square) }
        return NDArray.apply(.pow, self, scalar: exponent)
    }
    /// Remainder with the sign of the dividend (C's fmod).
    public func fmod(_ other: NDArray) -> NDArray { NDArray.apply(.fmod, self, other) }
    /// Quadrant-aware arctan(self / other).
    public func arctan2(_ other: NDArray) -> NDArray { NDArray.apply(.atan2, self, other) }
    /// √(self² + other²).
    public func hypot(_ other: NDArray) -> NDArray { NDArray.apply(.hypot, self, other) }
    /// Values limited to `[lo, hi]` (either bound may be nil).
    public func clip(_ lo: Double?, _ hi: Double?) -> NDArray {
        var r = self
        if let lo { r = r.maximum(lo) }
        if let hi { r = r.minimum(hi) }
        if lo == nil && hi == nil { r = copy() }
        return r
    }
    /// Values limited elementwise to `[lo, hi]`.
    public func clip(_ lo: NDArray, _ hi: NDArray) -> NDArray { maximum(lo).minimum(hi) }
}

/// Runs a binary kernel in the compute dtype of `out` (`a` and `b` already have it and broadcast to `out`).
func binaryKernel(_ op: BinaryOp, _ a: NDArray, _ b: NDArray, into out: inout NDArray) {
    let shape = out.shape
    if out.isContiguous, let fa = FlatLoop.stride(a, shape), let fb = FlatLoop.stride(b, shape) {
        let code = op.code, cost = op.costPerElement
        switch out.dtype {
        case .float32:
            let (pa, pb, py) = (a.pointer(Float.self), b.pointer(Float.self), out.pointer(Float.self))
            FlatLoop.run(out.size, costPerElement: cost) { i, n in
                ck_binary_f32(code, Int64(n), pa + i * fa, Int64(fa), pb + i * fb, Int64(fb), py + i, 1)
            }
        case .float64:
            let (pa, pb, py) = (a.pointer(Double.self), b.pointer(Double.self), out.pointer(Double.self))
            FlatLoop.run(out.size, costPerElement: cost) { i, n in
                ck_binary_f64(code, Int64(n), pa + i * fa, Int64(fa), pb + i * fb, Int64(fb), py + i, 1)
            }
        case .int64:
            let (pa, pb, py) = (a.pointer(Int64.self), b.pointer(Int64.self), out.pointer(Int64.self))
            FlatLoop.run(out.size) { i, n in int64Binary(op, n, pa + i * fa, fa, pb + i * fb, fb, py + i, 1) }
        default:
            preconditionFailure("\(op.name): no kernel for \(out.dtype)")
        }
        return
    }
    let loop = StridedLoop(shape: shape, strides: [
        Layout.broadcastStrides(a.shape, a.strides, to: shape),
        Layout.broadcastStrides(b.shape, b.strides, to: shape), out.strides,
    ])
    let (sa, sb, sy) = (loop.innerStrides[0], loop.innerStrides[1], loop.innerStrides[2])
    let code = op.code, cost = op.costPerElement
    switch out.dtype {
    case .float32:
        let (pa, pb, py) = (a.pointer(Float.self), b.pointer(Float.self), out.pointer(Float.self))
        loop.run(costPerElement: cost) { off, n in
            ck_binary_f32(code, Int64(n), pa + off[0], Int64(sa), pb + off[1], Int64(sb), py + off[2], Int64(sy))
        }
    case .float64:
        let (pa, pb, py) = (a.pointer(Double.self), b.pointer(Double.self), out.pointer(Double.self))
        loop.run(costPerElement: cost) { off, n in
            ck_binary_f64(code, Int64(n), pa + off[0], Int64(sa), pb + off[1], Int64(sb), py + off[2], Int64(sy))
        }
    case .int64:
        let (pa, pb, py) = (a.pointer(Int64.self), b.pointer(Int64.self), out.pointer(Int64.self))
        loop.run { off, n in int64Binary(op, n, pa + off[0], sa, pb + off[1], sb, py + off[2], sy) }
    default:
        preconditionFailure("\(op.name): no kernel for \(out.dtype)")
    }
}

/// Integer arithmetic wraps like NumPy's; division by zero gives 0 (NumPy warns and gives 0 too).
private func int64Binary(_ op: BinaryOp, _ n: Int, _ a: UnsafePointer<Int64>, _ sa: Int, _ b: UnsafePointer<Int64>, _ sb: Int,
                         _ y: UnsafeMutablePointer<Int64>, _ sy: Int) {
    @inline(__always) func map(_ f: (Int64, Int64) -> Int64) {
        if sa == 1 && sb == 1 && sy == 1 { for i in 0..<n { y[i] = f(a[i], b[i]) } }
        else { for i in 0..<n { y[i * sy] = f(a[i * sa], b[i * sb]) } }
    }
    switch op {
    case .add: map { $0 &+ $1 }
    case .sub: map { $0 &- $1 }
    case .mul: map { $0 &* $1 }
    case .maximum: map { max($0, $1) }
    case .minimum: map { min($0, $1) }
    case .pow: map { intPow($0, $1) }
    case .fmod: map { $1 == 0 ? 0 : $0 % $1 }
    case .floorDiv: map { x, d in
        if d == 0 { return 0 }
        let q = x / d
        return (x % d != 0 && ((x < 0) != (d < 0))) ? q - 1 : q
    }
    default: preconditionFailure("\(op.name): no integer kernel")
    }
}

@inline(__always) private func intPow(_ base: Int64, _ exp: Int64) -> Int64 {
    if exp < 0 { return base == 1 ? 1 : (base == -1 ? (exp & 1 == 0 ? 1 : -1) : 0) }
    var r: Int64 = 1, b = base, e = exp
    while e > 0 {
        if e & 1 == 1 { r = r &* b }
        b = b &* b
        e >>= 1
    }
    return r
}
