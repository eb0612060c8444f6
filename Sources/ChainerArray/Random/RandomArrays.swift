extension NDArray {
    /// Uniform samples in `[low, high)`.
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32) -> NDArray {
        let n = Layout.count(shape)
        if dtype == .float32 {
            let w = GlobalGenerator.shared.words(n)
            let scale = Float(high - low) / 16_777_216, lo = Float(low)
            let values = w.map { Float($0 >> 8) * scale + lo }
            return NDArray(elements: values, shape: shape)
        }
        let w = GlobalGenerator.shared.words(2 * n)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let bits = (UInt64(w[2 * i]) << 21) ^ UInt64(w[2 * i + 1] >> 11)
            values[i] = Double(bits & ((1 << 53) - 1)) * 0x1p-53 * (high - low) + low
        }
        return NDArray(elements: values, shape: shape).cast(dtype)
    }

    /// Gaussian samples (Box–Muller).
    public static func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32) -> NDArray {
        let n = Layout.count(shape)
        let w = GlobalGenerator.shared.words(2 * ((n + 1) / 2) * 2)
        var values = [Double](repeating: 0, count: n)
        var i = 0, k = 0
        while i < n {
            let u1 = (Double(UInt64(w[k]) << 21 ^ UInt64(w[k + 1] >> 11)) + 1) * 0x1p-53  // (0, 1]
            let u2 = Double(UInt64(w[k + 2]) << 21 ^ UInt64(w[k + 3] >> 11)) * 0x1p-53
            let r = (-2 * Foundation.log(Swift.min(u1, 1))).squareRoot()
            values[i] = r * Foundation.cos(2 * .pi * u2) * std + mean
            if i + 1 < n { values[i + 1] = r * Foundation.sin(2 * .pi * u2) * std + mean }
            i += 2; k += 4
        }
        return NDArray(elements: values, shape: shape).cast(dtype)
    }

    /// Bernoulli draws: true with probability `p`.
    public static func bernoulli(_ shape: [Int], p: Double = 0.5) -> NDArray {
        precondition(p >= 0 && p <= 1, "bernoulli: p must be in [0, 1], got \(p)")
        return uniform(shape, dtype: .float64) .< NDArray(scalar: p)
    }

    /// Integers uniformly drawn from `[low, high)` (int64 by default).
    public static func randint(_ low: Int, _ high: Int, shape: [Int], dtype: DType = .int64) -> NDArray {
        precondition(high > low, "randint: high (\(high)) must be greater than low (\(low))")
        let n = Layout.count(shape)
        let range = UInt64(high - low)
        let w = GlobalGenerator.shared.words(2 * n)
        var values = [Int64](repeating: 0, count: n)
        for i in 0..<n {
            let r = (UInt64(w[2 * i]) << 32 | UInt64(w[2 * i + 1])).multipliedFullWidth(by: range).high
            values[i] = Int64(low) + Int64(r)
        }
        return NDArray(elements: values, shape: shape).cast(dtype)
    }

    /// A random permutation of `0..<n` (int64).
    public static func permutation(_ n: Int) -> NDArray {
        precondition(n >= 0, "permutation: n must be non-negative, got \(n)")
        var idx = (0..<Int64(n)).map { $0 }
        let w = GlobalGenerator.shared.words(2 * Swift.max(n, 1))
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {  // Fisher–Yates
                let r = (UInt64(w[2 * i]) << 32 | UInt64(w[2 * i + 1])).multipliedFullWidth(by: UInt64(i + 1)).high
                idx.swapAt(i, Int(r))
            }
        }
        return NDArray(elements: idx, shape: [n])
    }

    /// The array with its first axis shuffled (a copy).
    public func shuffled() -> NDArray {
        precondition(ndim >= 1, "shuffle: cannot shuffle a zero-dimensional array")
        return take(NDArray.permutation(shape[0]), axis: 0)
    }

    /// Shuffles `array` along its first axis.
    public static func shuffle(_ array: inout NDArray) { array = array.shuffled() }
}

import Foundation
