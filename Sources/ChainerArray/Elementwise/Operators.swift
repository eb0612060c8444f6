// Scalars follow NumPy's weak promotion (NEP 50): a Swift `Int` acts as a Python int (an integer array keeps its
// dtype) and a `Double` as a Python float (an integer or bool array becomes float64; a float array keeps its dtype).
extension NDArray {
    /// Elementwise sum with broadcasting.
    public static func + (a: NDArray, b: NDArray) -> NDArray { apply(.add, a, b) }
    /// Elementwise difference with broadcasting.
    public static func - (a: NDArray, b: NDArray) -> NDArray { apply(.sub, a, b) }
    /// Elementwise product with broadcasting.
    public static func * (a: NDArray, b: NDArray) -> NDArray { apply(.mul, a, b) }
    /// Elementwise true division with broadcasting (integers give floats).
    public static func / (a: NDArray, b: NDArray) -> NDArray { apply(.div, a, b) }

    /// Array plus a float scalar.
    public static func + (a: NDArray, s: Double) -> NDArray { apply(.add, a, scalar: s, floatScalar: true) }
    /// Array minus a float scalar.
    public static func - (a: NDArray, s: Double) -> NDArray { apply(.sub, a, scalar: s, floatScalar: true) }
    /// Array times a float scalar.
    public static func * (a: NDArray, s: Double) -> NDArray { apply(.mul, a, scalar: s, floatScalar: true) }
    /// Array divided by a float scalar.
    public static func / (a: NDArray, s: Double) -> NDArray { apply(.div, a, scalar: s, floatScalar: true) }
    /// Float scalar plus array.
    public static func + (s: Double, a: NDArray) -> NDArray { apply(.add, scalar: s, a, floatScalar: true) }
    /// Float scalar minus array.
    public static func - (s: Double, a: NDArray) -> NDArray { apply(.sub, scalar: s, a, floatScalar: true) }
    /// Float scalar times array.
    public static func * (s: Double, a: NDArray) -> NDArray { apply(.mul, scalar: s, a, floatScalar: true) }
    /// Float scalar divided by array.
    public static func / (s: Double, a: NDArray) -> NDArray { apply(.div, scalar: s, a, floatScalar: true) }

    /// Array plus an integer scalar.
    public static func + (a: NDArray, s: Int) -> NDArray { apply(.add, a, scalar: Double(s)) }
    /// Array minus an integer scalar.
    public static func - (a: NDArray, s: Int) -> NDArray { apply(.sub, a, scalar: Double(s)) }
    /// Array times an integer scalar.
    public static func * (a: NDArray, s: Int) -> NDArray { apply(.mul, a, scalar: Double(s)) }
    /// Array divided by an integer scalar (true division: integer arrays give float64).
    public static func / (a: NDArray, s: Int) -> NDArray { apply(.div, a, scalar: Double(s)) }
    /// Integer scalar plus array.
    public static func + (s: Int, a: NDArray) -> NDArray { apply(.add, scalar: Double(s), a) }
    /// Integer scalar minus array.
    public static func - (s: Int, a: NDArray) -> NDArray { apply(.sub, scalar: Double(s), a) }
    /// Integer scalar times array.
    public static func * (s: Int, a: NDArray) -> NDArray { apply(.mul, scalar: Double(s), a) }
    /// Integer scalar divided by array.
    public static func / (s: Int, a: NDArray) -> NDArray { apply(.div, scalar: Double(s), a) }

    /// Adds in place (into unshared storage; copies first when shared).
    public static func += (a: inout NDArray, b: NDArray) { a.applyInPlace(.add, b) }
    /// Subtracts in place.
    public static func -= (a: inout NDArray, b: NDArray) { a.applyInPlace(.sub, b) }
    /// Multiplies in place.
    public static func *= (a: inout NDArray, b: NDArray) { a.applyInPlace(.mul, b) }
    /// Divides in place (float arrays only).
    public static func /= (a: inout NDArray, b: NDArray) { a.applyInPlace(.div, b) }
    /// Adds a float scalar in place (an integer array stops with a message, as NumPy's same-kind casting refuses).
    public static func += (a: inout NDArray, s: Double) { a.applyInPlace(.add, scalar: s, floatScalar: true) }
    /// Subtracts a float scalar in place.
    public static func -= (a: inout NDArray, s: Double) { a.applyInPlace(.sub, scalar: s, floatScalar: true) }
    /// Multiplies by a float scalar in place.
    public static func *= (a: inout NDArray, s: Double) { a.applyInPlace(.mul, scalar: s, floatScalar: true) }
    /// Divides by a float scalar in place.
    public static func /= (a: inout NDArray, s: Double) { a.applyInPlace(.div, scalar: s, floatScalar: true) }
    /// Adds an integer scalar in place.
    public static func += (a: inout NDArray, s: Int) { a.applyInPlace(.add, scalar: Double(s), floatScalar: false) }
    /// Subtracts an integer scalar in place.
    public static func -= (a: inout NDArray, s: Int) { a.applyInPlace(.sub, scalar: Double(s), floatScalar: false) }
    /// Multiplies by an integer scalar in place.
    public static func *= (a: inout NDArray, s: Int) { a.applyInPlace(.mul, scalar: Double(s), floatScalar: false) }
    /// Divides by an integer scalar in place (float arrays only).
    public static func /= (a: inout NDArray, s: Int) { a.applyInPlace(.div, scalar: Double(s), floatScalar: false) }

    private mutating func applyInPlace(_ op: BinaryOp, scalar s: Double, floatScalar: Bool) {
        applyInPlace(op, NDArray(scalar: s, dtype: DType.promoteWeakArithmetic(dtype, scalar: s, floatScalar: floatScalar)))
    }
}
