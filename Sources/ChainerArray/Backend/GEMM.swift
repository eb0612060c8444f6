import CChainerKernels

/// Element types with a GEMM (float32 and float64): the BLAS call and the built-in kernel of one ISA level.
protocol GEMMScalar: NDArrayElement, FloatingPoint {
    /// Calls the library's cblas_?gemm (row-major; all sizes already checked to fit Int32).
    static func blasGemm(_ lib: BLAS.Library, _ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Self,
                         _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int, _ beta: Self,
                         _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
    /// Calls the built-in kernel of `isa` on one thread.
    static func builtinGemm(isa: Int32, _ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Self,
                            _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int, _ beta: Self,
                            _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
    /// C (m×n, overwritten) = A·Bᵀ with both read along k, on one thread (the built-in kernel of `isa`, or the active).
    static func builtinDots(isa: Int32?, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Self>, _ lda: Int,
                            _ b: UnsafePointer<Self>, _ ldb: Int, _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
}

extension Float: GEMMScalar {
    static func blasGemm(_ lib: BLAS.Library, _ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                         _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
                         _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        lib.sgemm(BLAS.rowMajor, tA ? BLAS.trans : BLAS.noTrans, tB ? BLAS.trans : BLAS.noTrans, Int32(m), Int32(n),
                  Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    static func builtinGemm(isa: Int32, _ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                            _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        let ok = ck_sgemm_isa(isa, tA ? 1 : 0, tB ? 1 : 0, Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b,
                              Int64(ldb), beta, c, Int64(ldc))
        precondition(ok != 0, "gemm: this CPU cannot run the \(String(cString: ck_isa_name(isa))) kernels")
    }
    static func builtinDots(isa: Int32?, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                            _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        guard let isa else { return ck_sdots(Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc)) }
        let ok = ck_sdots_isa(isa, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc))
        precondition(ok != 0, "gemm: this CPU cannot run the \(String(cString: ck_isa_name(isa))) kernels")
    }
}

extension Double: GEMMScalar {
    static func blasGemm(_ lib: BLAS.Library, _ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                         _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int, _ beta: Double,
                         _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        lib.dgemm(BLAS.rowMajor, tA ? BLAS.trans : BLAS.noTrans, tB ? BLAS.trans : BLAS.noTrans, Int32(m), Int32(n),
                  Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    static func builtinGemm(isa: Int32, _ tA: Bool, _ tB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                            _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int, _ beta: Double,
                            _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        let ok = ck_dgemm_isa(isa, tA ? 1 : 0, tB ? 1 : 0, Int64(m), Int64(n), Int64(k), alpha, a, Int64(lda), b,
                              Int64(ldb), beta, c, Int64(ldc))
        precondition(ok != 0, "gemm: this CPU cannot run the \(String(cString: ck_isa_name(isa))) kernels")
    }
    static func builtinDots(isa: Int32?, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ lda: Int,
                            _ b: UnsafePointer<Double>, _ ldb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) {
        guard let isa else { return ck_ddots(Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc)) }
        let ok = ck_ddots_isa(isa, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc))
        precondition(ok != 0, "gemm: this CPU cannot run the \(String(cString: ck_isa_name(isa))) kernels")
    }
}

/// Rows and columns of C one built-in work item computes. Fixed, so the summation order (and every bit of the
/// result) does not depend on the thread count.
private let builtinRowBlock = 120, builtinColBlock = 512

/// C = alpha·op(A)·op(B) + beta·C (row-major; op transposes when the flag is set), on the runtime BLAS when one is
/// loaded and the sizes fit its 32-bit interface, else on the built-in kernels (of `isa`, default the active one),
/// split over threads by blocks of C when `threaded`.
func gemm<T: GEMMScalar>(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: T, a: UnsafePointer<T>, lda: Int,
                         b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int,
                         threaded: Bool = true, isa: Int32? = nil) {
    if m <= 0 || n <= 0 { return }
    if !transA && transB && splitKPays(m: m, n: n, k: k) {
        return splitKGemm(m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc,
                          threaded: threaded, isa: isa)
    }
    if isa == nil, k > 0, let lib = BLAS.active, blasAccepts(transA: transA, transB: transB, m: m, n: n, k: k,
                                                               lda: lda, ldb: ldb, ldc: ldc) {
        T.blasGemm(lib, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        return
    }
    let isa = isa ?? ck_isa_active()
    let rowBlocks = (m + builtinRowBlock - 1) / builtinRowBlock, colBlocks = (n + builtinColBlock - 1) / builtinColBlock
    let run: (Range<Int>) -> Void = { items in
        for item in items {
            let i0 = (item / colBlocks) * builtinRowBlock, j0 = (item % colBlocks) * builtinColBlock
            let mb = Swift.min(builtinRowBlock, m - i0), nb = Swift.min(builtinColBlock, n - j0)
            T.builtinGemm(isa: isa, transA, transB, mb, nb, k, alpha, a + (transA ? i0 : i0 * lda), lda,
                          b + (transB ? j0 * ldb : j0), ldb, beta, c + i0 * ldc + j0, ldc)
        }
    }
    if threaded {
        Parallel.forEach(rowBlocks * colBlocks, costPerItem: builtinRowBlock * Swift.min(n, builtinColBlock) * Swift.max(k, 1), run)
    } else {
        run(0..<(rowBlocks * colBlocks))
    }
}

/// Whether CBLAS accepts these arguments: sizes within Int32, leading dimensions at least the stored row length.
private func blasAccepts(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, lda: Int, ldb: Int, ldc: Int) -> Bool {
    let limit = Int(Int32.max)
    guard m <= limit, n <= limit, k <= limit, lda <= limit, ldb <= limit, ldc <= limit else { return false }
    return lda >= Swift.max(1, transA ? m : k) && ldb >= Swift.max(1, transB ? k : n) && ldc >= Swift.max(1, n)
}

/// Depth of one split-k piece: its rows of A and B (up to `splitKMaxC` of them) stay in L2 while C is swept.
private let splitKChunk = 1024, splitKMaxC = 32 * 32

/// Whether `splitKGemm` beats a BLAS on A·Bᵀ: C too small to give every thread blocks of its own, k long enough to
/// give every thread pieces of it.
private func splitKPays(m: Int, n: Int, k: Int) -> Bool {
    m * n <= splitKMaxC && k >= 8 * splitKChunk
}

/// C = alpha·A·Bᵀ + beta·C by fixed pieces of k (partial products on any thread, then added in piece order, so the
/// result does not depend on the thread count).
private func splitKGemm<T: GEMMScalar>(m: Int, n: Int, k: Int, alpha: T, a: UnsafePointer<T>, lda: Int,
                                       b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int,
                                       threaded: Bool, isa: Int32?) {
    let pieces = (k + splitKChunk - 1) / splitKChunk, size = m * n
    let partial = UnsafeMutablePointer<T>.allocate(capacity: pieces * size)
    defer { partial.deallocate() }
    let run: (Range<Int>) -> Void = { items in
        for p in items {
            let k0 = p * splitKChunk
            T.builtinDots(isa: isa, m, n, Swift.min(splitKChunk, k - k0), a + k0, lda, b + k0, ldb, partial + p * size, n)
        }
    }
    if threaded { Parallel.forEach(pieces, costPerItem: size * splitKChunk, run) } else { run(0..<pieces) }
    sumInPieceOrder(partial, pieces: pieces, size: size) { e, s in
        let cij = c + (e / n) * ldc + e % n
        cij.pointee = beta == 0 ? alpha * s : alpha * s + beta * cij.pointee
    }
}
