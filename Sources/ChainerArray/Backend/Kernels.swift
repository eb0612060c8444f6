import CChainerKernels

/// The x86-64 instruction-set levels the C kernels are compiled for; one is picked at load time.
public enum KernelISA: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// SSE2, runs on every x86-64 CPU (and is the only level elsewhere).
    case baseline
    /// AVX2 and FMA.
    case x86_64_v3
    /// AVX-512 (F, BW, CD, DQ, VL).
    case x86_64_v4

    /// The level whose kernels are in use (the CPU's best, or the one `CHAINER_KERNEL_ISA=default|v3|v4` names).
    public static var active: KernelISA { KernelISA(rawValue: Int(ck_isa_active())) ?? .baseline }

    /// Whether this CPU can run the kernels of this level.
    public var isSupported: Bool { ck_isa_supported(code) != 0 }

    /// "default", "x86-64-v3" or "x86-64-v4".
    public var name: String { String(cString: ck_isa_name(code)) }

    /// The name, as `chainer info` prints it.
    public var description: String { name }

    /// The C kernels' `ck_isa` value.
    var code: Int32 { Int32(rawValue) }

    /// Runs a float32 unary kernel of this level on raw strided buffers without switching the active level, so
    /// tests can compare levels side by side; false (and nothing written) when the CPU cannot run this level.
    func unary(_ op: UnaryOp, count: Int, _ x: UnsafePointer<Float>, stride sx: Int,
               _ y: UnsafeMutablePointer<Float>, stride sy: Int) -> Bool {
        ck_unary_f32_isa(code, op.code, Int64(count), x, Int64(sx), y, Int64(sy)) != 0
    }

    /// The float64 counterpart of `unary(_:count:_:stride:_:stride:)`.
    func unary(_ op: UnaryOp, count: Int, _ x: UnsafePointer<Double>, stride sx: Int,
               _ y: UnsafeMutablePointer<Double>, stride sy: Int) -> Bool {
        ck_unary_f64_isa(code, op.code, Int64(count), x, Int64(sx), y, Int64(sy)) != 0
    }
}
