import CChainerKernels

infix operator .== : ComparisonPrecedence
infix operator .!= : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .> : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence

extension NDArray {
    /// Elementwise comparison with broadcasting, giving a bool array.
    public static func compare(_ op: CompareOp, _ a: NDArray, _ b: NDArray) -> NDArray {
        guard let shape = Layout.broadcastShape(a.shape, b.shape) else {
            preconditionFailure("\(op): operands could not be broadcast together with shapes \(a.shape) (\(a.dtype)) and \(b.shape) (\(b.dtype))")
        }
        let ct = DType.promote(a.dtype, b.dtype).computeType
        let (x, y) = (a.cast(ct), b.cast(ct))
        let out = NDArray(uninitializedShape: shape, dtype: .bool)
        let loop = StridedLoop(shape: shape, strides: [
            Layout.broadcastStrides(x.shape, x.strides, to: shape), Layout.broadcastStrides(y.shape, y.strides, to: shape), out.strides,
        ])
        let (sa, sb, sy) = (loop.innerStrides[0], loop.innerStrides[1], loop.innerStrides[2])
        let py = out.pointer(UInt8.self), code = op.code
        switch ct {
        case .float32:
            let (pa, pb) = (x.pointer(Float.self), y.pointer(Float.self))
            loop.run { off, n in ck_compare_f32(code, Int64(n), pa + off[0], Int64(sa), pb + off[1], Int64(sb), py + off[2], Int64(sy)) }
        case .float64:
            let (pa, pb) = (x.pointer(Double.self), y.pointer(Double.self))
            loop.run { off, n in ck_compare_f64(code, Int64(n), pa + off[0], Int64(sa), pb + off[1], Int64(sb), py + off[2], Int64(sy)) }
        default:
            let (pa, pb) = (x.pointer(Int64.self), y.pointer(Int64.self))
            loop.run { off, n in int64Compare(op, n, pa + off[0], sa, pb + off[1], sb, py + off[2], sy) }
        }
        return out
    }

    /// Elementwise equality.
    public static func .== (a: NDArray, b: NDArray) -> NDArray { compare(.equal, a, b) }
    /// Elementwise inequality.
    public static func .!= (a: NDArray, b: NDArray) -> NDArray { compare(.notEqual, a, b) }
    /// Elementwise less-than.
    public static func .< (a: NDArray, b: NDArray) -> NDArray { compare(.less, a, b) }
    /// Elementwise less-or-equal.
    public static func .<= (a: NDArray, b: NDArray) -> NDArray { compare(.lessEqual, a, b) }
    /// Elementwise greater-than.
    public static func .> (a: NDArray, b: NDArray) -> NDArray { compare(.greater, a, b) }
    /// Elementwise greater-or-equal.
    public static func .>= (a: NDArray, b: NDArray) -> NDArray { compare(.greaterEqual, a, b) }

    private static func weak(_ a: NDArray, _ s: Double) -> NDArray { NDArray(scalar: s, dtype: DType.promoteWeak(a.dtype, scalar: s)) }
    /// Elementwise equality with a scalar.
    public static func .== (a: NDArray, s: Double) -> NDArray { compare(.equal, a, weak(a, s)) }
    /// Elementwise inequality with a scalar.
    public static func .!= (a: NDArray, s: Double) -> NDArray { compare(.notEqual, a, weak(a, s)) }
    /// Elementwise less-than a scalar.
    public static func .< (a: NDArray, s: Double) -> NDArray { compare(.less, a, weak(a, s)) }
    /// Elementwise less-or-equal to a scalar.
    public static func .<= (a: NDArray, s: Double) -> NDArray { compare(.lessEqual, a, weak(a, s)) }
    /// Elementwise greater-than a scalar.
    public static func .> (a: NDArray, s: Double) -> NDArray { compare(.greater, a, weak(a, s)) }
    /// Elementwise greater-or-equal to a scalar.
    public static func .>= (a: NDArray, s: Double) -> NDArray { compare(.greaterEqual, a, weak(a, s)) }

    /// Whether every element is close: |a − b| ≤ atol + rtol·|b| (NaNs equal only with `equalNaN`), with broadcasting.
    public func allClose(_ other: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8, equalNaN: Bool = false) -> Bool {
        isClose(other, rtol: rtol, atol: atol, equalNaN: equalNaN).all().item() != 0
    }

    /// Elementwise closeness, as `allClose` but per element.
    public func isClose(_ other: NDArray, rtol: Double = 1e-5, atol: Double = 1e-8, equalNaN: Bool = false) -> NDArray {
        let a = cast(.float64), b = other.cast(.float64)
        // Only finite pairs use the tolerance (inf - (-inf) is inf, which an infinite bound would accept); infinities
        // must be equal, as in NumPy.
        var close = ((a - b).abs() .<= (b.abs() * rtol + atol)).logicalAnd(a.isfinite()).logicalAnd(b.isfinite())
        close = close.logicalOr(a .== b)
        if equalNaN { close = close.logicalOr(a.isnan().logicalAnd(b.isnan())) }
        return close
    }
}

private func int64Compare(_ op: CompareOp, _ n: Int, _ a: UnsafePointer<Int64>, _ sa: Int, _ b: UnsafePointer<Int64>, _ sb: Int,
                          _ y: UnsafeMutablePointer<UInt8>, _ sy: Int) {
    @inline(__always) func map(_ f: (Int64, Int64) -> Bool) { for i in 0..<n { y[i * sy] = f(a[i * sa], b[i * sb]) ? 1 : 0 } }
    switch op {
    case .equal: map(==)
    case .notEqual: map(!=)
    case .less: map(<)
    case .lessEqual: map(<=)
    case .greater: map(>)
    case .greaterEqual: map(>=)
    }
}
