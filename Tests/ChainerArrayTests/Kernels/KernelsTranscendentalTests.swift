import Foundation
import Testing
@testable import ChainerArray

/// Every supported ISA level's float32 exp, expm1, log, log1p, tanh, sigmoid (and softplus, silu built on them)
/// against float64 references over the whole float32 range.
@Suite struct KernelsTranscendental {
    static let supported = KernelISA.allCases.filter(\.isSupported)

    @Test(arguments: TranscendentalSamples.functions.indices)
    func maxULPWithinFour(_ index: Int) {
        let (op, reference) = TranscendentalSamples.functions[index]
        let xs = TranscendentalSamples.inputs
        let expected = xs.map { Float(reference(Double($0))) }
        for isa in Self.supported {
            var ys = [Float](repeating: 0, count: xs.count)
            let ran = xs.withUnsafeBufferPointer { px in
                ys.withUnsafeMutableBufferPointer { py in
                    isa.unary(op, count: xs.count, px.baseAddress!, stride: 1, py.baseAddress!, stride: 1)
                }
            }
            #expect(ran, "\(op) on \(isa): kernel did not run")
            var worst: UInt64 = 0, worstAt = 0
            for i in xs.indices {
                let d = TranscendentalSamples.ulpDistance(ys[i], expected[i])
                if d > worst { (worst, worstAt) = (d, i) }
            }
            print("KernelsTranscendental: \(op) on \(isa.name): max \(worst) ULP over \(xs.count) inputs")
            #expect(worst <= 4, "\(op) on \(isa): \(worst) ULP at x = \(xs[worstAt]) (got \(ys[worstAt]), want \(expected[worstAt]))")
        }
    }

    @Test(arguments: KernelISA.allCases)
    func specialValuesExact(_ isa: KernelISA) throws {
        try #require(isa.isSupported)
        let inf = Float.infinity, tiny = Float.leastNonzeroMagnitude, big = Float.greatestFiniteMagnitude
        // (op, input, exact output); NaN expected means any NaN.
        let cases: [(UnaryOp, Float, Float)] = [
            (.exp, 0, 1), (.exp, -0.0, 1), (.exp, inf, inf), (.exp, -inf, 0), (.exp, .nan, .nan), (.exp, 89, inf),
            (.exp, -104, 0), (.exp, big, inf), (.exp, -big, 0), (.exp, -103.5, Float(Foundation.exp(-103.5))),
            (.expm1, 0, 0), (.expm1, -0.0, -0.0), (.expm1, inf, inf), (.expm1, -inf, -1), (.expm1, .nan, .nan),
            (.expm1, tiny, tiny), (.expm1, -tiny, -tiny), (.expm1, 100, inf), (.expm1, -100, -1),
            (.log, 1, 0), (.log, 0, -inf), (.log, -0.0, -inf), (.log, inf, inf), (.log, -inf, .nan),
            (.log, -1, .nan), (.log, -tiny, .nan), (.log, .nan, .nan), (.log, tiny, Float(Foundation.log(Double(tiny)))),
            (.log1p, 0, 0), (.log1p, -0.0, -0.0), (.log1p, -1, -inf), (.log1p, -2, .nan), (.log1p, inf, inf),
            (.log1p, -inf, .nan), (.log1p, .nan, .nan), (.log1p, tiny, tiny), (.log1p, -tiny, -tiny),
            (.tanh, 0, 0), (.tanh, -0.0, -0.0), (.tanh, inf, 1), (.tanh, -inf, -1), (.tanh, 20, 1), (.tanh, -20, -1),
            (.tanh, big, 1), (.tanh, .nan, .nan), (.tanh, tiny, tiny), (.tanh, -tiny, -tiny),
            (.tanh, 0x1p-20, 0x1p-20), (.tanh, -0x1p-20, -0x1p-20),
            (.sigmoid, 0, 0.5), (.sigmoid, -0.0, 0.5), (.sigmoid, inf, 1), (.sigmoid, -inf, 0), (.sigmoid, .nan, .nan),
            (.sigmoid, 20, 1), (.sigmoid, -120, 0), (.sigmoid, -100, Float(Foundation.exp(-100.0))),
            (.softplus, inf, inf), (.softplus, -inf, 0), (.softplus, .nan, .nan), (.softplus, 0, Float(M_LN2)),
            (.silu, 0, 0), (.silu, inf, inf), (.silu, -inf, -0.0), (.silu, .nan, .nan), (.silu, -120, -0.0),
        ]
        for (op, x, want) in cases {
            var y: Float = 0, input = x
            #expect(isa.unary(op, count: 1, &input, stride: 1, &y, stride: 1))
            #expect(TranscendentalSamples.ulpDistance(y, want) == 0, "\(op)(\(x)) on \(isa) = \(y), want \(want)")
        }
    }
}
