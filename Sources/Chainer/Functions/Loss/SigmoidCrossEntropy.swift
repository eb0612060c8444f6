extension F {
    /// Cross entropy of sigmoid(x) against 0/1 labels `t` of x's shape (Chainer's `sigmoid_cross_entropy`); labels
    /// of -1 contribute nothing. With `.mean` the sum is divided by the count of other labels (`normalize`) or by
    /// the batch size; `.no` gives the elementwise losses.
    public static func sigmoidCrossEntropy(_ x: Variable, _ t: NDArray, normalize: Bool = true,
                                           reduce: LossReduction = .mean,
                                           file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(t.shape == x.shape && t.dtype.isInteger,
                     "sigmoidCrossEntropy: expects integer t of x's shape \(x.shape) \(x.dtype), got \(t.shape) \(t.dtype) (\(file):\(line))")
        precondition(reduce == .mean || reduce == .no,
                     "sigmoidCrossEntropy: reduce must be .mean or .no, got .\(reduce) (\(file):\(line))")
        let valid = t .!= -1.0
        let target = Variable(NDArray.where(valid, t.cast(x.dtype), 0), requiresGrad: false)
        let mask = Variable(valid.astype(x.dtype), requiresGrad: false)
        // softplus(x) − x·t, with softplus(x) = max(x, 0) + log(1 + e^(−|x|)) to stay finite for large |x|. Its
        // derivative is σ(x) − t everywhere; built from relu and |x| it would lose the ½ at x = 0, where relu and
        // |x| have no derivative, so softplus gets its own gradient.
        let losses = (softplusStable(x) - x * target) * mask
        if reduce == .no { return losses }
        let count = normalize ? valid.astype(.int64).sum().item() : Double(x.ndim > 0 ? x.shape[0] : 1)
        return sum(losses) / Swift.max(count, 1)
    }

    /// log(1 + eˣ) computed as max(x, 0) + log1p(e^(−|x|)), with the gradient σ(x) at every x.
    static func softplusStable(_ x: Variable) -> Variable { StableSoftplus().applySingle([x]) }

    /// `sigmoidCrossEntropy` with labels as a variable.
    public static func sigmoidCrossEntropy(_ x: Variable, _ t: Variable, normalize: Bool = true,
                                           reduce: LossReduction = .mean,
                                           file: StaticString = #fileID, line: UInt = #line) -> Variable {
        sigmoidCrossEntropy(x, t.array, normalize: normalize, reduce: reduce, file: file, line: line)
    }
}

/// softplus in the overflow-free form, differentiated as σ(x) (double backprop included).
final class StableSoftplus: FunctionNode {
    override var label: String { "StableSoftplus" }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainInputs([0])
        let a = x[0]
        return [a.maximum(0) + (-a.abs()).exp().log1p()]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [gy[0]! * F.sigmoid(retainedInput(0))]
    }
}
