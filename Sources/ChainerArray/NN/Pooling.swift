/// 2-D pooling primitives on NCHW arrays: max pooling with window offsets of the maxima, gathers and scatters by those
/// offsets, and scaled window sums and their transposes (average pooling, unpooling).
extension NDArray {
    /// Max pooling of `x` (N, C, H, W): the maxima (N, C, oh, ow) and the int32 window offset `i·kw + j` of each.
    public static func maxPooling2D(_ x: NDArray, window: Window2D, coverAll: Bool = true) -> (NDArray, indexes: NDArray) {
        precondition(x.ndim == 4 && x.dtype.isFloatingPoint, "maxPooling2D: expects a 4-D float array, got shape \(x.shape) (\(x.dtype))")
        let out = window.outSize(x.shape[2], x.shape[3], coverAll: coverAll)
        precondition(out.0 > 0 && out.1 > 0, "maxPooling2D: input of shape \(x.shape) is too small for the window \(window)")
        let ct = windowComputeType(x.dtype), xc = contiguousCast(x, ct)
        let shape = [x.shape[0], x.shape[1], out.0, out.1]
        let y = NDArray(uninitializedShape: shape, dtype: ct), idx = NDArray(uninitializedShape: shape, dtype: .int32)
        let g = window.kernelGeometry(input: (x.shape[2], x.shape[3]), output: out)
        if ct == .float64 {
            runPlanes(Double.self, g, planes: shape[0] * shape[1], cost: x.shape[2] * x.shape[3]) { gp, r, hw, ohw in
                Double.maxpool(r.count, gp, xc.pointer(Double.self) + r.lowerBound * hw, y.pointer(Double.self) + r.lowerBound * ohw,
                               idx.pointer(Int32.self) + r.lowerBound * ohw)
            }
        } else {
            runPlanes(Float.self, g, planes: shape[0] * shape[1], cost: x.shape[2] * x.shape[3]) { gp, r, hw, ohw in
                Float.maxpool(r.count, gp, xc.pointer(Float.self) + r.lowerBound * hw, y.pointer(Float.self) + r.lowerBound * ohw,
                              idx.pointer(Int32.self) + r.lowerBound * ohw)
            }
        }
        return (y.cast(x.dtype), idx)
    }

    /// `src` (N, C, H, W) read at each window's offset in `indexes` (N, C, oh, ow): the max-pooling gather.
    public static func poolingGather(_ src: NDArray, indexes: NDArray, window: Window2D) -> NDArray {
        checkIndexes("poolingGather", src, indexes)
        let ct = windowComputeType(src.dtype), sc = contiguousCast(src, ct), ic = contiguousCast(indexes, .int32)
        let y = NDArray(uninitializedShape: indexes.shape, dtype: ct)
        let g = window.kernelGeometry(input: (src.shape[2], src.shape[3]), output: (indexes.shape[2], indexes.shape[3]))
        withTyped(ct) { (t: any WindowScalar.Type) in
            t.runGather(g, sc, ic, y)
        }
        return y.cast(src.dtype)
    }

    /// `src` (N, C, oh, ow) added into an (N, C, inputSize) zero array at each window's offset in `indexes`.
    public static func poolingScatter(_ src: NDArray, indexes: NDArray, window: Window2D, inputSize: (Int, Int)) -> NDArray {
        precondition(src.ndim == 4 && src.shape == indexes.shape && src.dtype.isFloatingPoint,
                     "poolingScatter: src of shape \(src.shape) (\(src.dtype)) does not match indexes of shape \(indexes.shape) (\(indexes.dtype))")
        let ct = windowComputeType(src.dtype), sc = contiguousCast(src, ct), ic = contiguousCast(indexes, .int32)
        // Left uninitialised: runScatter zeroes each plane just before scattering into it, while it is in cache.
        let y = NDArray(uninitializedShape: [src.shape[0], src.shape[1], inputSize.0, inputSize.1], dtype: ct)
        let g = window.kernelGeometry(input: inputSize, output: (src.shape[2], src.shape[3]))
        withTyped(ct) { (t: any WindowScalar.Type) in
            t.runScatter(g, sc, ic, y)
        }
        return y.cast(src.dtype)
    }

    /// `scale` times the sum of every window of `x` (N, C, H, W), for an (N, C, outSize) result; padding adds zero.
    /// With `validOnly`, each window is also divided by how many of its positions lie inside the input.
    public static func poolingSum(_ x: NDArray, window: Window2D, outSize: (Int, Int), scale: Double,
                                  validOnly: Bool = false) -> NDArray {
        precondition(x.ndim == 4 && x.dtype.isFloatingPoint && outSize.0 > 0 && outSize.1 > 0,
                     "poolingSum: expects a 4-D float array and a positive output size, got shape \(x.shape) (\(x.dtype)), output \(outSize)")
        let ct = windowComputeType(x.dtype), xc = contiguousCast(x, ct)
        let y = NDArray(uninitializedShape: [x.shape[0], x.shape[1], outSize.0, outSize.1], dtype: ct)
        let g = window.kernelGeometry(input: (x.shape[2], x.shape[3]), output: outSize)
        withTyped(ct) { (t: any WindowScalar.Type) in
            t.runSum(g, xc, y, scale)
        }
        let result = validOnly ? y * inverseValidCounts(window, input: (x.shape[2], x.shape[3]), output: outSize, ct) : y
        return result.cast(x.dtype)
    }

    /// The transpose of `poolingSum`: `scale · gy` (N, C, oh, ow) added over every window of an (N, C, inputSize) array.
    public static func poolingSpread(_ gy: NDArray, window: Window2D, inputSize: (Int, Int), scale: Double,
                                     validOnly: Bool = false) -> NDArray {
        precondition(gy.ndim == 4 && gy.dtype.isFloatingPoint && inputSize.0 >= 0 && inputSize.1 >= 0,
                     "poolingSpread: expects a 4-D float array, got shape \(gy.shape) (\(gy.dtype)), input size \(inputSize)")
        let ct = windowComputeType(gy.dtype)
        var gc = contiguousCast(gy, ct)
        if validOnly { gc = gc * inverseValidCounts(window, input: inputSize, output: (gy.shape[2], gy.shape[3]), ct) }
        let y = NDArray.zeros([gy.shape[0], gy.shape[1], inputSize.0, inputSize.1], dtype: ct)
        let g = window.kernelGeometry(input: inputSize, output: (gy.shape[2], gy.shape[3]))
        withTyped(ct) { [gc] (t: any WindowScalar.Type) in
            t.runSpread(g, gc, y, scale)
        }
        return y.cast(gy.dtype)
    }

    private static func checkIndexes(_ name: String, _ src: NDArray, _ indexes: NDArray) {
        precondition(src.ndim == 4 && indexes.ndim == 4 && src.dtype.isFloatingPoint && !indexes.dtype.isFloatingPoint
                     && src.shape[0] == indexes.shape[0] && src.shape[1] == indexes.shape[1],
                     "\(name): src of shape \(src.shape) (\(src.dtype)) does not match indexes of shape \(indexes.shape) (\(indexes.dtype))")
    }
}

/// 1 / (number of window positions inside the input) for every output position, as a (1, 1, oh, ow) array.
private func inverseValidCounts(_ w: Window2D, input: (Int, Int), output: (Int, Int), _ dtype: DType) -> NDArray {
    func counts(_ n: Int, _ k: Int, _ s: Int, _ p: Int, _ d: Int, _ out: Int) -> [Double] {
        (0..<out).map { o in Double((0..<k).filter { i in (0..<n).contains(o * s - p + i * d) }.count) }
    }
    let rows = counts(input.0, w.kh, w.sy, w.ph, w.dy, output.0), cols = counts(input.1, w.kw, w.sx, w.pw, w.dx, output.1)
    let values = rows.flatMap { r in cols.map { c in r * c > 0 ? 1 / (r * c) : 0 } }
    return NDArray(values, shape: [1, 1, output.0, output.1]).cast(dtype)
}

/// Calls `body` with float64's or float32's kernel type (one dispatch per op).
private func withTyped(_ ct: DType, _ body: (any WindowScalar.Type) -> Void) {
    body(ct == .float64 ? Double.self : Float.self)
}

/// Runs `body(geometry, planeRange, H·W, oh·ow)` over plane ranges split across threads.
private func runPlanes<T: WindowScalar>(_: T.Type, _ g: [Int64], planes: Int, cost: Int,
                                        _ body: (UnsafePointer<Int64>, Range<Int>, Int, Int) -> Void) {
    let hw = Int(g[0] * g[1]), ohw = Int(g[10] * g[11])
    g.withUnsafeBufferPointer { gp in
        Parallel.forEach(planes, costPerItem: Swift.max(cost, ohw * Int(g[2] * g[3]))) { r in body(gp.baseAddress!, r, hw, ohw) }
    }
}

extension WindowScalar {
    static func runGather(_ g: [Int64], _ src: NDArray, _ idx: NDArray, _ dst: NDArray) {
        runPlanes(Self.self, g, planes: dst.shape[0] * dst.shape[1], cost: 1) { gp, r, hw, ohw in
            gather(r.count, gp, src.pointer(Self.self) + r.lowerBound * hw, idx.pointer(Int32.self) + r.lowerBound * ohw,
                   dst.pointer(Self.self) + r.lowerBound * ohw)
        }
    }
    static func runScatter(_ g: [Int64], _ src: NDArray, _ idx: NDArray, _ dst: NDArray) {
        runPlanes(Self.self, g, planes: dst.shape[0] * dst.shape[1], cost: 1) { gp, r, hw, ohw in
            (dst.pointer(Self.self) + r.lowerBound * hw).zeroFill(r.count * hw)
            scatter(r.count, gp, src.pointer(Self.self) + r.lowerBound * ohw, idx.pointer(Int32.self) + r.lowerBound * ohw,
                    dst.pointer(Self.self) + r.lowerBound * hw)
        }
    }
    static func runSum(_ g: [Int64], _ x: NDArray, _ y: NDArray, _ scale: Double) {
        runPlanes(Self.self, g, planes: y.shape[0] * y.shape[1], cost: 1) { gp, r, hw, ohw in
            windowSum(r.count, gp, x.pointer(Self.self) + r.lowerBound * hw, y.pointer(Self.self) + r.lowerBound * ohw, Self(fromDouble: scale))
        }
    }
    static func runSpread(_ g: [Int64], _ gy: NDArray, _ gx: NDArray, _ scale: Double) {
        runPlanes(Self.self, g, planes: gx.shape[0] * gx.shape[1], cost: 1) { gp, r, hw, ohw in
            windowSpread(r.count, gp, gy.pointer(Self.self) + r.lowerBound * ohw, gx.pointer(Self.self) + r.lowerBound * hw, Self(fromDouble: scale))
        }
    }
}
