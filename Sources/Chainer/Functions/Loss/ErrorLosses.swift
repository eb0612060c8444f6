/// Checks that two loss operands agree in shape and dtype.
private func checkPair(_ name: String, _ a: Variable, _ b: Variable, _ file: StaticString, _ line: UInt) {
    precondition(a.shape == b.shape && a.dtype == b.dtype,
                 "\(name): inputs must share shape and dtype, got \(a.shape) \(a.dtype) and \(b.shape) \(b.dtype) (\(file):\(line))")
}

extension F {
    /// Mean of the absolute differences (Chainer's `mean_absolute_error`).
    public static func meanAbsoluteError(_ x0: Variable, _ x1: Variable,
                                         file: StaticString = #fileID, line: UInt = #line) -> Variable {
        checkPair("meanAbsoluteError", x0, x1, file, line)
        return sum(absolute(x0 - x1)) / Double(Swift.max(x0.size, 1))
    }

    /// Elementwise squared difference (Chainer's `squared_error`).
    public static func squaredError(_ x0: Variable, _ x1: Variable,
                                    file: StaticString = #fileID, line: UInt = #line) -> Variable {
        checkPair("squaredError", x0, x1, file, line)
        return square(x0 - x1)
    }

    /// Elementwise absolute difference (Chainer's `absolute_error`).
    public static func absoluteError(_ x0: Variable, _ x1: Variable,
                                     file: StaticString = #fileID, line: UInt = #line) -> Variable {
        checkPair("absoluteError", x0, x1, file, line)
        return absolute(x0 - x1)
    }

    /// Huber loss (Chainer's `huber_loss`): ½d² where |d| ≤ delta, else delta·(|d| − ½delta), with d = x − t;
    /// summed along axis 1 (`.sumAlongSecondAxis`, the default) or elementwise (`.no`).
    public static func huberLoss(_ x: Variable, _ t: Variable, delta: Double,
                                 reduce: LossReduction = .sumAlongSecondAxis,
                                 file: StaticString = #fileID, line: UInt = #line) -> Variable {
        checkPair("huberLoss", x, t, file, line)
        precondition(reduce == .sumAlongSecondAxis || reduce == .no,
                     "huberLoss: reduce must be .sumAlongSecondAxis or .no, got .\(reduce) (\(file):\(line))")
        precondition(reduce == .no || x.ndim >= 2,
                     "huberLoss: summing along the second axis needs x with at least two axes, got \(x.shape) (\(file):\(line))")
        let d = x - t
        let inside = (d.array.abs() .<= delta).astype(x.dtype)
        let quadratic = square(d) * 0.5 * Variable(inside, requiresGrad: false)
        let linear = (absolute(d) - 0.5 * delta) * delta * Variable(1.0 - inside, requiresGrad: false)
        let losses = quadratic + linear
        return reduce == .no ? losses : sum(losses, axis: 1)
    }

    /// `huberLoss` against a constant target.
    public static func huberLoss(_ x: Variable, _ t: NDArray, delta: Double,
                                 reduce: LossReduction = .sumAlongSecondAxis,
                                 file: StaticString = #fileID, line: UInt = #line) -> Variable {
        huberLoss(x, Variable(t, requiresGrad: false), delta: delta, reduce: reduce, file: file, line: line)
    }
}
