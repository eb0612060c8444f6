/// Softmax cross entropy of logits `x` (N, C) as one node (Chainer's `SoftmaxCrossEntropy`), for every option of
/// `F.softmaxCrossEntropy`. Sample i's loss is `-rowScale[i] · log softmax(x)[i, t_i]`, where `rowScale` folds in the
/// class weight, the ignored label (0) and, for the mean, the divisor; the output is their sum (`.mean`) or the
/// vector of them (`.no`). The forward keeps log-softmax for the backward, `(softmax(x) - onehot(t)) · rowScale`
/// times the output gradient, so no select/scatter, mask or reduction nodes are made.
final class SoftmaxCrossEntropyFunction: FunctionNode {
    /// Labels as Int (ignored ones included) and each sample's factor.
    let labels: [Int], rowScale: [Double]
    /// `.mean` (a scalar) or `.no` (one loss per sample).
    let reduce: LossReduction
    private var logY: NDArray?

    init(labels: [Int], rowScale: [Double], reduce: LossReduction) {
        precondition(reduce == .mean || reduce == .no, "SoftmaxCrossEntropyFunction: reduce must be .mean or .no")
        self.labels = labels; self.rowScale = rowScale; self.reduce = reduce
    }

    override var label: String { "SoftmaxCrossEntropy" }

    /// float64 stays float64; every other float type is computed in float32 and the results cast back.
    private static func computeType(_ dtype: DType) -> DType { dtype == .float64 ? .float64 : .float32 }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        let a = x[0].cast(Self.computeType(x[0].dtype))
        retainInputs([0])
        let ly = (a - a.logsumexp(axis: 1, keepDims: true)).contiguous()
        logY = ly
        let c = a.shape[1]
        var losses = [Double](repeating: 0, count: labels.count)
        func pick<T: BinaryFloatingPoint>(_: T.Type) {
            let p = ly.contiguousRawPointer.assumingMemoryBound(to: T.self)
            for (i, t) in labels.enumerated() where rowScale[i] != 0 { losses[i] = -rowScale[i] * Double(p[i * c + t]) }
        }
        if a.dtype == .float32 { pick(Float.self) } else { pick(Double.self) }
        let y = reduce == .mean ? NDArray(scalar: losses.reduce(0, +), dtype: .float64) : NDArray(losses, shape: [labels.count])
        return [y.cast(x[0].dtype)]
    }

    /// `(softmax - onehot(t))` with row i scaled by `factors[i]`, written over the fresh `softmax` (rows with a zero
    /// factor, the ignored labels among them, become zero).
    private func scaledDirection(_ softmax: NDArray, _ factors: [Double]) -> NDArray {
        var d = softmax
        let c = d.shape[1]
        let raw = d.uniqueMutableRawPointer()
        func fill<T: BinaryFloatingPoint>(_: T.Type) {
            let p = raw.assumingMemoryBound(to: T.self)
            for (i, t) in labels.enumerated() {
                let row = p + i * c, s = T(factors[i])
                if s == 0 {
                    for j in 0..<c { row[j] = 0 }
                } else {
                    row[t] -= 1
                    for j in 0..<c { row[j] *= s }
                }
            }
        }
        if d.dtype == .float32 { fill(Float.self) } else { fill(Double.self) }
        return d
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        guard let ly = logY else { return nil }
        // The output gradient folds into each row's factor, so the softmax is the only pass over x's shape.
        let g = gy[0]!.asArray(Double.self)
        let factors = reduce == .mean ? rowScale.map { $0 * g[0] } : zip(rowScale, g).map { $0 * $1 }
        return [scaledDirection(ly.exp(), factors).cast(retainedInputArray(0).dtype)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let x = retainedInput(0), g = gy[0]!
        // softmax(x) stays a function of x, so the gradient is itself differentiable (double backprop).
        let s = F.softmax(x)
        let n = labels.count, c = x.shape[1]
        let rows = NDArray(rowScale, shape: [n, 1]).cast(x.dtype).broadcast(to: x.shape)
        var oneHot = NDArray.zeros(x.shape, dtype: .float64)
        let p = oneHot.uniqueMutableRawPointer().assumingMemoryBound(to: Double.self)
        for (i, t) in labels.enumerated() where rowScale[i] != 0 { p[i * c + t] = rowScale[i] }
        let spread = reduce == .mean ? F.broadcastTo(g, x.shape) : F.broadcastTo(F.reshape(g, [n, 1]), x.shape)
        return [(s * Variable.constant(rows) - Variable.constant(oneHot.cast(x.dtype))) * spread]
    }
}
