/// The element type of an `NDArray`, chosen at run time (NumPy's dtype).
public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
    case float16, bfloat16, float32, float64, int8, uint8, int32, int64, bool

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool, .int8, .uint8: 1
        case .float16, .bfloat16: 2
        case .float32, .int32: 4
        case .float64, .int64: 8
        }
    }

    /// Whether the type holds floating-point values.
    public var isFloatingPoint: Bool { self == .float16 || self == .bfloat16 || self == .float32 || self == .float64 }
    /// Whether the type holds integers (bool excluded).
    public var isInteger: Bool { self == .int8 || self == .uint8 || self == .int32 || self == .int64 }
    /// Whether the type is signed (floats and signed integers).
    public var isSigned: Bool { isFloatingPoint || self == .int8 || self == .int32 || self == .int64 }

    public var description: String { rawValue }

    /// The type float results of this type's values take (NumPy: small ints to float16, large ints to float64).
    public var floatResult: DType {
        switch self {
        case .bool, .int8, .uint8: .float16
        case .int32, .int64: .float64
        default: self
        }
    }

    /// The type arithmetic runs in: natively for float32/float64/int64, widened for the rest.
    var computeType: DType {
        switch self {
        case .float16, .bfloat16: .float32
        case .int8, .uint8, .int32, .bool: .int64
        default: self
        }
    }

    /// The type of `self` op `other` under NumPy 2's promotion table (int16 does not exist here: int8 with uint8
    /// gives int32; float16 with bfloat16 gives float32).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        if a.isFloatingPoint && b.isFloatingPoint {
            if (a == .float16 && b == .bfloat16) || (a == .bfloat16 && b == .float16) { return .float32 }
            return a.itemSize >= b.itemSize ? a : b
        }
        if a.isFloatingPoint || b.isFloatingPoint {
            let (f, i) = a.isFloatingPoint ? (a, b) : (b, a)
            let needed: DType = i.itemSize == 1 ? (f == .bfloat16 ? .bfloat16 : .float16) : .float64
            if needed == f { return f }
            return promote(f, needed)
        }
        // Both integers.
        if a.isSigned == b.isSigned { return a.itemSize >= b.itemSize ? a : b }
        let (s, u) = a.isSigned ? (a, b) : (b, a)
        if s.itemSize > u.itemSize { return s }
        return u.itemSize == 1 ? .int32 : .float64  // uint8 only: int8 + uint8 needs int16, absent here
    }

    /// The result of `array op scalar` for a Double scalar under NEP 50: weak, so it keeps the array's type
    /// unless the array is integral and the scalar is not (then float64). Integral scalars act as Python ints.
    static func promoteWeak(_ a: DType, scalar: Double) -> DType {
        if a.isFloatingPoint { return a }
        let integral = scalar.rounded() == scalar && abs(scalar) < 9.2e18
        if a == .bool { return integral ? .int64 : .float64 }
        return integral ? a : .float64
    }

    /// `promoteWeak` for arithmetic: an integral scalar that does not fit an integer array's dtype stops with a
    /// message, as NumPy 2 raises OverflowError for `uint8_array + 300` (comparisons may still use such scalars).
    /// A `floatScalar` is a float whatever its value (`int_array * 2.0` is float64, as in NumPy).
    static func promoteWeakArithmetic(_ a: DType, scalar: Double, floatScalar: Bool = false) -> DType {
        if floatScalar && !a.isFloatingPoint { return .float64 }
        let result = promoteWeak(a, scalar: scalar)
        if result.isInteger && result == a, let range = a.integerRange {
            precondition(range.contains(scalar),
                         "scalar \(Int64(scalar)) is out of bounds for \(a); cast the array to a wider dtype first")
        }
        return result
    }

    /// The values an integer dtype holds (nil for float and bool).
    var integerRange: ClosedRange<Double>? {
        switch self {
        case .int8: -128...127
        case .uint8: 0...255
        case .int32: -2_147_483_648...2_147_483_647
        case .int64: -9.223372036854775808e18...9.223372036854775807e18
        default: nil
        }
    }

    /// NumPy's type string for little-endian storage ("<f4", "|b1", …).
    public var numpyDescr: String {
        switch self {
        case .float16: "<f2"
        case .bfloat16: "<V2"
        case .float32: "<f4"
        case .float64: "<f8"
        case .int8: "|i1"
        case .uint8: "|u1"
        case .int32: "<i4"
        case .int64: "<i8"
        case .bool: "|b1"
        }
    }
}
