/// How a loss combines per-sample values.
public enum LossReduction: String, Sendable {
    /// The mean over counted samples.
    case mean
    /// One value per sample (or per element).
    case no
    /// The sum over all elements.
    case sum
    /// The sum along axis 1 (Chainer's `huber_loss` default).
    case sumAlongSecondAxis = "sum_along_second_axis"
}

extension F {
    /// Cross entropy of softmax(x) against integer labels `t` (Chainer's `softmax_cross_entropy`). Labels equal to
    /// `ignoreLabel` contribute nothing; with `normalize` the mean is over the other labels, else over the batch.
    /// `classWeight` (shape (C,)) scales each sample's loss by its label's weight; as in Chainer the mean still
    /// divides by the count of labels, not by the sum of weights.
    public static func softmaxCrossEntropy(_ x: Variable, _ t: NDArray, normalize: Bool = true, ignoreLabel: Int = -1,
                                           reduce: LossReduction = .mean, classWeight: NDArray? = nil,
                                           file: StaticString = #fileID, line: UInt = #line) -> Variable {
        if x.ndim > 2 && t.ndim == x.ndim - 1 {
            // (N, C, d…) with labels (N, d…): classes move last and every position becomes a row, as Chainer does.
            precondition(t.shape == [x.shape[0]] + x.shape[2...] && t.dtype.isInteger,
                         "softmaxCrossEntropy: expects integer t of shape \([x.shape[0]] + x.shape[2...]) for x of shape \(x.shape), got \(t.shape) \(t.dtype) (\(file):\(line))")
            let rows = reshape(transpose(x, [0] + Array(2..<x.ndim) + [1]), [-1, x.shape[1]])
            let flat = softmaxCrossEntropy(rows, t.reshaped([-1]), normalize: normalize, ignoreLabel: ignoreLabel,
                                           reduce: reduce, classWeight: classWeight, file: file, line: line)
            if reduce == .no { return reshape(flat, t.shape) }
            // Without normalize Chainer divides by the batch size N, not by the number of rows.
            return normalize ? flat : flat * (Double(rows.shape[0]) / Double(Swift.max(x.shape[0], 1)))
        }
        precondition(x.ndim == 2 && t.shape == [x.shape[0]] && (t.dtype.isInteger),
                     "softmaxCrossEntropy: expects x of shape (N, C) and integer t of shape (N,), got \(x.shape) and \(t.shape) \(t.dtype) (\(file):\(line))")
        precondition(reduce == .mean || reduce == .no,
                     "softmaxCrossEntropy: reduce must be .mean or .no, got .\(reduce) (\(file):\(line))")
        precondition(x.dtype.isFloatingPoint, "softmaxCrossEntropy: x must be floating point, got \(x.dtype) (\(file):\(line))")
        let weights: [Double]? = classWeight.map { w in
            precondition(w.shape == [x.shape[1]] && w.dtype.isFloatingPoint,
                         "softmaxCrossEntropy: classWeight must be a float array of shape (\(x.shape[1]),), got \(w.shape) \(w.dtype) (\(file):\(line))")
            // Rounded to x's dtype first, as Chainer multiplies in it.
            return w.cast(x.dtype).astype(.float64).asArray(Double.self)
        }
        // One pass over the labels checks and counts them.
        let labels = t.cast(.int64).asArray(Int64.self).map { Int($0) }
        var counted = 0
        for l in labels where l != ignoreLabel {
            precondition(l >= 0 && l < x.shape[1],
                         "softmaxCrossEntropy: labels must be in 0..<\(x.shape[1]) or \(ignoreLabel), got \(l) (\(file):\(line))")
            counted += 1
        }
        let divisor = reduce == .no ? 1 : Double(Swift.max(normalize ? counted : x.shape[0], 1))
        let rowScale = labels.map { l in l == ignoreLabel ? 0 : (weights?[l] ?? 1) / divisor }
        // The labels join the graph as an input without a gradient, as Chainer's do (graph dumps show them).
        return SoftmaxCrossEntropyFunction(labels: labels, rowScale: rowScale, reduce: reduce)
            .applySingle([x, Variable(t, requiresGrad: false)], file: file, line: line)
    }

    /// `softmaxCrossEntropy` with labels as a variable.
    public static func softmaxCrossEntropy(_ x: Variable, _ t: Variable, normalize: Bool = true, ignoreLabel: Int = -1,
                                           reduce: LossReduction = .mean, classWeight: NDArray? = nil,
                                           file: StaticString = #fileID, line: UInt = #line) -> Variable {
        softmaxCrossEntropy(x, t.array, normalize: normalize, ignoreLabel: ignoreLabel, reduce: reduce,
                            classWeight: classWeight, file: file, line: line)
    }

    /// Mean of the squared differences.
    public static func meanSquaredError(_ a: Variable, _ b: Variable) -> Variable {
        precondition(a.shape == b.shape, "meanSquaredError: shapes \(a.shape) and \(b.shape) differ")
        let d = a - b
        return sum(d * d) / Double(Swift.max(a.size, 1))
    }
}
