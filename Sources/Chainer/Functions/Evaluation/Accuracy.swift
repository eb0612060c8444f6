extension F {
    /// Fraction of rows whose argmax equals the label, ignoring `ignoreLabel` (no gradient). For y of shape
    /// (N, C, d…) the argmax runs over axis 1 and t has shape (N, d…), as in Chainer.
    public static func accuracy(_ y: Variable, _ t: NDArray, ignoreLabel: Int? = nil) -> Variable {
        precondition(y.ndim >= 2 && t.shape == [y.shape[0]] + y.shape[2...],
                     "accuracy: expects y of shape (N, C, …) and t of shape (N, …) without C, got \(y.shape) and \(t.shape)")
        let pred = y.array.argmax(axis: 1)
        let labels = t.cast(.int64)
        var correct = pred .== labels
        var count = Double(t.size)
        if let ignore = ignoreLabel {
            let valid = labels .!= Double(ignore)
            correct = correct.logicalAnd(valid)
            count = valid.astype(.int64).sum().item()
        }
        let acc = count == 0 ? 0 : correct.astype(.int64).sum().item() / count
        return Variable(NDArray(scalar: acc, dtype: y.dtype), requiresGrad: false)
    }

    /// `accuracy` with labels as a variable.
    public static func accuracy(_ y: Variable, _ t: Variable, ignoreLabel: Int? = nil) -> Variable {
        accuracy(y, t.array, ignoreLabel: ignoreLabel)
    }
}
