extension NDArray {
    /// How often each value occurs in a 1-D array of non-negative integers, as int64 (or the sum of `weights` at
    /// each value, as float64); at least `minlength` bins (NumPy's `bincount`).
    public func bincount(weights: NDArray? = nil, minlength: Int = 0) -> NDArray {
        precondition(ndim == 1, "bincount: input must be 1-D, got shape \(shape) (\(dtype))")
        precondition(dtype.isInteger || dtype == .bool || size == 0, "bincount: input must be integers, got \(dtype) (shape \(shape))")
        precondition(minlength >= 0, "bincount: minlength must be non-negative, got \(minlength)")
        let x = asArray(Int64.self)
        if let bad = x.first(where: { $0 < 0 }) {
            preconditionFailure("bincount: input must be non-negative, found \(bad) (shape \(shape), \(dtype))")
        }
        let bins = Swift.max(Int(x.max() ?? -1) + 1, minlength)
        guard let weights else {
            var counts = [Int64](repeating: 0, count: bins)
            for v in x { counts[Int(v)] += 1 }
            return NDArray(counts)
        }
        precondition(weights.shape == shape, "bincount: weights of shape \(weights.shape) do not match the input's shape \(shape)")
        let w = weights.asArray(Double.self)
        var sums = [Double](repeating: 0, count: bins)
        for (v, wt) in zip(x, w) { sums[Int(v)] += wt }
        return NDArray(sums)
    }

    /// One-hot encoding of integer labels: a new last axis of length `numClasses` with one at each label.
    public func oneHot(_ numClasses: Int, dtype: DType = .float32) -> NDArray {
        precondition(self.dtype.isInteger, "oneHot: labels must be integers, got \(self.dtype) (shape \(shape))")
        precondition(numClasses >= 0, "oneHot: numClasses must be non-negative, got \(numClasses)")
        let labels = asArray(Int64.self)
        var out = NDArray.zeros(shape + [numClasses], dtype: dtype)
        out.makeUniqueForWriting()
        let one = NDArray.ones([1], dtype: dtype)
        let item = dtype.itemSize, p = out.basePointer, q = one.basePointer
        for (k, l) in labels.enumerated() {
            precondition(l >= 0 && l < numClasses, "oneHot: label \(l) is out of range for \(numClasses) classes (shape \(shape))")
            p.advanced(by: (k * numClasses + Int(l)) * item).copyMemory(from: q, byteCount: item)
        }
        return out
    }
}
