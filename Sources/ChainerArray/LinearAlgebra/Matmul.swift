extension NDArray {
    /// Matrix product with NumPy's `matmul` rules: 1-D operands gain (then lose) an axis, leading axes broadcast as
    /// batch axes. float16/bfloat16 compute in float32, integers and bool in int64; mixed dtypes promote.
    public func matmul(_ other: NDArray) -> NDArray {
        precondition(ndim >= 1 && other.ndim >= 1,
                     "matmul: operands need at least one dimension (shapes \(shape) (\(dtype)) and \(other.shape) (\(other.dtype)))")
        let a = ndim == 1 ? expandDims(0) : self
        let b = other.ndim == 1 ? other.expandDims(1) : other
        let m = a.shape[a.ndim - 2], k = a.shape[a.ndim - 1], kb = b.shape[b.ndim - 2], n = b.shape[b.ndim - 1]
        precondition(k == kb, "matmul: shapes \(shape) (\(dtype)) and \(other.shape) (\(other.dtype)) do not align: dimension \(k) of the first (axis \(ndim - 1)) != dimension \(kb) of the second (axis \(Swift.max(other.ndim - 2, 0)))")
        guard let batch = Layout.broadcastShape([Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2))]) else {
            preconditionFailure("matmul: batch axes of shapes \(shape) (\(dtype)) and \(other.shape) (\(other.dtype)) do not broadcast")
        }
        let product = batchedMatmul(a, b, batch: batch, m: m, n: n, k: k, resultType: DType.promote(dtype, other.dtype))
        var finalShape = batch
        if ndim > 1 { finalShape.append(m) }
        if other.ndim > 1 { finalShape.append(n) }
        return product.reshaped(finalShape)
    }
}

/// `a` (…×m×k) times `b` (…×k×n) over broadcast `batch` axes, giving a contiguous batch+[m, n] array of `resultType`.
func batchedMatmul(_ a: NDArray, _ b: NDArray, batch: [Int], m: Int, n: Int, k: Int, resultType: DType) -> NDArray {
    let computeType: DType = switch resultType {
    case .float32, .float64: resultType
    case .float16, .bfloat16: .float32
    default: .int64
    }
    let a = a.cast(computeType), b = b.cast(computeType)
    var out = NDArray(uninitializedShape: batch + [m, n], dtype: computeType)
    if out.size > 0 {
        if k == 0 {
            out = NDArray.zeros(out.shape, dtype: computeType)
        } else {
            switch computeType {
            case .float32: floatMatmul(Float.self, a, b, into: out, batch: batch, m: m, n: n, k: k)
            case .float64: floatMatmul(Double.self, a, b, into: out, batch: batch, m: m, n: n, k: k)
            default: intMatmul(a, b, into: out, batch: batch, m: m, n: n, k: k)
            }
        }
    }
    return out.cast(resultType)
}

/// How GEMM reads a rows×cols matrix with element strides (rs, cs) in place: transposed or not, and its leading
/// dimension. Nil when neither stride is 1 (or one is negative), so the operand needs a contiguous copy.
func gemmLayout(rows: Int, cols: Int, rs: Int, cs: Int) -> (trans: Bool, ld: Int)? {
    if cs == 1 || cols == 1 {
        let ld = rows == 1 ? Swift.max(cols, 1) : rs
        if ld >= Swift.max(cols, 1) { return (false, ld) }
    }
    if rs == 1 || rows == 1 {
        let ld = cols == 1 ? Swift.max(rows, 1) : cs
        if ld >= Swift.max(rows, 1) { return (true, ld) }
    }
    return nil
}

/// Element offsets of every batch item, for an operand whose batch axes have `strides` (0 where broadcast).
func batchOffsets(_ batch: [Int], _ strides: [Int]) -> [Int] {
    var offsets = [0]
    for (d, s) in zip(batch, strides) {
        var next: [Int] = []
        next.reserveCapacity(offsets.count * d)
        for o in offsets { for i in 0..<d { next.append(o + i * s) } }
        offsets = next
    }
    return offsets
}

/// Batch strides of an operand of matrices, broadcast to `batch`.
private func batchStrides(_ x: NDArray, _ batch: [Int]) -> [Int] {
    Layout.broadcastStrides(Array(x.shape.dropLast(2)), Array(x.strides.dropLast(2)), to: batch)
}

/// The operand (copied to contiguous when GEMM cannot read it in place) and how GEMM reads its matrices.
private func gemmOperand(_ x: NDArray) -> (NDArray, trans: Bool, ld: Int) {
    let nd = x.ndim
    if let l = gemmLayout(rows: x.shape[nd - 2], cols: x.shape[nd - 1], rs: x.strides[nd - 2], cs: x.strides[nd - 1]) {
        return (x, l.trans, l.ld)
    }
    let c = x.copy()
    return (c, false, Swift.max(c.shape[nd - 1], 1))
}

private func floatMatmul<T: GEMMScalar>(_: T.Type, _ a: NDArray, _ b: NDArray, into out: NDArray, batch: [Int],
                                        m: Int, n: Int, k: Int) {
    let batchCount = Layout.count(batch)
    let c = out.pointer(T.self)
    // A contiguous stack of matrices times one shared matrix is a single GEMM with batch·m rows.
    if batchStrides(b, batch).allSatisfy({ $0 == 0 }) && a.isContiguous && Array(a.shape.dropLast(2)) == batch {
        let (bx, tB, ldb) = gemmOperand(b)
        gemm(transA: false, transB: tB, m: batchCount * m, n: n, k: k, alpha: 1, a: a.pointer(T.self), lda: k,
             b: bx.pointer(T.self), ldb: ldb, beta: 0, c: c, ldc: n)
        return
    }
    let (ax, tA, lda) = gemmOperand(a), (bx, tB, ldb) = gemmOperand(b)
    let aOff = batchOffsets(batch, batchStrides(ax, batch)), bOff = batchOffsets(batch, batchStrides(bx, batch))
    let ap = ax.pointer(T.self), bp = bx.pointer(T.self)
    let one: (Int, Bool) -> Void = { i, threaded in
        gemm(transA: tA, transB: tB, m: m, n: n, k: k, alpha: 1, a: ap + aOff[i], lda: lda, b: bp + bOff[i], ldb: ldb,
             beta: 0, c: c + i * m * n, ldc: n, threaded: threaded)
    }
    if BLAS.active == nil && batchCount >= Parallel.threadCount && batchCount > 1 {
        // Built-in kernels with enough matrices to go round: whole matrices are the parallel items. Either way
        // each matrix is cut into the same blocks, so the result does not depend on the choice.
        Parallel.forEach(batchCount, costPerItem: m * n * k) { r in for i in r { one(i, false) } }
    } else {
        for i in 0..<batchCount { one(i, true) }
    }
}

/// Integer (and bool) products in int64 with wrapping arithmetic, read through the operands' strides.
private func intMatmul(_ a: NDArray, _ b: NDArray, into out: NDArray, batch: [Int], m: Int, n: Int, k: Int) {
    let aOff = batchOffsets(batch, batchStrides(a, batch)), bOff = batchOffsets(batch, batchStrides(b, batch))
    let (ars, acs) = (a.strides[a.ndim - 2], a.strides[a.ndim - 1]), (brs, bcs) = (b.strides[b.ndim - 2], b.strides[b.ndim - 1])
    let ap = a.pointer(Int64.self), bp = b.pointer(Int64.self), c = out.pointer(Int64.self)
    Parallel.forEach(aOff.count * m, costPerItem: n * k) { rows in
        for row in rows {
            let bi = row / m, i = row % m
            let crow = c + row * n
            for j in 0..<n { crow[j] = 0 }
            let arow = ap + aOff[bi] + i * ars, bmat = bp + bOff[bi]
            for p in 0..<k {
                let av = arow[p * acs]
                let brow = bmat + p * brs
                for j in 0..<n { crow[j] &+= av &* brow[j * bcs] }
            }
        }
    }
}
