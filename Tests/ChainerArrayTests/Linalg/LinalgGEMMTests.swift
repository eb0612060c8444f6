import CChainerKernels
import Foundation
import Testing
@testable import ChainerArray

@Suite struct LinalgGEMMTests {
    /// ISA levels this CPU runs (always includes the default kernels).
    static var isas: [Int32] { [CK_ISA_DEFAULT, CK_ISA_V3, CK_ISA_V4].map { Int32($0.rawValue) }.filter { ck_isa_supported($0) != 0 } }

    /// C = 0.5·op(A)·op(B) − 2·C for every transpose combination, on one ISA's built-in kernels or on the BLAS.
    func checkAlphaBeta<T: GEMMScalar>(_: T.Type, isa: Int32?, threaded: Bool, rtol: Double) throws {
        let fx = try LinalgFixture.load()
        let dtype = T.dtype
        let a = try #require(fx["gemm_a"]).cast(dtype), b = try #require(fx["gemm_b"]).cast(dtype)
        let c0 = try #require(fx["gemm_c"]).cast(dtype)
        let expected = try #require(fx[dtype == .float32 ? "gemm_out" : "gemm_out64"])
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
            let ax = tA ? a.T.copy() : a.copy(), bx = tB ? b.T.copy() : b.copy()
            let c = c0.copy()
            gemm(transA: tA, transB: tB, m: m, n: n, k: k, alpha: T(fromDouble: 0.5), a: ax.pointer(T.self), lda: ax.shape[1],
                 b: bx.pointer(T.self), ldb: bx.shape[1], beta: T(fromDouble: -2), c: c.pointer(T.self), ldc: n,
                 threaded: threaded, isa: isa)
            expectArray(c, expected, rtol: rtol, atol: rtol, "isa \(isa.map { String($0) } ?? "BLAS") tA \(tA) tB \(tB)")
        }
    }

    @Test(arguments: isas)
    func builtinKernelsPerISA(_ isa: Int32) throws {
        try checkAlphaBeta(Float.self, isa: isa, threaded: false, rtol: 1e-5)
        try checkAlphaBeta(Double.self, isa: isa, threaded: true, rtol: 1e-12)
    }

    @Test func runtimeBLASPath() throws {
        try checkAlphaBeta(Float.self, isa: nil, threaded: true, rtol: 1e-5)
        try checkAlphaBeta(Double.self, isa: nil, threaded: true, rtol: 1e-12)
    }

    /// Shapes around the tile sizes (6×16, 6×8), the 256-deep K panels and the 120×512 blocks of C threads take.
    @Test(arguments: isas)
    func tileEdgesPerISA(_ isa: Int32) throws {
        let fx = try LinalgFixture.load()
        for name in ["f32_tiles", "f32_deepk", "f32_tallm", "f32_widen", "mm2d", "trans"] {
            let a = try #require(fx[name + "_a"]), b = try #require(fx[name + "_b"])
            let expected = try #require(fx[name + "_out"])
            let (av, bv) = name == "trans" ? (a.T.copy(), b.T.copy()) : (a, b)
            let (m, k, n) = (av.shape[0], av.shape[1], bv.shape[1])
            if a.dtype == .float32 {
                let c = NDArray.full([m, n], .nan, dtype: .float32)  // beta = 0 must overwrite NaN
                gemm(transA: false, transB: false, m: m, n: n, k: k, alpha: Float(1), a: av.pointer(Float.self), lda: k,
                     b: bv.pointer(Float.self), ldb: n, beta: 0, c: c.pointer(Float.self), ldc: n, isa: isa)
                expectArray(c, expected, rtol: 1e-5, atol: 1e-5, "\(name) isa \(isa)")
            } else {
                let c = NDArray.full([m, n], .nan, dtype: .float64)
                gemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1.0, a: av.pointer(Double.self), lda: k,
                     b: bv.pointer(Double.self), ldb: n, beta: 0, c: c.pointer(Double.self), ldc: n, isa: isa)
                expectArray(c, expected, rtol: 1e-12, atol: 1e-12, "\(name) isa \(isa)")
            }
        }
    }

    /// A·Bᵀ with a small C and a long k takes the split-k dot kernel: edges of its 4×4 blocks, a k that ends inside a
    /// piece and inside a vector, alpha and beta, and the same bits on one thread as on all of them.
    @Test(arguments: isas)
    func splitKPerISA(_ isa: Int32) throws {
        for (m, n) in [(20, 25), (7, 9), (1, 1)] {
            let k = 8 * 1024 + 13
            let a = NDArray.uniform([m, k], low: -1, high: 1, dtype: .float64)
            let b = NDArray.uniform([n, k], low: -1, high: 1, dtype: .float64)
            let c0 = NDArray.uniform([m, n], low: -1, high: 1, dtype: .float64)
            // The reference: plain float64 sums, in no kernel at all.
            let av = a.asArray(Double.self), bv = b.asArray(Double.self), cv = c0.asArray(Double.self)
            var ref = [Double](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k { s += av[i * k + p] * bv[j * k + p] }
                    ref[i * n + j] = 0.5 * s - 2 * cv[i * n + j]
                }
            }
            let expected = NDArray(ref, shape: [m, n])
            func run<T: GEMMScalar>(_: T.Type, threaded: Bool) -> NDArray {
                let ax = a.astype(T.dtype), bx = b.astype(T.dtype), c = c0.astype(T.dtype)
                gemm(transA: false, transB: true, m: m, n: n, k: k, alpha: T(fromDouble: 0.5), a: ax.pointer(T.self),
                     lda: k, b: bx.pointer(T.self), ldb: k, beta: T(fromDouble: -2), c: c.pointer(T.self), ldc: n,
                     threaded: threaded, isa: isa)
                return c
            }
            let f32 = run(Float.self, threaded: true), f64 = run(Double.self, threaded: true)
            expectArray(f32, expected.astype(.float32), rtol: 1e-4, atol: 1e-3, "float32 \(m)x\(n) isa \(isa)")
            expectArray(f64, expected, rtol: 1e-11, atol: 1e-11, "float64 \(m)x\(n) isa \(isa)")
            #expect(run(Float.self, threaded: false).asArray(Float.self) == f32.asArray(Float.self))
        }
    }

    @Test func libraryMatchesEnvironment() {
        let env = ProcessInfo.processInfo.environment["CHAINER_BLAS"]
        if env?.lowercased() == "none" {
            #expect(BLAS.usingBuiltin && BLAS.info == nil)
        } else if env == nil && FileManager.default.fileExists(atPath: "/usr/lib/x86_64-linux-gnu/libopenblas.so.0") {
            #expect(!BLAS.usingBuiltin)
            #expect(BLAS.info?.vendor == "OpenBLAS")
            #expect((BLAS.info?.threads ?? 0) >= 1)
            #expect(BLAS.info?.coreType?.isEmpty == false)
        }
        BLAS.$forceBuiltin.withValue(true) { #expect(BLAS.active == nil) }
    }

    @Test func badLibraryPathFallsBack() async {
        await #expect(processExitsWith: .success) {
            setenv("CHAINER_BLAS", "/nonexistent/libnothing.so", 1)
            guard BLAS.usingBuiltin else { exit(1) }
            let r = NDArray([1, 2, 3, 4] as [Float], shape: [2, 2]).matmul(NDArray([1, 0, 0, 1] as [Float], shape: [2, 2]))
            exit(r.asArray(Float.self) == [1, 2, 3, 4] ? 0 : 1)
        }
    }
}
