extension NDArray {
    /// Uniform samples in `[low, high)`.
    public static func uniform(_ shape: [Int], low: Double = 0, high: Double = 1, dtype: DType = .float32) -> NDArray {
        let n = Layout.count(shape)
        if dtype == .float32 {
            let out = NDArray(uninitializedShape: shape, dtype: .float32), y = out.pointer(Float.self)
            let scale = Float(high - low) / 16_777_216, lo = Float(low)
            drawWords(n) { w, w0, count in
                for j in 0..<count { y[w0 + j] = Float(w[j] >> 8) * scale + lo }
            }
            return out
        }
        let out = NDArray(uninitializedShape: shape, dtype: .float64), y = out.pointer(Double.self)
        drawWords(2 * n) { w, w0, count in
            for j in Swift.stride(from: 0, to: count, by: 2) {
                let bits = (UInt64(w[j]) << 21) ^ UInt64(w[j + 1] >> 11)
                y[(w0 + j) / 2] = Double(bits & ((1 << 53) - 1)) * 0x1p-53 * (high - low) + low
            }
        }
        return out.cast(dtype)
    }

    /// Gaussian samples (Box–Muller).
    public static func normal(_ shape: [Int], mean: Double = 0, std: Double = 1, dtype: DType = .float32) -> NDArray {
        let n = Layout.count(shape)
        let ct: DType = dtype == .float32 ? .float32 : .float64
        let out = NDArray(uninitializedShape: shape, dtype: ct)
        let y32 = ct == .float32 ? out.pointer(Float.self) : nil, y64 = ct == .float64 ? out.pointer(Double.self) : nil
        // Values are made in float64 and rounded once, so float32 results equal float64 ones cast.
        @inline(__always) func put(_ i: Int, _ v: Double) {
            if let y32 { y32[i] = Float(v) } else { y64![i] = v }
        }
        drawWords(2 * ((n + 1) / 2) * 2) { w, w0, count in
            for k in Swift.stride(from: 0, to: count, by: 4) {
                let i = (w0 + k) / 2
                let u1 = (Double(UInt64(w[k]) << 21 ^ UInt64(w[k + 1] >> 11)) + 1) * 0x1p-53  // (0, 1]
                let u2 = Double(UInt64(w[k + 2]) << 21 ^ UInt64(w[k + 3] >> 11)) * 0x1p-53
                let r = (-2 * Foundation.log(Swift.min(u1, 1))).squareRoot()
                put(i, r * Foundation.cos(2 * .pi * u2) * std + mean)
                if i + 1 < n { put(i + 1, r * Foundation.sin(2 * .pi * u2) * std + mean) }
            }
        }
        return out.cast(dtype)
    }

    /// Draws `total` words from one reservation of the generator, handing them to `body` a bounded chunk at a time
    /// (`body(words, firstWordIndex, count)`; chunks are whole 4-word blocks), so a large array needs no temporary
    /// of its own size and the stream equals one draw of all the words.
    private static func drawWords(_ total: Int, _ body: (UnsafePointer<UInt32>, Int, Int) -> Void) {
        guard total > 0 else { return }
        let g = GlobalGenerator.shared.reserve(words: total)
        let chunk = 1 << 14
        var buffer = [UInt32](repeating: 0, count: Swift.min(chunk, total))
        buffer.withUnsafeMutableBufferPointer { p in
            var w0 = 0
            while w0 < total {
                let count = Swift.min(chunk, total - w0)
                g.fill(p.baseAddress!, count: count, firstBlock: g.counter &+ UInt64(w0 / 4))
                body(p.baseAddress!, w0, count)
                w0 += count
            }
        }
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
