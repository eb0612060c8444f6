/// Reshapes; the gradient reshapes back.
final class Reshape: FunctionNode {
    let shape: [Int]
    var inputShape: [Int] = []
    init(_ shape: [Int]) { self.shape = shape }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputShape = x[0].shape
        return [x[0].reshaped(shape)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] { [F.reshape(gy[0]!, inputShape)] }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? { [gy[0]!.reshaped(inputShape)] }
}

/// Permutes axes; the gradient applies the inverse permutation.
final class Transpose: FunctionNode {
    let axes: [Int]?
    var perm: [Int] = []
    init(_ axes: [Int]?) { self.axes = axes }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        perm = axes.map { $0.map { $0 < 0 ? $0 + x[0].ndim : $0 } } ?? Array((0..<x[0].ndim).reversed())
        return [x[0].transposed(perm)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return [F.transpose(gy[0]!, inverse)]
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return [gy[0]!.transposed(inverse)]
    }
}

extension F {
    /// `x` with a new shape (one entry may be -1).
    public static func reshape(_ x: Variable, _ shape: [Int]) -> Variable {
        x.shape == shape ? x : Reshape(shape).applySingle([x])
    }
    /// `x` with permuted axes (reversed when `axes` is nil).
    public static func transpose(_ x: Variable, _ axes: [Int]? = nil) -> Variable { Transpose(axes).applySingle([x]) }
}

extension Variable {
    /// Differentiable reshape.
    public final func reshaped(_ shape: [Int]) -> Variable { F.reshape(self, shape) }
    /// Differentiable transpose.
    public final func transposed(_ axes: [Int]? = nil) -> Variable { F.transpose(self, axes) }
    /// The transpose (reversed axes).
    public final var T: Variable { F.transpose(self) }
}
