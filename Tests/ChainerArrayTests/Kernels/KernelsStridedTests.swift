import Testing
@testable import ChainerArray

/// The strided kernel loops give the same bits as the contiguous (vectorised) ones, on every supported ISA level.
@Suite struct KernelsStrided {
    static let ops: [UnaryOp] = [.exp, .expm1, .log, .log1p, .tanh, .sigmoid, .softplus, .silu]

    @Test(arguments: KernelISA.allCases)
    func stridedMatchesContiguous(_ isa: KernelISA) throws {
        try #require(isa.isSupported)
        // A spread of magnitudes and signs, plus the special values, in an odd count so no loop tail is skipped.
        let all = TranscendentalSamples.inputs
        let xs = Swift.stride(from: 0, to: all.count, by: 379).map { all[$0] } + TranscendentalSamples.specials
        let n = xs.count
        for op in Self.ops {
            var contiguous = [Float](repeating: 0, count: n)
            #expect(isa.unary(op, count: n, xs, stride: 1, &contiguous, stride: 1))
            for (sx, sy) in [(3, 2), (1, 5), (4, 1), (-1, 1), (2, -3)] {
                // Lay xs out at stride sx (negative strides run backwards from the last slot).
                var src = [Float](repeating: .nan, count: n * Swift.abs(sx))
                for i in 0..<n { src[sx > 0 ? i * sx : (n - 1 - i) * -sx] = xs[i] }
                var dst = [Float](repeating: -7, count: n * Swift.abs(sy))
                let ran = src.withUnsafeBufferPointer { ps in
                    dst.withUnsafeMutableBufferPointer { pd in
                        isa.unary(op, count: n, ps.baseAddress! + (sx > 0 ? 0 : (n - 1) * -sx), stride: sx,
                                  pd.baseAddress! + (sy > 0 ? 0 : (n - 1) * -sy), stride: sy)
                    }
                }
                #expect(ran)
                var mismatches = 0
                for i in 0..<n {
                    let y = dst[sy > 0 ? i * sy : (n - 1 - i) * -sy]
                    if y.bitPattern != contiguous[i].bitPattern && !(y.isNaN && contiguous[i].isNaN) { mismatches += 1 }
                }
                #expect(mismatches == 0, "\(op) on \(isa), strides (\(sx), \(sy)): \(mismatches) of \(n) differ")
            }
        }
    }

    @Test func arrayOpsUseTheActiveLevel() {
        let xs = Swift.stride(from: -12.0, through: 12.0, by: 0.37).map { Float($0) }
        let a = NDArray(xs, shape: [xs.count])
        let ops: [(UnaryOp, NDArray)] = [(.exp, a.exp()), (.expm1, a.expm1()), (.log1p, a.abs().log1p()),
                                         (.tanh, a.tanh()), (.sigmoid, a.sigmoid())]
        for (op, result) in ops {
            let input = op == .log1p ? xs.map { Swift.abs($0) } : xs
            var direct = [Float](repeating: 0, count: xs.count)
            #expect(KernelISA.active.unary(op, count: xs.count, input, stride: 1, &direct, stride: 1))
            #expect(result.asArray(Float.self) == direct, "\(op): NDArray result differs from the \(KernelISA.active) kernel")
        }
    }
}

/// The ISA level queries.
@Suite struct KernelsISA {
    @Test func levels() {
        #expect(KernelISA.baseline.isSupported)
        #expect(KernelISA.active.isSupported)
        #expect(KernelISA.allCases.map(\.name) == ["default", "x86-64-v3", "x86-64-v4"])
        // Levels are nested: a CPU that runs v4 runs v3.
        if KernelISA.x86_64_v4.isSupported { #expect(KernelISA.x86_64_v3.isSupported) }
        #expect(KernelISA.active.rawValue >= KernelISA.allCases.filter(\.isSupported).map(\.rawValue).min()!)
    }
}
