/// Broadcasts to a shape; the gradient sums back.
final class BroadcastTo: FunctionNode {
    let shape: [Int]
    var inputShape: [Int] = []
    init(_ shape: [Int]) { self.shape = shape }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputShape = x[0].shape
        return [x[0].broadcast(to: shape)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] { [F.sumTo(gy[0]!, inputShape)] }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? { [gy[0]!.sumTo(inputShape)] }
}

/// Sums to a shape (the adjoint of broadcasting); the gradient broadcasts back.
final class SumTo: FunctionNode {
    let shape: [Int]
    var inputShape: [Int] = []
    init(_ shape: [Int]) { self.shape = shape }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputShape = x[0].shape
        return [x[0].sumTo(shape)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] { [F.broadcastTo(gy[0]!, inputShape)] }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let g = gy[0]!
        let lead = inputShape.count - g.ndim
        return [g.reshaped(Array(repeating: 1, count: lead) + g.shape).broadcast(to: inputShape)]
    }
}

extension F {
    /// Broadcasts `x` to `shape` (NumPy's rules).
    public static func broadcastTo(_ x: Variable, _ shape: [Int]) -> Variable {
        x.shape == shape ? x : BroadcastTo(shape).applySingle([x])
    }
    /// Sums `x` down to `shape`, undoing a broadcast.
    public static func sumTo(_ x: Variable, _ shape: [Int]) -> Variable {
        x.shape == shape ? x : SumTo(shape).applySingle([x])
    }
}
