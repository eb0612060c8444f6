extension NDArray {
    /// Elementwise sum with broadcasting.
    public static func + (a: NDArray, b: NDArray) -> NDArray { apply(.add, a, b) }
    /// Elementwise difference with broadcasting.
    public static func - (a: NDArray, b: NDArray) -> NDArray { apply(.sub, a, b) }
    /// Elementwise product with broadcasting.
    public static func * (a: NDArray, b: NDArray) -> NDArray { apply(.mul, a, b) }
    /// Elementwise true division with broadcasting (integers give floats).
    public static func / (a: NDArray, b: NDArray) -> NDArray { apply(.div, a, b) }

    /// Array plus scalar.
    public static func + (a: NDArray, s: Double) -> NDArray { apply(.add, a, scalar: s) }
    /// Array minus scalar.
    public static func - (a: NDArray, s: Double) -> NDArray { apply(.sub, a, scalar: s) }
    /// Array times scalar.
    public static func * (a: NDArray, s: Double) -> NDArray { apply(.mul, a, scalar: s) }
    /// Array divided by scalar.
    public static func / (a: NDArray, s: Double) -> NDArray { apply(.div, a, scalar: s) }
    /// Scalar plus array.
    public static func + (s: Double, a: NDArray) -> NDArray { apply(.add, scalar: s, a) }
    /// Scalar minus array.
    public static func - (s: Double, a: NDArray) -> NDArray { apply(.sub, scalar: s, a) }
    /// Scalar times array.
    public static func * (s: Double, a: NDArray) -> NDArray { apply(.mul, scalar: s, a) }
    /// Scalar divided by array.
    public static func / (s: Double, a: NDArray) -> NDArray { apply(.div, scalar: s, a) }

    /// Adds in place (into unshared storage; copies first when shared).
    public static func += (a: inout NDArray, b: NDArray) { a.applyInPlace(.add, b) }
    /// Subtracts in place.
    public static func -= (a: inout NDArray, b: NDArray) { a.applyInPlace(.sub, b) }
    /// Multiplies in place.
    public static func *= (a: inout NDArray, b: NDArray) { a.applyInPlace(.mul, b) }
    /// Divides in place (float arrays only).
    public static func /= (a: inout NDArray, b: NDArray) { a.applyInPlace(.div, b) }
    /// Adds a scalar in place.
    public static func += (a: inout NDArray, s: Double) { a.applyInPlace(.add, NDArray(scalar: s, dtype: DType.promoteWeakArithmetic(a.dtype, scalar: s))) }
    /// Subtracts a scalar in place.
    public static func -= (a: inout NDArray, s: Double) { a.applyInPlace(.sub, NDArray(scalar: s, dtype: DType.promoteWeakArithmetic(a.dtype, scalar: s))) }
    /// Multiplies by a scalar in place.
    public static func *= (a: inout NDArray, s: Double) { a.applyInPlace(.mul, NDArray(scalar: s, dtype: DType.promoteWeakArithmetic(a.dtype, scalar: s))) }
    /// Divides by a scalar in place.
    public static func /= (a: inout NDArray, s: Double) { a.applyInPlace(.div, NDArray(scalar: s, dtype: DType.promoteWeakArithmetic(a.dtype, scalar: s))) }
}
