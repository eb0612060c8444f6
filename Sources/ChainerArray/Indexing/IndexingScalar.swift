/// What sorting, deduplication and accumulation need from an element type, with NumPy's conventions: NaN orders
/// after every number and equals itself when deduplicating; bool addition is logical or; integers wrap.
protocol IndexingScalar: NDArrayElement {
    /// Strict order with NaN last.
    static func ordered(_ a: Self, _ b: Self) -> Bool
    /// Equality that treats NaN as equal to NaN (as `np.unique(equal_nan=True)`).
    static func same(_ a: Self, _ b: Self) -> Bool
    /// `a + b` as NumPy's `add` computes it in this type.
    static func accumulate(_ a: Self, _ b: Self) -> Self
}

extension IndexingScalar where Self: BinaryFloatingPoint {
    @inline(__always) static func ordered(_ a: Self, _ b: Self) -> Bool { a < b || (b.isNaN && !a.isNaN) }
    @inline(__always) static func same(_ a: Self, _ b: Self) -> Bool { a == b || (a.isNaN && b.isNaN) }
    @inline(__always) static func accumulate(_ a: Self, _ b: Self) -> Self { a + b }
}

extension IndexingScalar where Self: FixedWidthInteger {
    @inline(__always) static func ordered(_ a: Self, _ b: Self) -> Bool { a < b }
    @inline(__always) static func same(_ a: Self, _ b: Self) -> Bool { a == b }
    @inline(__always) static func accumulate(_ a: Self, _ b: Self) -> Self { a &+ b }
}

extension Float: IndexingScalar {}
extension Double: IndexingScalar {}
#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
extension Float16: IndexingScalar {}
#endif
extension Int8: IndexingScalar {}
extension UInt8: IndexingScalar {}
extension Int32: IndexingScalar {}
extension Int64: IndexingScalar {}

extension BFloat16: IndexingScalar {
    @inline(__always) static func ordered(_ a: BFloat16, _ b: BFloat16) -> Bool { Float.ordered(a.floatValue, b.floatValue) }
    @inline(__always) static func same(_ a: BFloat16, _ b: BFloat16) -> Bool { Float.same(a.floatValue, b.floatValue) }
    @inline(__always) static func accumulate(_ a: BFloat16, _ b: BFloat16) -> BFloat16 { BFloat16(a.floatValue + b.floatValue) }
}

extension Bool: IndexingScalar {
    @inline(__always) static func ordered(_ a: Bool, _ b: Bool) -> Bool { !a && b }
    @inline(__always) static func same(_ a: Bool, _ b: Bool) -> Bool { a == b }
    @inline(__always) static func accumulate(_ a: Bool, _ b: Bool) -> Bool { a || b }
}

/// `DTypeVisitor` for bodies that need `IndexingScalar`.
protocol IndexingVisitor {
    associatedtype Result
    func visit<T: IndexingScalar>(_ type: T.Type) -> Result
}

extension DType {
    /// Calls `visitor.visit` with this dtype's element type.
    func dispatchIndexing<V: IndexingVisitor>(_ visitor: V) -> V.Result {
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
