/// Arithmetic between variables and constant arrays (Chainer's `variable + ndarray`: the array is cast to the
/// variable's dtype, so `float32 / int32 lengths` stays float32), and the compound assignments (`loss += term`),
/// which rebind the variable to the new node.
extension Variable {
    /// Variable plus a constant array, with broadcasting.
    public static func + (a: Variable, b: NDArray) -> Variable { a + constant(b, like: a) }
    /// Constant array plus variable.
    public static func + (a: NDArray, b: Variable) -> Variable { constant(a, like: b) + b }
    /// Variable minus a constant array.
    public static func - (a: Variable, b: NDArray) -> Variable { a - constant(b, like: a) }
    /// Constant array minus variable.
    public static func - (a: NDArray, b: Variable) -> Variable { constant(a, like: b) - b }
    /// Variable times a constant array.
    public static func * (a: Variable, b: NDArray) -> Variable { a * constant(b, like: a) }
    /// Constant array times variable.
    public static func * (a: NDArray, b: Variable) -> Variable { constant(a, like: b) * b }
    /// Variable divided by a constant array.
    public static func / (a: Variable, b: NDArray) -> Variable { a / constant(b, like: a) }
    /// Constant array divided by variable.
    public static func / (a: NDArray, b: Variable) -> Variable { constant(a, like: b) / b }

    /// The array as a constant of `v`'s dtype.
    private static func constant(_ array: NDArray, like v: Variable) -> Variable { Variable.constant(array.cast(v.dtype)) }

    /// `a = a + b`.
    public static func += (a: inout Variable, b: Variable) { a = a + b }
    /// `a = a - b`.
    public static func -= (a: inout Variable, b: Variable) { a = a - b }
    /// `a = a * b`.
    public static func *= (a: inout Variable, b: Variable) { a = a * b }
    /// `a = a / b`.
    public static func /= (a: inout Variable, b: Variable) { a = a / b }
    /// `a = a + s`.
    public static func += (a: inout Variable, s: Double) { a = a + s }
    /// `a = a - s`.
    public static func -= (a: inout Variable, s: Double) { a = a - s }
    /// `a = a * s`.
    public static func *= (a: inout Variable, s: Double) { a = a * s }
    /// `a = a / s`.
    public static func /= (a: inout Variable, s: Double) { a = a / s }
}
