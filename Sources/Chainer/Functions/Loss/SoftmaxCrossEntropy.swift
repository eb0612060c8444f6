/// How a loss combines per-sample values.
public enum LossReduction: String, Sendable {
    /// The mean over counted samples.
    case mean
    /// One value per sample.
    case no
}

extension F {
    /// Cross entropy of softmax(x) against integer labels `t` (Chainer's `softmax_cross_entropy`). Labels equal to
    /// `ignoreLabel` contribute nothing; with `normalize` the mean is over the other labels, else over the batch.
    public static func softmaxCrossEntropy(_ x: Variable, _ t: NDArray, normalize: Bool = true, ignoreLabel: Int = -1,
                                           reduce: LossReduction = .mean, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.ndim == 2 && t.shape == [x.shape[0]] && (t.dtype.isInteger),
                     "softmaxCrossEntropy: expects x of shape (N, C) and integer t of shape (N,), got \(x.shape) and \(t.shape) \(t.dtype) (\(file):\(line))")
        let valid = t .!= Double(ignoreLabel)
        let safe = NDArray.where(valid, t.cast(.int64), 0)
        let lo = safe.min().item(), hi = safe.max().item()
        precondition(t.size == 0 || (lo >= 0 && hi < Double(x.shape[1])),
                     "softmaxCrossEntropy: labels must be in 0..<\(x.shape[1]) or \(ignoreLabel), got range \(lo)...\(hi) (\(file):\(line))")
        let picked = selectItem(logSoftmax(x), safe)
        let mask = Variable(valid.astype(x.dtype), requiresGrad: false)
        let losses = -(picked * mask)
        switch reduce {
        case .no: return losses
        case .mean:
            let count = normalize ? valid.astype(.int64).sum().item() : Double(x.shape[0])
            return sum(losses) / Swift.max(count, 1)
        }
    }

    /// `softmaxCrossEntropy` with labels as a variable.
    public static func softmaxCrossEntropy(_ x: Variable, _ t: Variable, normalize: Bool = true, ignoreLabel: Int = -1,
                                           reduce: LossReduction = .mean, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        softmaxCrossEntropy(x, t.array, normalize: normalize, ignoreLabel: ignoreLabel, reduce: reduce, file: file, line: line)
    }

    /// Mean of the squared differences.
    public static func meanSquaredError(_ a: Variable, _ b: Variable) -> Variable {
        precondition(a.shape == b.shape, "meanSquaredError: shapes \(a.shape) and \(b.shape) differ")
        let d = a - b
        return sum(d * d) / Double(Swift.max(a.size, 1))
    }
}
