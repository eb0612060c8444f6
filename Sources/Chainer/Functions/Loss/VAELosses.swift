import Foundation

/// Sums (`.sum`), averages (`.mean`) or keeps (`.no`) elementwise losses, as Chainer's VAE losses do.
private func reduceVAELoss(_ name: String, _ losses: Variable, _ reduce: LossReduction,
                           _ file: StaticString, _ line: UInt) -> Variable {
    switch reduce {
    case .sum: return F.sum(losses)
    case .mean: return F.mean(losses)
    case .no: return losses
    case .sumAlongSecondAxis:
        preconditionFailure("\(name): reduce must be .sum, .mean or .no, got .\(reduce) (\(file):\(line))")
    }
}

extension F {
    /// KL divergence of N(mean, exp(lnVar)) from N(0, 1), elementwise `½(μ² + σ² − ln σ² − 1)`, then reduced
    /// (Chainer's `gaussian_kl_divergence`; default `.sum`).
    public static func gaussianKLDivergence(_ mean: Variable, _ lnVar: Variable, reduce: LossReduction = .sum,
                                            file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(mean.shape == lnVar.shape && mean.dtype == lnVar.dtype,
                     "gaussianKLDivergence: mean \(mean.shape) \(mean.dtype) and lnVar \(lnVar.shape) \(lnVar.dtype) must agree (\(file):\(line))")
        let losses = (square(mean) + exp(lnVar) - lnVar - 1.0) * 0.5
        return reduceVAELoss("gaussianKLDivergence", losses, reduce, file, line)
    }

    /// Negative log-likelihood of data `x` under Bernoulli(sigmoid(y)), elementwise `softplus(y) − x·y`, then
    /// reduced (Chainer's `bernoulli_nll`; default `.sum`).
    public static func bernoulliNLL(_ x: Variable, _ y: Variable, reduce: LossReduction = .sum,
                                    file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.shape == y.shape && x.dtype == y.dtype,
                     "bernoulliNLL: x \(x.shape) \(x.dtype) and y \(y.shape) \(y.dtype) must agree (\(file):\(line))")
        let losses = softplus(y) - x * y
        return reduceVAELoss("bernoulliNLL", losses, reduce, file, line)
    }

    /// Negative log-likelihood of `x` under N(mean, exp(lnVar)), elementwise
    /// `½(ln 2π + lnVar) + ½(x − μ)²·exp(−lnVar)`, then reduced (Chainer's `gaussian_nll`; default `.sum`).
    public static func gaussianNLL(_ x: Variable, _ mean: Variable, _ lnVar: Variable, reduce: LossReduction = .sum,
                                   file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.shape == mean.shape && x.shape == lnVar.shape && x.dtype == mean.dtype && x.dtype == lnVar.dtype,
                     "gaussianNLL: x \(x.shape) \(x.dtype), mean \(mean.shape) \(mean.dtype) and lnVar \(lnVar.shape) \(lnVar.dtype) must agree (\(file):\(line))")
        let losses = (lnVar + Foundation.log(2 * Double.pi)) * 0.5 + square(x - mean) * exp(-lnVar) * 0.5
        return reduceVAELoss("gaussianNLL", losses, reduce, file, line)
    }
}
