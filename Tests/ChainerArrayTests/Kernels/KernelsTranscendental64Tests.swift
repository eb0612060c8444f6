import Foundation
import Testing
@testable import ChainerArray

#if arch(x86_64)
/// The reference precision: x87 extended where available, so the float64 kernels are judged against better than
/// float64 libm.
typealias WideReal = Float80
#else
typealias WideReal = Double
#endif

/// The float64 kernels (same algorithms as float32, longer polynomials) against extended-precision references.
@Suite struct KernelsTranscendental64 {
    /// Random bit patterns of every magnitude, with half of them drawn from |x| in [2^-60, 2^11) where the
    /// functions do most of their work, plus binade edges and special values.
    static let inputs: [Double] = {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        var xs: [Double] = []
        for i in 0..<400_000 {
            var u = next()
            if i % 2 == 1 {
                let e = UInt64(Int(next() % 71) - 60 + 1023)
                u = (u & 0x800f_ffff_ffff_ffff) | (e << 52)
            }
            xs.append(Double(bitPattern: u))
        }
        for e in -1074...1023 where e % 7 == 0 || e < -1000 || e > 1000 {
            let low = Double(sign: .plus, exponent: e, significand: 1)
            xs += [low, low.nextUp, low.nextDown, -low, -low.nextUp]
        }
        for t in [709.782712893384, -708.3964185322641, -745.1332191019411, 19.061547465398498, -37.42994775023705,
                  1, -1, 0.6931471805599453, 0x1p-27, 0x1p-53] {
            var x = t
            for _ in 0..<64 { xs += [x, -x]; x = x.nextUp }
        }
        return xs + [0, -0.0, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                     .leastNormalMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 1000, -1000]
    }()

    static let functions: [(op: UnaryOp, reference: @Sendable (WideReal) -> WideReal)] = [
        (.exp, { Foundation.exp($0) }),
        (.expm1, { Foundation.expm1($0) }),
        (.log, { Foundation.log($0) }),
        (.log1p, { Foundation.log1p($0) }),
        (.tanh, { Foundation.tanh($0) }),
        (.sigmoid, { $0 >= 0 ? 1 / (1 + Foundation.exp(-$0)) : Foundation.exp($0) / (1 + Foundation.exp($0)) }),
        (.softplus, { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) }),
        (.silu, { $0 >= 0 ? $0 / (1 + Foundation.exp(-$0))
            : ($0 == -.infinity ? -0.0 : $0 * Foundation.exp($0) / (1 + Foundation.exp($0))) }),
    ]

    /// Distance in representable doubles; NaN matches only NaN and a zero of the wrong sign is a miss.
    static func ulpDistance(_ y: Double, _ r: Double) -> UInt64 {
        if r.isNaN || y.isNaN { return r.isNaN && y.isNaN ? 0 : .max }
        if y == 0 && r == 0 { return y.sign == r.sign ? 0 : .max }
        func ordered(_ x: Double) -> Int64 {
            let bits = Int64(bitPattern: x.bitPattern & 0x7fff_ffff_ffff_ffff)
            return x.sign == .minus ? -bits : bits
        }
        let (a, b) = (ordered(y), ordered(r))
        return a > b ? UInt64(a - b) : UInt64(b - a)
    }

    @Test(arguments: functions.indices)
    func maxULPWithinFour(_ index: Int) {
        let (op, reference) = Self.functions[index]
        let xs = Self.inputs
        let expected = xs.map { Double(reference(WideReal($0))) }
        for isa in KernelISA.allCases where isa.isSupported {
            var ys = [Double](repeating: 0, count: xs.count)
            #expect(isa.unary(op, count: xs.count, xs, stride: 1, &ys, stride: 1))
            var worst: UInt64 = 0, worstAt = 0
            for i in xs.indices {
                let d = Self.ulpDistance(ys[i], expected[i])
                if d > worst { (worst, worstAt) = (d, i) }
            }
            print("KernelsTranscendental64: \(op) on \(isa.name): max \(worst) ULP over \(xs.count) inputs")
            #expect(worst <= 4, "\(op) on \(isa): \(worst) ULP at x = \(xs[worstAt]) (got \(ys[worstAt]), want \(expected[worstAt]))")
        }
    }

    @Test(arguments: KernelISA.allCases)
    func stridedMatchesContiguous(_ isa: KernelISA) throws {
        try #require(isa.isSupported)
        let xs = Swift.stride(from: 0, to: Self.inputs.count, by: 211).map { Self.inputs[$0] }
        let n = xs.count
        for op in Self.functions.map(\.op) {
            var contiguous = [Double](repeating: 0, count: n)
            #expect(isa.unary(op, count: n, xs, stride: 1, &contiguous, stride: 1))
            var src = [Double](repeating: .nan, count: 3 * n), dst = [Double](repeating: -7, count: 2 * n)
            for i in 0..<n { src[3 * i] = xs[i] }
            #expect(isa.unary(op, count: n, src, stride: 3, &dst, stride: 2))
            let mismatches = (0..<n).filter { i in
                dst[2 * i].bitPattern != contiguous[i].bitPattern && !(dst[2 * i].isNaN && contiguous[i].isNaN)
            }.count
            #expect(mismatches == 0, "\(op) on \(isa), strides (3, 2): \(mismatches) of \(n) differ")
        }
    }
}
