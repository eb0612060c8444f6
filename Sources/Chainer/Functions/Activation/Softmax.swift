/// Softmax along an axis; the backward uses only the output.
final class Softmax: FunctionNode {
    let axis: Int
    init(axis: Int) { self.axis = axis }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        let e = (x[0] - x[0].max(axis: axis, keepDims: true)).exp()
        retainOutputs([0])
        return [e / e.sum(axis: axis, keepDims: true)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let y = retainedOutput(0), g = gy[0]!
        let gyy = g * y
        return [gyy - y * F.broadcastTo(F.sum(gyy, axis: axis, keepDims: true), y.shape)]
    }
}

/// log(softmax(x)) computed stably; the backward uses only the output.
final class LogSoftmax: FunctionNode {
    let axis: Int
    init(axis: Int) { self.axis = axis }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainOutputs([0])
        return [x[0] - x[0].logsumexp(axis: axis, keepDims: true)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let y = retainedOutput(0), g = gy[0]!
        return [g - F.exp(y) * F.broadcastTo(F.sum(g, axis: axis, keepDims: true), y.shape)]
    }
}

extension F {
    /// Softmax along `axis` (default 1, Chainer's).
    public static func softmax(_ x: Variable, axis: Int = 1) -> Variable { Softmax(axis: axis).applySingle([x]) }
    /// Log-softmax along `axis` (default 1).
    public static func logSoftmax(_ x: Variable, axis: Int = 1) -> Variable { LogSoftmax(axis: axis).applySingle([x]) }
}
