import Testing
@testable import ChainerArray

/// The fused Adam kernel against a scalar reference written from the update's definition, on every ISA level.
@Suite struct AdamKernel {
    /// The reference step, one float32 operation at a time (the order the kernel documents).
    static func reference(_ p: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float], _ vhat: inout [Float]?,
                          _ k: OptimizerKernels.AdamCoefficients) {
        for i in p.indices {
            m[i] = m[i] + k.c1 * (g[i] - m[i])
            v[i] = v[i] + k.c2 * (g[i] * g[i] - v[i])
            var d = v[i]
            if vhat != nil { vhat![i] = v[i] > vhat![i] ? v[i] : vhat![i]; d = vhat![i] }
            var step = k.alphaT / ((d < 0 ? 0 : d).squareRoot() + k.eps)
            step = step < k.lower ? k.lower : step
            step = step > k.upper ? k.upper : step
            p[i] = k.decay * p[i] + k.scale * (step * m[i])
        }
    }

    static func run(_ isa: KernelISA, amsgrad: Bool, bounded: Bool, decay: Float) {
        // Odd count, more than one parallel item, so vector tails and chunk edges are both crossed.
        let n = 3 * 4096 + 37
        // A private generator: the global one is shared with tests running in parallel.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func draw(_ scale: Float, signed: Bool) -> [Float] {
            (0..<n).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let u = Float(state >> 40) / Float(1 << 24)
                return (signed ? 2 * u - 1 : u) * scale
            }
        }
        let p0 = draw(1, signed: true), g = draw(1, signed: true), m0 = draw(0.1, signed: true)
        let v0 = draw(0.01, signed: false)
        let vh0: [Float]? = amsgrad ? draw(0.01, signed: false) : nil
        let k = OptimizerKernels.AdamCoefficients(c1: 0.1, c2: 0.001, alphaT: 3e-4, eps: 1e-8, decay: decay, scale: -1,
                                                  lower: bounded ? 1e-3 : -.infinity, upper: bounded ? 5e-3 : .infinity)
        var (pr, mr, vr, vhr) = (p0, m0, v0, vh0)
        reference(&pr, g, &mr, &vr, &vhr, k)
        var (pk, mk, vk, vhk) = (p0, m0, v0, vh0 ?? [0])
        pk.withUnsafeMutableBufferPointer { pp in
            mk.withUnsafeMutableBufferPointer { mp in
                vk.withUnsafeMutableBufferPointer { vp in
                    vhk.withUnsafeMutableBufferPointer { hp in
                        g.withUnsafeBufferPointer { gp in
                            OptimizerKernels.adam(count: n, param: pp.baseAddress!, grad: gp.baseAddress!, m: mp.baseAddress!,
                                                  v: vp.baseAddress!, vhat: amsgrad ? hp.baseAddress! : nil, k, isa: isa)
                        }
                    }
                }
            }
        }
        #expect(pk == pr, "param differs on \(isa) (amsgrad \(amsgrad), bounded \(bounded))")
        #expect(mk == mr && vk == vr, "state differs on \(isa)")
        if amsgrad { #expect(vhk == vhr!, "vhat differs on \(isa)") }
        #expect(pk != p0, "the step changed nothing")
    }

    @Test(arguments: KernelISA.allCases)
    func matchesReference(_ isa: KernelISA) throws {
        try #require(isa.isSupported)
        Self.run(isa, amsgrad: false, bounded: false, decay: 1)
        Self.run(isa, amsgrad: true, bounded: false, decay: 0.99)
        Self.run(isa, amsgrad: false, bounded: true, decay: 1)
    }

    @Test func nanPropagates() {
        var p: [Float] = [1, 2], m: [Float] = [0, 0], v: [Float] = [0, 0]
        let g: [Float] = [.nan, 1]
        let k = OptimizerKernels.AdamCoefficients(c1: 0.1, c2: 0.001, alphaT: 1e-3, eps: 1e-8, decay: 1, scale: -1)
        OptimizerKernels.adam(count: 2, param: &p, grad: g, m: &m, v: &v, vhat: nil, k)
        #expect(p[0].isNaN && !p[1].isNaN)
    }
}
