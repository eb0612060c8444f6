/// The mean softmax cross entropy of float32/float64 logits `x` (N, C) as one node (Chainer's
/// `SoftmaxCrossEntropy`): the forward keeps log-softmax for the backward, which is `(softmax(x) - onehot(t))` times
/// each counted row's share of the loss gradient, so no select/scatter, mask or reduction nodes are made.
final class SoftmaxCrossEntropyFunction: FunctionNode {
    /// Labels as Int (ignored ones included), the ignored label, and the divisor of the mean.
    let labels: [Int], ignoreLabel: Int, divisor: Double
    private var logY: NDArray?

    init(labels: [Int], ignoreLabel: Int, divisor: Double) {
        self.labels = labels; self.ignoreLabel = ignoreLabel; self.divisor = divisor
    }

    override var label: String { "SoftmaxCrossEntropy" }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        let a = x[0]
        retainInputs([0])
        let ly = a - a.logsumexp(axis: 1, keepDims: true)
        logY = ly
        let c = a.shape[1]
        var total = 0.0
        func pick<T: BinaryFloatingPoint & NDArrayElement>(_: T.Type) {
            let p = ly.contiguous().asArray(T.self)
            for (i, t) in labels.enumerated() where t != ignoreLabel { total -= Double(p[i * c + t]) }
        }
        if a.dtype == .float32 { pick(Float.self) } else { pick(Double.self) }
        return [NDArray(scalar: total / divisor, dtype: a.dtype)]
    }

    /// `(softmax(x) - onehot(t))` with ignored rows zeroed, scaled by 1 / divisor.
    private func direction(_ softmax: NDArray) -> NDArray {
        var d = softmax.contiguous().copy()
        let c = d.shape[1], scale = 1 / divisor
        let raw = d.uniqueMutableRawPointer()
        func fill<T: BinaryFloatingPoint>(_: T.Type) {
            let p = raw.assumingMemoryBound(to: T.self)
            for (i, t) in labels.enumerated() {
                if t == ignoreLabel {
                    for j in 0..<c { p[i * c + j] = 0 }
                } else {
                    p[i * c + t] -= 1
                    for j in 0..<c { p[i * c + j] *= T(scale) }
                }
            }
        }
        if d.dtype == .float32 { fill(Float.self) } else { fill(Double.self) }
        return d
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let x = retainedInput(0), g = gy[0]!
        // softmax(x) stays a function of x, so the gradient is itself differentiable (double backprop).
        let s = F.softmax(x)
        let rows = NDArray(labels.map { $0 == ignoreLabel ? 0 : 1 / divisor } as [Double], shape: [labels.count, 1])
            .cast(x.dtype).broadcast(to: x.shape)
        // The one-hot part, scaled like `rows`: the gradient is `softmax(x) * rows - oneHot`.
        var oneHot = NDArray.zeros(x.shape, dtype: .float64)
        let p = oneHot.uniqueMutableRawPointer().assumingMemoryBound(to: Double.self)
        for (i, t) in labels.enumerated() where t != ignoreLabel { p[i * x.shape[1] + t] = 1 / divisor }
        return [(s * Variable.constant(rows) - Variable.constant(oneHot.cast(x.dtype))) * F.broadcastTo(g, x.shape)]
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        guard let ly = logY else { return nil }
        return [direction(ly.exp()) * gy[0]!]
    }
}
