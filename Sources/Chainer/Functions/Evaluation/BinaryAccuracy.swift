extension F {
    /// Fraction of elements whose sign-thresholded score (y ≥ 0 → 1) equals the 0/1 label, over the labels that are
    /// not -1 (Chainer's `binary_accuracy`; no gradient).
    public static func binaryAccuracy(_ y: Variable, _ t: NDArray,
                                      file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(y.shape == t.shape && t.dtype.isInteger,
                     "binaryAccuracy: expects integer t of y's shape \(y.shape) \(y.dtype), got \(t.shape) \(t.dtype) (\(file):\(line))")
        let labels = t.cast(.int64)
        let valid = labels .!= -1.0
        let correct = ((y.array .>= 0).astype(.int64) .== labels).logicalAnd(valid)
        let count = Swift.max(valid.astype(.int64).sum().item(), 1)
        return Variable(NDArray(scalar: correct.astype(.int64).sum().item() / count, dtype: y.dtype), requiresGrad: false)
    }

    /// `binaryAccuracy` with labels as a variable.
    public static func binaryAccuracy(_ y: Variable, _ t: Variable,
                                      file: StaticString = #fileID, line: UInt = #line) -> Variable {
        binaryAccuracy(y, t.array, file: file, line: line)
    }
}
