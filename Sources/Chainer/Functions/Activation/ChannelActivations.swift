extension F {
    /// Concatenated ReLU (Chainer's `crelu`): relu(x) and relu(−x) joined along `axis`, doubling its length.
    public static func crelu(_ x: Variable, axis: Int = 1) -> Variable {
        concat([relu(x), relu(-x)], axis: axis)
    }

    /// Maxout (Chainer's `maxout`): the maximum over each group of `poolSize` consecutive entries along `axis`, which
    /// must be divisible by it.
    public static func maxout(_ x: Variable, poolSize: Int, axis: Int = 1) -> Variable {
        let a = axis < 0 ? axis + x.ndim : axis
        precondition(a >= 0 && a < x.ndim && poolSize > 0 && x.shape[a] % poolSize == 0,
                     "maxout: axis \(axis) of shape \(x.shape) must be divisible by poolSize \(poolSize)")
        var grouped = x.shape
        grouped.replaceSubrange(a...a, with: [x.shape[a] / poolSize, poolSize])
        return max(reshape(x, grouped), axis: a + 1)
    }

    /// Local response normalization across channels (Chainer's `local_response_normalization`, AlexNet's): each
    /// x / (k + alpha·Σ x²)^beta, the sum over the `n` channels centred on it (zero beyond the edges).
    public static func localResponseNormalization(_ x: Variable, n: Int = 5, k: Double = 2, alpha: Double = 1e-4,
                                                  beta: Double = 0.75) -> Variable {
        precondition(x.ndim >= 2 && n >= 1, "localResponseNormalization: expects (N, C, …) input and n ≥ 1, got \(x.shape) and n \(n)")
        let half = n / 2, channels = x.shape[1]
        var widths = Array(repeating: (0, 0), count: x.ndim)
        widths[1] = (half, half)
        let padded = pad(square(x), widths)
        var window = padded[.all, 0..<channels]
        for i in 1..<(2 * half + 1) { window = window + padded[.all, i..<(i + channels)] }
        return x * pow(window * alpha + k, -beta)
    }
}
