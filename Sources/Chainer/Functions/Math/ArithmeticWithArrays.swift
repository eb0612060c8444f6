/// Arithmetic between variables and constant arrays (Chainer's `variable + ndarray`), and the compound assignments
/// (`loss += term`), which rebind the variable to the new node.
extension Variable {
    /// Variable plus a constant array, with broadcasting.
    public static func + (a: Variable, b: NDArray) -> Variable { a + Variable.constant(b) }
    /// Constant array plus variable.
    public static func + (a: NDArray, b: Variable) -> Variable { Variable.constant(a) + b }
    /// Variable minus a constant array.
    public static func - (a: Variable, b: NDArray) -> Variable { a - Variable.constant(b) }
    /// Constant array minus variable.
    public static func - (a: NDArray, b: Variable) -> Variable { Variable.constant(a) - b }
    /// Variable times a constant array.
    public static func * (a: Variable, b: NDArray) -> Variable { a * Variable.constant(b) }
    /// Constant array times variable.
    public static func * (a: NDArray, b: Variable) -> Variable { Variable.constant(a) * b }
    /// Variable divided by a constant array.
    public static func / (a: Variable, b: NDArray) -> Variable { a / Variable.constant(b) }
    /// Constant array divided by variable.
    public static func / (a: NDArray, b: Variable) -> Variable { Variable.constant(a) / b }

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
