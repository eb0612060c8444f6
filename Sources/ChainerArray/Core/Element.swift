import CChainerKernels

/// A Swift type that stores one `NDArray` element.
public protocol NDArrayElement: Sendable {
    /// The dtype this type stores.
    static var dtype: DType { get }
    /// The value as a Double (exact for all but int64 beyond 2^53).
    var doubleValue: Double { get }
    /// The value as an Int64 (floats truncate toward zero; NaN and out-of-range values saturate).
    var int64Value: Int64 { get }
    /// Converts from a Double (integers truncate toward zero and saturate; NaN becomes 0).
    init(fromDouble v: Double)
    /// Converts from an Int64 (integers wrap like C casts).
    init(fromInt64 v: Int64)
    /// Zero of this type.
    static var zeroValue: Self { get }
    /// One of this type.
    static var oneValue: Self { get }
}

@inline(__always) func saturatingInt64(_ v: Double) -> Int64 {
    if v.isNaN { return 0 }
    if v >= 9.223372036854775807e18 { return .max }
    if v <= -9.223372036854775808e18 { return .min }
    return Int64(v)
}

extension Float: NDArrayElement {
    public static var dtype: DType { .float32 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { saturatingInt64(Double(self)) }
    public init(fromDouble v: Double) { self = Float(v) }
    public init(fromInt64 v: Int64) { self = Float(v) }
    public static var zeroValue: Float { 0 }
    public static var oneValue: Float { 1 }
}

extension Double: NDArrayElement {
    public static var dtype: DType { .float64 }
    public var doubleValue: Double { self }
    public var int64Value: Int64 { saturatingInt64(self) }
    public init(fromDouble v: Double) { self = v }
    public init(fromInt64 v: Int64) { self = Double(v) }
    public static var zeroValue: Double { 0 }
    public static var oneValue: Double { 1 }
}

#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
extension Float16: NDArrayElement {
    public static var dtype: DType { .float16 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { saturatingInt64(Double(self)) }
    // Directly from Double: going through Float rounds twice and breaks ties the wrong way (1 + 2⁻¹¹ + 2⁻³⁰).
    public init(fromDouble v: Double) { self = Float16(v) }
    public init(fromInt64 v: Int64) { self = Float16(Float(v)) }
    public static var zeroValue: Float16 { 0 }
    public static var oneValue: Float16 { 1 }
}
#endif

/// Brain floating point: float32's exponent with a 7-bit mantissa.
public struct BFloat16: NDArrayElement, Equatable, Hashable, CustomStringConvertible {
    /// The raw bits.
    public var bitPattern: UInt16
    /// Wraps raw bits.
    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }
    /// Rounds a Float to the nearest bfloat16 (ties to even).
    public init(_ f: Float) {
        var u = f.bitPattern
        if (u & 0x7fff_ffff) > 0x7f80_0000 { bitPattern = UInt16(u >> 16) | 0x40; return }
        u &+= 0x7fff &+ ((u >> 16) & 1)
        bitPattern = UInt16(u >> 16)
    }
    /// The value as a Float (exact).
    public var floatValue: Float { Float(bitPattern: UInt32(bitPattern) << 16) }
    public static var dtype: DType { .bfloat16 }
    public var doubleValue: Double { Double(floatValue) }
    public var int64Value: Int64 { saturatingInt64(doubleValue) }
    public init(fromDouble v: Double) { self.init(Float(v)) }
    public init(fromInt64 v: Int64) { self.init(Float(v)) }
    public static var zeroValue: BFloat16 { BFloat16(bitPattern: 0) }
    public static var oneValue: BFloat16 { BFloat16(1) }
    public var description: String { floatValue.description }
}

extension Int8: NDArrayElement {
    public static var dtype: DType { .int8 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { Int64(self) }
    public init(fromDouble v: Double) { self = Int8(truncatingIfNeeded: saturatingInt64(v)) }
    public init(fromInt64 v: Int64) { self = Int8(truncatingIfNeeded: v) }
    public static var zeroValue: Int8 { 0 }
    public static var oneValue: Int8 { 1 }
}

extension UInt8: NDArrayElement {
    public static var dtype: DType { .uint8 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { Int64(self) }
    public init(fromDouble v: Double) { self = UInt8(truncatingIfNeeded: saturatingInt64(v)) }
    public init(fromInt64 v: Int64) { self = UInt8(truncatingIfNeeded: v) }
    public static var zeroValue: UInt8 { 0 }
    public static var oneValue: UInt8 { 1 }
}

extension Int32: NDArrayElement {
    public static var dtype: DType { .int32 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { Int64(self) }
    public init(fromDouble v: Double) { self = Int32(truncatingIfNeeded: saturatingInt64(v)) }
    public init(fromInt64 v: Int64) { self = Int32(truncatingIfNeeded: v) }
    public static var zeroValue: Int32 { 0 }
    public static var oneValue: Int32 { 1 }
}

extension Int64: NDArrayElement {
    public static var dtype: DType { .int64 }
    public var doubleValue: Double { Double(self) }
    public var int64Value: Int64 { self }
    public init(fromDouble v: Double) { self = saturatingInt64(v) }
    public init(fromInt64 v: Int64) { self = v }
    public static var zeroValue: Int64 { 0 }
    public static var oneValue: Int64 { 1 }
}

extension Bool: NDArrayElement {
    public static var dtype: DType { .bool }
    public var doubleValue: Double { self ? 1 : 0 }
    public var int64Value: Int64 { self ? 1 : 0 }
    public init(fromDouble v: Double) { self = v != 0 }
    public init(fromInt64 v: Int64) { self = v != 0 }
    public static var zeroValue: Bool { false }
    public static var oneValue: Bool { true }
}

/// Converts one element to another element type, the way `astype` does.
@inline(__always) func convertElement<S: NDArrayElement, D: NDArrayElement>(_ s: S, to: D.Type) -> D {
    if D.self == Bool.self { return D(fromDouble: s.doubleValue) }
    if D.dtype.isInteger && (S.dtype.isInteger || S.self == Bool.self) { return D(fromInt64: s.int64Value) }
    return D(fromDouble: s.doubleValue)
}

/// Runs a generic body with the Swift type of a dtype: the one place a runtime dtype becomes a static type.
protocol DTypeVisitor {
    associatedtype Result
    func visit<T: NDArrayElement>(_ type: T.Type) -> Result
}

extension DType {
    /// Calls `visitor.visit` with this dtype's element type.
    func dispatch<V: DTypeVisitor>(_ visitor: V) -> V.Result {
        switch self {
        case .float16: visitor.visit(Float16.self)
        case .bfloat16: visitor.visit(BFloat16.self)
        case .float32: visitor.visit(Float.self)
        case .float64: visitor.visit(Double.self)
        case .int8: visitor.visit(Int8.self)
        case .uint8: visitor.visit(UInt8.self)
        case .int32: visitor.visit(Int32.self)
        case .int64: visitor.visit(Int64.self)
        case .bool: visitor.visit(Bool.self)
        }
    }
}
