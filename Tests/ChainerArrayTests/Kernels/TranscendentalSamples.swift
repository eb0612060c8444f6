import Foundation
@testable import ChainerArray

/// Float32 inputs and float64 references for sweeping the vectorised transcendental kernels.
enum TranscendentalSamples {
    /// Spacing of the whole-range sweep over bit patterns (a prime, so every mantissa residue is visited).
    static let sweepStep: UInt64 = 2039

    /// Every `sweepStep`-th bit pattern of both signs, the edges of every binade (subnormals included), dense runs
    /// around each function's thresholds, and the special values.
    static let inputs: [Float] = {
        var xs: [Float] = []
        var b: UInt64 = 0
        while b < 1 << 32 { xs.append(Float(bitPattern: UInt32(b))); b += sweepStep }
        for e in -149...127 {
            let low = Float(sign: .plus, exponent: e, significand: 1)
            for x in run(from: low, count: 64) + run(from: low.nextUp * 2 == .infinity ? low : 2 * low, count: -64) {
                xs.append(x); xs.append(-x)
            }
        }
        // Overflow and underflow of exp, saturation of tanh/sigmoid/expm1, log near 1, log1p near -1 and 0.
        let thresholds: [Float] = [88.72284, -87.33655, -103.27893, -103.97208, 9.010913, -17.32868, 16.635532,
                                   1, -1, 0.5, 2, -0.5, 0.6931472, -0.6931472, 0.34657359, 0x1p-24, 0x1p-25,
                                   0x1p-12, 1.0e-4, 0.625]
        for t in thresholds {
            xs += run(from: t, count: 2048) + run(from: t, count: -2048)
            xs += run(from: -t, count: 256) + run(from: -t, count: -256)
        }
        xs += specials
        return xs
    }()

    /// Values every function must get exactly right.
    static let specials: [Float] = [
        0, -0, .infinity, -.infinity, .nan, -.nan, Float(bitPattern: 0x7fc0_1234), Float(bitPattern: 0x7f80_0001),
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
        .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1, -1, 100, -100, 1000, -1000,
    ]

    /// `count` consecutive floats from `start` upwards (count > 0) or downwards (count < 0), stopping at inf/NaN.
    static func run(from start: Float, count: Int) -> [Float] {
        var out: [Float] = [], x = start
        for _ in 0..<Swift.abs(count) where x.isFinite {
            out.append(x)
            x = count > 0 ? x.nextUp : x.nextDown
        }
        return out
    }

    /// The functions under test with their float64 references (rounded to float32 by the caller).
    static let functions: [(op: UnaryOp, reference: @Sendable (Double) -> Double)] = [
        (.exp, { Foundation.exp($0) }),
        (.expm1, { Foundation.expm1($0) }),
        (.log, { Foundation.log($0) }),
        (.log1p, { Foundation.log1p($0) }),
        (.tanh, { Foundation.tanh($0) }),
        (.sigmoid, { $0 >= 0 ? 1 / (1 + Foundation.exp(-$0)) : Foundation.exp($0) / (1 + Foundation.exp($0)) }),
        (.softplus, { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) }),
        // silu's limit at -inf is -0 (x e^x would give NaN there).
        (.silu, { $0 >= 0 ? $0 / (1 + Foundation.exp(-$0))
            : ($0 == -.infinity ? -0.0 : $0 * Foundation.exp($0) / (1 + Foundation.exp($0))) }),
    ]

    /// Distance in representable floats between `y` and the reference `r`; NaN matches only NaN, and a zero of
    /// the wrong sign counts as a miss.
    static func ulpDistance(_ y: Float, _ r: Float) -> UInt64 {
        if r.isNaN || y.isNaN { return r.isNaN && y.isNaN ? 0 : .max }
        if y == 0 && r == 0 { return y.sign == r.sign ? 0 : .max }
        let (a, b) = (ordered(y), ordered(r))
        return a > b ? UInt64(a - b) : UInt64(b - a)
    }

    /// The float's position on a line where consecutive floats differ by one (±0 share a position).
    private static func ordered(_ x: Float) -> Int64 {
        let bits = Int64(x.bitPattern & 0x7fff_ffff)
        return x.sign == .minus ? -bits : bits
    }
}
