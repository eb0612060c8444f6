/// The norm `F.hinge` applies to each margin violation.
public enum HingeNorm: Sendable {
    /// max(0, 1 − s·x).
    case l1
    /// max(0, 1 − s·x)².
    case l2
}

extension F {
    /// Multiclass hinge loss (Chainer's `hinge`): for sample i and class j, max(0, 1 + s·x_ij) with s = −1 for the
    /// label's class and +1 for the others, squared under `.l2`; `.mean` sums and divides by the batch size, `.no`
    /// gives the (N, K) losses.
    public static func hinge(_ x: Variable, _ t: NDArray, norm: HingeNorm = .l1, reduce: LossReduction = .mean,
                             file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.ndim == 2 && t.shape == [x.shape[0]] && t.dtype.isInteger,
                     "hinge: expects x of shape (N, K) and integer t of shape (N,), got \(x.shape) and \(t.shape) \(t.dtype) (\(file):\(line))")
        precondition(reduce == .mean || reduce == .no, "hinge: reduce must be .mean or .no, got .\(reduce) (\(file):\(line))")
        let labels = t.cast(.int64).asArray(Int64.self)
        precondition(labels.allSatisfy { $0 >= 0 && $0 < x.shape[1] },
                     "hinge: labels must be in 0..<\(x.shape[1]), got \(labels) (\(file):\(line))")
        let k = x.shape[1]
        let sign = NDArray(labels.flatMap { l in (0..<k).map { $0 == Int(l) ? -1.0 : 1.0 } }, shape: x.shape).cast(x.dtype)
        var losses = relu(x * Variable.constant(sign) + 1.0)
        if norm == .l2 { losses = losses * losses }
        return reduce == .no ? losses : sum(losses) / Double(Swift.max(x.shape[0], 1))
    }

    /// Contrastive loss of pairs (Chainer's `contrastive`): with d the Euclidean distance of each row pair,
    /// ½·d² for similar pairs (y = 1) and ½·max(margin − d, 0)² for dissimilar ones (y = 0); `.mean` divides the sum
    /// by the batch size.
    public static func contrastive(_ x0: Variable, _ x1: Variable, _ y: NDArray, margin: Double = 1,
                                   reduce: LossReduction = .mean, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x0.ndim == 2 && x0.shape == x1.shape && y.shape == [x0.shape[0]] && y.dtype.isInteger,
                     "contrastive: expects x0 and x1 of one (N, D) shape and integer y of shape (N,), got \(x0.shape), \(x1.shape) and \(y.shape) \(y.dtype) (\(file):\(line))")
        precondition(margin > 0, "contrastive: margin must be positive, got \(margin) (\(file):\(line))")
        precondition(reduce == .mean || reduce == .no, "contrastive: reduce must be .mean or .no, got .\(reduce) (\(file):\(line))")
        let similar = Variable.constant(y.cast(x0.dtype))
        let d = x0 - x1
        let squared = sum(d * d, axis: 1)
        let gap = relu(-sqrt(squared) + margin)
        let losses = (similar * squared + (1.0 - similar) * gap * gap) * 0.5
        return reduce == .no ? losses : sum(losses) / Double(Swift.max(x0.shape[0], 1))
    }

    /// Triplet loss (Chainer's `triplet`): max(‖a − p‖² − ‖a − n‖² + margin, 0) per row; `.mean` averages.
    public static func triplet(_ anchor: Variable, _ positive: Variable, _ negative: Variable, margin: Double = 0.2,
                               reduce: LossReduction = .mean, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(anchor.ndim == 2 && anchor.shape == positive.shape && anchor.shape == negative.shape,
                     "triplet: expects three inputs of one (N, D) shape, got \(anchor.shape), \(positive.shape) and \(negative.shape) (\(file):\(line))")
        precondition(margin > 0, "triplet: margin must be positive, got \(margin) (\(file):\(line))")
        precondition(reduce == .mean || reduce == .no, "triplet: reduce must be .mean or .no, got .\(reduce) (\(file):\(line))")
        let dp = anchor - positive, dn = anchor - negative
        let losses = relu(sum(dp * dp - dn * dn, axis: 1) + margin)
        return reduce == .no ? losses : sum(losses) / Double(Swift.max(anchor.shape[0], 1))
    }
}
