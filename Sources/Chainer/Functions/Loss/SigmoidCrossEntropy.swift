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
        // softplus(x) − x·t. F.softplus computes max(x, 0) + log1p(e^(−|x|)), finite for large |x|, and is
        // differentiated as σ(x); built from relu and |x| it would lose the ½ at x = 0, where neither has a derivative.
        let losses = (softplus(x) - x * target) * mask
        if reduce == .no { return losses }
        let count = normalize ? valid.astype(.int64).sum().item() : Double(x.ndim > 0 ? x.shape[0] : 1)
        return sum(losses) / Swift.max(count, 1)
    }

    /// `sigmoidCrossEntropy` with labels as a variable.
    public static func sigmoidCrossEntropy(_ x: Variable, _ t: Variable, normalize: Bool = true,
                                           reduce: LossReduction = .mean,
                                           file: StaticString = #fileID, line: UInt = #line) -> Variable {
        sigmoidCrossEntropy(x, t.array, normalize: normalize, reduce: reduce, file: file, line: line)
    }
}

