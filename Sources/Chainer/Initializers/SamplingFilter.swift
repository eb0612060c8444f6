extension Initializers {
    /// Bilinear upsampling kernels for a transposed convolution of stride `(ksize + 1) / 2` (Chainer's
    /// `UpsamplingDeconvFilter`): channel i maps to channel i (or every input to the one output channel).
    public struct UpsamplingDeconvFilter: Initializer {
        /// Creates the initializer (linear interpolation, as Chainer's only mode).
        public init() {}
        /// The filter bank of `shape` (in, out, k, k, ...).
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            samplingFilter(shape, dtype: dtype, upsampling: true, name: "UpsamplingDeconvFilter")
        }
    }

    /// Normalized bilinear downsampling kernels for a convolution of stride `(ksize + 1) / 2` (Chainer's
    /// `DownsamplingConvFilter`).
    public struct DownsamplingConvFilter: Initializer {
        /// Creates the initializer (linear interpolation, as Chainer's only mode).
        public init() {}
        /// The filter bank of `shape` (a, b, k, k, ...).
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            samplingFilter(shape, dtype: dtype, upsampling: false, name: "DownsamplingConvFilter")
        }
    }

    /// Chainer's `_SamplingFilter`: zeros except a linear-interpolation kernel on each (i, i) channel pair.
    static func samplingFilter(_ shape: [Int], dtype: DType, upsampling: Bool, name: String) -> NDArray {
        precondition(shape.count >= 3, "\(name): shape must be (channels, channels, k, ...), got \(shape)")
        let (a, b) = (shape[0], shape[1])
        precondition(a == b || b == 1, "\(name): the first two axes must be equal or the second 1, got \(shape)")
        let spatial = Array(shape.dropFirst(2))
        let k = spatial[0]
        precondition(spatial.allSatisfy { $0 == k }, "\(name): kernel sizes must all be equal, got \(spatial)")
        let factor = Double((k + 1) / 2)
        let center = k % 2 == 1 ? factor - 1 : factor - 0.5
        let taps = (0..<k).map { 1 - abs(Double($0) - center) / factor }
        let count = spatial.reduce(1, *)
        var filter = [Double](repeating: 1, count: count)
        for i in 0..<count {
            var rest = i
            for _ in spatial { filter[i] *= taps[rest % k]; rest /= k }
        }
        if !upsampling {
            let total = filter.reduce(0, +)
            filter = filter.map { $0 / total }
        }
        var out = [Double](repeating: 0, count: a * b * count)
        for i in 0..<a {
            let j = b == 1 ? 0 : i
            for s in 0..<count { out[(i * b + j) * count + s] = filter[s] }
        }
        return NDArray(out, shape: shape, dtype: dtype)
    }
}
