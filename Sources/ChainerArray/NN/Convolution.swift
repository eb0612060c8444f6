import CChainerKernels

/// 2-D convolution primitives on NCHW arrays: im2col + GEMM. Columns are laid out (C·kh·kw, N·oh·ow) so that one GEMM
/// per group covers the whole batch, for the output as well as for the filter gradient; when that matrix would be
/// too large to stay in cache, the work goes image by image instead (see `imageByImage`).
extension NDArray {
    /// Convolution of `x` (N, C, H, W) with `W` (O, C/groups, kh, kw), plus an optional `bias` (O): (N, O, oh, ow).
    public static func convolution2D(_ x: NDArray, _ W: NDArray, bias: NDArray? = nil, window: Window2D,
                                     coverAll: Bool = false, groups: Int = 1) -> NDArray {
        convolution2DKeepingColumns(x, W, bias: bias, window: window, coverAll: coverAll, groups: groups).y
    }

    /// `convolution2D` that also returns its im2col matrix, so that `convolution2DGradW(columns:)` of the same `x`
    /// need not build it again (nil when the convolution ran image by image and never built the whole matrix).
    public static func convolution2DKeepingColumns(_ x: NDArray, _ W: NDArray, bias: NDArray? = nil, window: Window2D,
                                                   coverAll: Bool = false, groups: Int = 1) -> (y: NDArray, columns: NDArray?) {
        precondition(x.ndim == 4 && W.ndim == 4 && groups > 0 && W.shape[0] % groups == 0
                     && x.shape[1] == W.shape[1] * groups && W.shape[2] == window.kh && W.shape[3] == window.kw,
                     "convolution2D: x of shape \(x.shape) (\(x.dtype)) does not match W of shape \(W.shape) (\(W.dtype)) with groups \(groups) and window \(window.kh)x\(window.kw)")
        let (oh, ow) = window.outSize(x.shape[2], x.shape[3], coverAll: coverAll)
        precondition(oh > 0 && ow > 0, "convolution2D: input of shape \(x.shape) is too small for the window \(window)")
        let result = DType.promote(x.dtype, W.dtype), ct = windowComputeType(result)
        let xc = contiguousCast(x, ct), wc = contiguousCast(W, ct)
        if let bias {
            precondition(bias.ndim == 1 && bias.shape[0] == W.shape[0],
                         "convolution2D: bias of shape \(bias.shape) (\(bias.dtype)) does not match \(W.shape[0]) output channels")
        }
        let bc = bias.map { contiguousCast($0, ct) }
        let (y, col) = ct == .float64 ? convForward(Double.self, xc, wc, bc, window, (oh, ow), groups)
                                      : convForward(Float.self, xc, wc, bc, window, (oh, ow), groups)
        return (y.cast(result.isFloatingPoint ? result : ct), col)
    }

    /// Gradient of `convolution2D` with respect to its filter: x (N, C, H, W), gy (N, O, oh, ow) → (O, C/groups, kh, kw).
    /// `columns`, when given, is the matrix `convolution2DKeepingColumns` returned for this `x`.
    public static func convolution2DGradW(_ x: NDArray, _ gy: NDArray, window: Window2D, groups: Int = 1,
                                          columns: NDArray? = nil) -> NDArray {
        precondition(x.ndim == 4 && gy.ndim == 4 && x.shape[0] == gy.shape[0] && groups > 0
                     && x.shape[1] % groups == 0 && gy.shape[1] % groups == 0,
                     "convolution2DGradW: x of shape \(x.shape) (\(x.dtype)) does not match gy of shape \(gy.shape) (\(gy.dtype)) with groups \(groups)")
        let result = DType.promote(x.dtype, gy.dtype), ct = windowComputeType(result)
        let kRows = x.shape[1] * window.kh * window.kw, npCols = gy.shape[0] * gy.shape[2] * gy.shape[3]
        precondition(columns.map { $0.shape == [kRows, npCols] && $0.dtype == ct } ?? true,
                     "convolution2DGradW: columns of shape \(columns?.shape ?? []) (\(columns?.dtype ?? ct)) do not match x of shape \(x.shape) and gy of shape \(gy.shape)")
        let xc = contiguousCast(x, ct), gc = contiguousCast(gy, ct), col = columns?.contiguous()
        let gW = ct == .float64 ? convGradW(Double.self, xc, gc, window, groups, col)
                                : convGradW(Float.self, xc, gc, window, groups, col)
        return gW.cast(result.isFloatingPoint ? result : ct)
    }

    /// Transposed convolution of `x` (N, C, h, w) with `W` (C, O/groups, kh, kw), plus an optional `bias` (O), into an
    /// (N, O, outSize) array.
    public static func deconvolution2D(_ x: NDArray, _ W: NDArray, bias: NDArray? = nil, window: Window2D,
                                       outSize: (Int, Int), groups: Int = 1) -> NDArray {
        precondition(x.ndim == 4 && W.ndim == 4 && groups > 0 && x.shape[1] == W.shape[0] && W.shape[0] % groups == 0
                     && W.shape[2] == window.kh && W.shape[3] == window.kw && outSize.0 > 0 && outSize.1 > 0,
                     "deconvolution2D: x of shape \(x.shape) (\(x.dtype)) does not match W of shape \(W.shape) (\(W.dtype)) with groups \(groups), output size \(outSize)")
        let result = DType.promote(x.dtype, W.dtype), ct = windowComputeType(result)
        let xc = contiguousCast(x, ct), wc = contiguousCast(W, ct)
        let y = ct == .float64 ? deconvForward(Double.self, xc, wc, window, outSize, groups)
                               : deconvForward(Float.self, xc, wc, window, outSize, groups)
        return addBias(y, bias, "deconvolution2D").cast(result.isFloatingPoint ? result : ct)
    }
}

/// `y` (N, O, …) plus a per-channel bias, added in y's (compute) dtype so low-precision results round once.
private func addBias(_ y: NDArray, _ bias: NDArray?, _ name: String) -> NDArray {
    guard let bias else { return y }
    precondition(bias.ndim == 1 && bias.shape[0] == y.shape[1],
                 "\(name): bias of shape \(bias.shape) (\(bias.dtype)) does not match \(y.shape[1]) output channels")
    return y + bias.cast(y.dtype).reshaped([1, -1, 1, 1])
}

/// The columns of contiguous `x` (N, C, H, W) for an `out`-sized sweep: a (C·kh·kw, N·oh·ow) matrix.
private func im2colMatrix<T: WindowScalar>(_: T.Type, _ x: NDArray, _ window: Window2D, _ out: (Int, Int)) -> NDArray {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let p = out.0 * out.1, k = c * window.kh * window.kw
    let col = NDArray(uninitializedShape: [k, n * p], dtype: T.dtype)
    let geometry = window.kernelGeometry(input: (h, w), output: out)
    let xp = x.pointer(T.self), cp = col.pointer(T.self)
    let rowsPerChannel = window.kh * window.kw
    // Items are (image, channel) planes, so a batch of one still spreads over threads.
    geometry.withUnsafeBufferPointer { g in
        Parallel.forEach(n * c, costPerItem: rowsPerChannel * p) { planes in
            for item in planes {
                let i = item / Swift.max(c, 1), ch = item % Swift.max(c, 1)
                T.im2col(1, g.baseAddress!, xp + item * h * w, cp + ch * rowsPerChannel * n * p + i * p, n * p)
            }
        }
    }
    return col
}

/// (N, C, …) → (C, N·…) contiguous, the layout GEMM reads the batch in.
private func channelsFirst(_ x: NDArray) -> NDArray {
    x.reshaped([x.shape[0], x.shape[1], -1]).transposed([1, 0, 2]).copy()
}

/// The output starts as the bias (or zero) in each channel's row and the GEMM adds into it, so the bias costs no
/// pass of its own over the output.
private func convForward<T: WindowScalar>(_: T.Type, _ x: NDArray, _ W: NDArray, _ bias: NDArray?, _ window: Window2D,
                                          _ out: (Int, Int), _ groups: Int) -> (NDArray, NDArray?) {
    let n = x.shape[0], o = W.shape[0], og = o / groups, kg = W.size / Swift.max(o, 1), np = n * out.0 * out.1
    if groups == 1 && imageByImage(T.self, rows: kg, batch: n, columns: out.0 * out.1) {
        return (convForwardByImage(T.self, x, W, bias, window, out), nil)
    }
    let col = im2colMatrix(T.self, x, window, out)
    let y2 = NDArray(uninitializedShape: [o, np], dtype: T.dtype)
    let wp = W.pointer(T.self), cp = col.pointer(T.self), yp = y2.pointer(T.self)
    if let bias { yp.fillRows(o, length: np, with: bias.pointer(T.self)) }
    for g in 0..<groups {
        gemm(transA: false, transB: false, m: og, n: np, k: kg, alpha: 1, a: wp + g * og * kg, lda: kg,
             b: cp + g * kg * np, ldb: np, beta: bias == nil ? 0 : 1, c: yp + g * og * np, ldc: np)
    }
    return (y2.reshaped([o, n, out.0, out.1]).transposed([1, 0, 2, 3]).copy(), col)
}

private func convGradW<T: WindowScalar>(_: T.Type, _ x: NDArray, _ gy: NDArray, _ window: Window2D, _ groups: Int,
                                        _ columns: NDArray?) -> NDArray {
    let o = gy.shape[1], og = o / groups, cg = x.shape[1] / groups, kg = cg * window.kh * window.kw
    let np = gy.shape[0] * gy.shape[2] * gy.shape[3]
    if groups == 1 && columns == nil && np > 0 && imageByImage(T.self, rows: kg, batch: gy.shape[0], columns: np / gy.shape[0]) {
        return convGradWByImage(T.self, x, gy, window)
    }
    let col = columns ?? im2colMatrix(T.self, x, window, (gy.shape[2], gy.shape[3]))
    let gy2 = channelsFirst(gy)
    let gW = NDArray(uninitializedShape: [o, cg, window.kh, window.kw], dtype: T.dtype)
    if np == 0 { return NDArray.zeros(gW.shape, dtype: T.dtype) }
    let gp = gy2.pointer(T.self), cp = col.pointer(T.self), wp = gW.pointer(T.self)
    for g in 0..<groups {
        gemm(transA: false, transB: true, m: og, n: kg, k: np, alpha: 1, a: gp + g * og * np, lda: np,
             b: cp + g * kg * np, ldb: np, beta: 0, c: wp + g * og * kg, ldc: kg)
    }
    return gW
}

private func deconvForward<T: WindowScalar>(_: T.Type, _ x: NDArray, _ W: NDArray, _ window: Window2D,
                                            _ out: (Int, Int), _ groups: Int) -> NDArray {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let cg = c / groups, og = W.shape[1], o = og * groups, kg = og * window.kh * window.kw, p = h * w, np = n * p
    if np == 0 || kg == 0 { return NDArray.zeros([n, o, out.0, out.1], dtype: T.dtype) }
    if groups == 1 && imageByImage(T.self, rows: kg, batch: n, columns: p) {
        return deconvForwardByImage(T.self, x, W, window, out)
    }
    // Each plane is zeroed by the item that fills it, just before col2im adds into it, so it is written while cached.
    let y = NDArray(uninitializedShape: [n, o, out.0, out.1], dtype: T.dtype)
    let x2 = channelsFirst(x)
    let gcol = NDArray(uninitializedShape: [groups * kg, np], dtype: T.dtype)
    let wp = W.pointer(T.self), xp = x2.pointer(T.self), cp = gcol.pointer(T.self), yp = y.pointer(T.self)
    for g in 0..<groups {
        gemm(transA: true, transB: false, m: kg, n: np, k: cg, alpha: 1, a: wp + g * cg * kg, lda: kg,
             b: xp + g * cg * np, ldb: np, beta: 0, c: cp + g * kg * np, ldc: np)
    }
    let geometry = window.kernelGeometry(input: out, output: (h, w))
    let rowsPerChannel = window.kh * window.kw, outPlane = out.0 * out.1
    // Items are (image, output channel) planes: each one is written by exactly one item.
    geometry.withUnsafeBufferPointer { gm in
        Parallel.forEach(n * o, costPerItem: rowsPerChannel * p) { planes in
            for item in planes {
                let i = item / o, ch = item % o
                (yp + item * outPlane).zeroFill(outPlane)
                T.col2im(1, gm.baseAddress!, cp + ch * rowsPerChannel * np + i * p, np, yp + item * outPlane)
            }
        }
    }
    return y
}

// Image by image (Caffe's loop): each image's columns are built in a buffer that stays in cache and go straight into
// a GEMM whose operands and result are that image's NCHW planes, so no batch-sized column matrix is written and read
// back and no (C, N·…) transpose is made. Each thread runs the built-in GEMM on its own images (a BLAS would spread
// every small GEMM over all cores again).

/// Whether a convolution goes image by image: when the batch's column matrix (`rows` × `batch`·`columns`) would
/// pass 4 MiB. Beyond that, writing it out and reading it back costs more than many smaller GEMMs; in resnet20 the
/// switch took 202 to 225-252 images/s and peak RSS from 634 to 205 MB, and LeNet's second convolution is no slower.
private func imageByImage<T>(_: T.Type, rows: Int, batch: Int, columns: Int) -> Bool {
    ConvolutionLayout.imageByImage ?? (batch > 1 && rows * batch * columns * MemoryLayout<T>.stride > 4 << 20)
}

/// How convolutions lay out their work: nil lets the size decide; tests pin one way or the other to compare them.
enum ConvolutionLayout {
    @TaskLocal static var imageByImage: Bool?
}

/// Images per piece of the filter gradient: each piece sums its images into its own partial, and the partials are
/// added in piece order, so the result does not depend on the thread count.
private let filterGradientImagesPerPiece = 4

/// Output pixels per image from which the by-image filter gradient runs as dot products. Each dot product ends in a
/// sum across the vector's lanes, which fewer pixels do not pay for: on resnet20's shapes dots took the 32×32 stage
/// (1024 pixels) from 8.5-13.2 to 3.5-6.3 ms but the 8×8 stage (64 pixels) from 4.2-6.7 to 7.4-11.6 ms.
private let filterGradientDotsMinimumPixels = 512

private func convForwardByImage<T: WindowScalar>(_: T.Type, _ x: NDArray, _ W: NDArray, _ bias: NDArray?,
                                                 _ window: Window2D, _ out: (Int, Int)) -> NDArray {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let o = W.shape[0], k = c * window.kh * window.kw, p = out.0 * out.1
    let y = NDArray(uninitializedShape: [n, o, out.0, out.1], dtype: T.dtype)
    let xp = x.pointer(T.self), wp = W.pointer(T.self), yp = y.pointer(T.self), bp = bias?.pointer(T.self)
    let isa = ck_isa_active()
    withColumnBuffers(T.self, window, input: (h, w), output: out, items: n, costPerItem: o * k * p, size: k * p) { g, images, col in
        for i in images {
            T.im2col(c, g, xp + i * c * h * w, col, p)
            let yi = yp + i * o * p
            if let bp { yi.fillRows(o, length: p, with: bp) }
            T.builtinGemm(isa: isa, false, false, o, p, k, 1, wp, k, UnsafePointer(col), p, bp == nil ? 0 : 1, yi, p)
        }
    }
    return y
}

private func convGradWByImage<T: WindowScalar>(_: T.Type, _ x: NDArray, _ gy: NDArray, _ window: Window2D) -> NDArray {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let o = gy.shape[1], k = c * window.kh * window.kw, p = gy.shape[2] * gy.shape[3]
    let per = filterGradientImagesPerPiece, pieces = (n + per - 1) / per
    let partial = UnsafeMutablePointer<T>.allocate(capacity: pieces * o * k)
    defer { partial.deallocate() }
    let xp = x.pointer(T.self), gp = gy.pointer(T.self), isa = ck_isa_active()
    // Both gy_i and the columns are read along P, so with enough pixels per image the product runs as dot products
    // of their rows: no packing pass, which costs as much as the product itself when O is small.
    let byDots = p >= filterGradientDotsMinimumPixels
    withColumnBuffers(T.self, window, input: (h, w), output: (gy.shape[2], gy.shape[3]), items: pieces,
                      costPerItem: per * o * k * p, size: k * p) { g, range, col in
        let image = byDots ? UnsafeMutablePointer<T>.allocate(capacity: o * k) : nil
        defer { image?.deallocate() }
        for piece in range {
            let out = partial + piece * o * k
            for i in (piece * per)..<Swift.min(n, (piece + 1) * per) {
                T.im2col(c, g, xp + i * c * h * w, col, p)
                // gW += gy_i (O×P) · col_iᵀ (P×K)
                let first = i == piece * per
                if let image {
                    T.builtinDots(isa: isa, o, k, p, gp + i * o * p, p, UnsafePointer(col), p, first ? out : image, k)
                    if !first { for j in 0..<(o * k) { out[j] += image[j] } }
                } else {
                    T.builtinGemm(isa: isa, false, true, o, k, p, 1, gp + i * o * p, p, UnsafePointer(col), p,
                                  first ? 0 : 1, out, k)
                }
            }
        }
    }
    let gW = NDArray(uninitializedShape: [o, c, window.kh, window.kw], dtype: T.dtype)
    let gw = gW.pointer(T.self)
    sumInPieceOrder(partial, pieces: pieces, size: o * k) { j, v in gw[j] = v }
    return gW
}

private func deconvForwardByImage<T: WindowScalar>(_: T.Type, _ x: NDArray, _ W: NDArray, _ window: Window2D,
                                                   _ out: (Int, Int)) -> NDArray {
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let og = W.shape[1], k = og * window.kh * window.kw, p = h * w, outPlane = out.0 * out.1
    let y = NDArray(uninitializedShape: [n, og, out.0, out.1], dtype: T.dtype)
    let xp = x.pointer(T.self), wp = W.pointer(T.self), yp = y.pointer(T.self), isa = ck_isa_active()
    withColumnBuffers(T.self, window, input: out, output: (h, w), items: n, costPerItem: k * c * p, size: k * p) { g, images, col in
        for i in images {
            // col_i = Wᵀ (K×C) · x_i (C×P), then added back into image i's planes.
            T.builtinGemm(isa: isa, true, false, k, p, c, 1, wp, k, xp + i * c * p, p, 0, col, p)
            let yi = yp + i * og * outPlane
            yi.zeroFill(og * outPlane)
            T.col2im(og, g, UnsafePointer(col), p, yi)
        }
    }
    return y
}

/// Runs `body(geometry, items, columns)` over ranges of `items` on threads, each thread with its own column buffer of
/// `size` elements (one image's columns, which stays in cache) and the window's geometry for `input` → `output`.
private func withColumnBuffers<T>(_: T.Type, _ window: Window2D, input: (Int, Int), output: (Int, Int), items: Int,
                                  costPerItem: Int, size: Int,
                                  _ body: (UnsafePointer<Int64>, Range<Int>, UnsafeMutablePointer<T>) -> Void) {
    window.kernelGeometry(input: input, output: output).withUnsafeBufferPointer { g in
        Parallel.forEach(items, costPerItem: costPerItem) { range in
            let col = UnsafeMutablePointer<T>.allocate(capacity: size)
            defer { col.deallocate() }
            body(g.baseAddress!, range, col)
        }
    }
}
