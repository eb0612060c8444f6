/// Sum over axes; the gradient broadcasts back.
final class Sum: FunctionNode {
    let axes: [Int]?, keepDims: Bool
    var inputShape: [Int] = []
    var normalizedAxes: [Int] = []
    init(axes: [Int]?, keepDims: Bool) { self.axes = axes; self.keepDims = keepDims }

    override func forward(_ x: [NDArray]) -> [NDArray] { [forwardSingle(x[0])] }

    override func forwardSingle(_ x: NDArray) -> NDArray {
        inputShape = x.shape
        let nd = x.ndim
        normalizedAxes = axes.map { $0.map { $0 < 0 ? $0 + nd : $0 } } ?? Array(0..<nd)
        return x.reduce(.sum, axes: normalizedAxes, keepDims: keepDims)
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        var g = gy[0]!
        if !keepDims {
            var kept = inputShape
            for a in normalizedAxes { kept[a] = 1 }
            g = F.reshape(g, kept)
        }
        return [F.broadcastTo(g, inputShape)]
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? { [backwardSingle(gy[0]!)] }

    override func backwardSingle(_ g: NDArray) -> NDArray {
        var kept = inputShape
        for a in normalizedAxes { kept[a] = 1 }
        return g.reshaped(kept).broadcast(to: inputShape)
    }
}

extension F {
    /// Sum of all elements.
    public static func sum(_ x: Variable) -> Variable { Sum(axes: nil, keepDims: false).applySingle(x) }
    /// Sum of all elements, kept as an array of x's rank with every axis of length 1 when `keepDims`.
    public static func sum(_ x: Variable, keepDims: Bool) -> Variable {
        keepDims ? Sum(axes: Array(0..<x.ndim), keepDims: true).applySingle(x) : sum(x)
    }
    /// Sum along `axis`.
    public static func sum(_ x: Variable, axis: Int, keepDims: Bool = false) -> Variable {
        Sum(axes: [axis], keepDims: keepDims).applySingle(x)
    }
    /// Sum along `axes`.
    public static func sum(_ x: Variable, axes: [Int], keepDims: Bool = false) -> Variable {
        Sum(axes: axes, keepDims: keepDims).applySingle(x)
    }
    /// Mean of all elements.
    public static func mean(_ x: Variable) -> Variable { sum(x) / Double(Swift.max(x.size, 1)) }
    /// Mean along `axes`.
    public static func mean(_ x: Variable, axes: [Int], keepDims: Bool = false) -> Variable {
        let n = axes.reduce(1) { $0 * x.shape[$1 < 0 ? $1 + x.ndim : $1] }
        return sum(x, axes: axes, keepDims: keepDims) / Double(Swift.max(n, 1))
    }
}
