/// Picks `x[i, t[i]]` from a (N, C) array; the gradient scatters back.
final class SelectItem: FunctionNode {
    let t: NDArray
    var classes = 0
    init(_ t: NDArray) { self.t = t }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        precondition(x[0].ndim == 2 && t.shape == [x[0].shape[0]],
                     "selectItem: expects x of shape (N, C) and t of shape (N,), got \(x[0].shape) and \(t.shape)")
        classes = x[0].shape[1]
        let n = x[0].shape[0]
        let flatIndex = NDArray.arange(Double(n), dtype: .int64) * classes + t.cast(.int64)
        return [x[0].reshaped([-1]).take(flatIndex, axis: 0)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [ScatterItem(t, classes: classes).applySingle([gy[0]!])]
    }
}

/// Places `g[i]` at `[i, t[i]]` of a (N, C) zero array (the adjoint of `SelectItem`).
final class ScatterItem: FunctionNode {
    let t: NDArray, classes: Int
    init(_ t: NDArray, classes: Int) { self.t = t; self.classes = classes }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        let columns = NDArray.arange(Double(classes), dtype: .int64).reshaped([1, classes])
        let mask = (columns .== t.cast(.int64).reshaped([-1, 1])).astype(x[0].dtype)
        return [mask * x[0].reshaped([-1, 1])]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [SelectItem(t).applySingle([gy[0]!])]
    }
}

extension F {
    /// `x[i, t[i]]` for each row (Chainer's `select_item`).
    public static func selectItem(_ x: Variable, _ t: NDArray) -> Variable { SelectItem(t).applySingle([x]) }
    /// `x[i, t[i]]` for each row, with labels as a variable.
    public static func selectItem(_ x: Variable, _ t: Variable) -> Variable { selectItem(x, t.array) }
}
