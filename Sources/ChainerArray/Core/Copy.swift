import CChainerKernels
import Foundation

extension NDArray {
    /// This array if it is already row-major contiguous, else a contiguous copy.
    public func contiguous() -> NDArray { isContiguous ? self : copy() }

    /// A contiguous copy with its own storage.
    public func copy() -> NDArray {
        var out = NDArray(uninitializedShape: shape, dtype: dtype)
        copyElements(from: self, into: &out)
        return out
    }

    /// The elements converted to `dtype` (a copy, even when the dtype is the same, as NumPy's `astype`).
    public func astype(_ dtype: DType) -> NDArray {
        if dtype == self.dtype { return copy() }
        var out = NDArray(uninitializedShape: shape, dtype: dtype)
        convertElements(from: self, into: &out)
        return out
    }

    /// The elements as `dtype`, without copying when the dtype already matches.
    public func cast(_ dtype: DType) -> NDArray { dtype == self.dtype ? self : astype(dtype) }

    /// A contiguous 1-D copy.
    public func flattened() -> NDArray { copy().reshaped([size]) }
}

/// Copies `src` into `dst` element for element (same dtype; `src` may broadcast to `dst`'s shape). Transposing copies
/// run in cache tiles.
func copyElements(from src: NDArray, into dst: inout NDArray) {
    dst.makeUniqueForWriting()
    copyElementsNoCoW(from: src, into: &dst)
}

/// `copyElements` for a destination known to be safe to write (fresh, or a view of storage its owner made unique).
func copyElementsNoCoW(from src: NDArray, into dst: inout NDArray) {
    precondition(src.dtype == dst.dtype)
    let size = dst.dtype.itemSize
    let srcStrides = Layout.broadcastStrides(src.shape, src.strides, to: dst.shape)
    let (shape, strides) = Layout.coalesce(dst.shape, [srcStrides, dst.strides])
    if Layout.count(shape) == 0 { return }
    let s = src.basePointer, d = dst.basePointer
    if shape.count == 1 {
        if strides[0][0] == 1 && strides[1][0] == 1 {
            let bytes = shape[0] * size
            let chunk = 1 << 22
            Parallel.forEach((bytes + chunk - 1) / chunk, costPerItem: chunk / 4) { r in
                for c in r { let lo = c * chunk; memcpy(d + lo, s + lo, min(chunk, bytes - lo)) }
            }
        } else {
            ck_copy2d(Int32(size), 1, Int64(shape[0]), s, 0, Int64(strides[0][0]), d, 0, Int64(strides[1][0]))
        }
        return
    }
    // Two inner axes go to the tiled kernel; outer axes and blocks of 64 rows are the parallel items.
    let nd = shape.count
    let rows = shape[nd - 2], cols = shape[nd - 1]
    let outer = Array(shape.prefix(nd - 2))
    let outerCount = Layout.count(outer)
    let rowBlock = 64
    let blocks = (rows + rowBlock - 1) / rowBlock
    Parallel.forEach(outerCount * blocks, costPerItem: rowBlock * cols) { range in
        for item in range {
            var o = item / blocks
            let b = item % blocks
            var so = 0, dOff = 0
            for k in stride(from: outer.count - 1, through: 0, by: -1) {
                let i = o % outer[k]
                o /= outer[k]
                so += i * strides[0][k]
                dOff += i * strides[1][k]
            }
            let r0 = b * rowBlock
            so += r0 * strides[0][nd - 2]
            dOff += r0 * strides[1][nd - 2]
            ck_copy2d(Int32(size), Int64(min(rowBlock, rows - r0)), Int64(cols),
                      s + so * size, Int64(strides[0][nd - 2]), Int64(strides[0][nd - 1]),
                      d + dOff * size, Int64(strides[1][nd - 2]), Int64(strides[1][nd - 1]))
        }
    }
}

/// Converts `src` into `dst` (same shape, different dtypes).
func convertElements(from src: NDArray, into dst: inout NDArray) {
    dst.makeUniqueForWriting()
    let loop = StridedLoop(shape: dst.shape, strides: [Layout.broadcastStrides(src.shape, src.strides, to: dst.shape), dst.strides])
    let s = src.basePointer, d = dst.basePointer
    let (ss, ds) = (loop.innerStrides[0], loop.innerStrides[1])
    // float32 <-> float16/bfloat16 have vectorisable C loops for the contiguous case.
    if ss == 1 && ds == 1 {
        let pair = (src.dtype, dst.dtype)
        let conv: ((Int, UnsafeRawPointer, UnsafeMutableRawPointer) -> Void)? = switch pair {
        case (.float16, .float32): { ck_f16_to_f32(Int64($0), $1.assumingMemoryBound(to: UInt16.self), $2.assumingMemoryBound(to: Float.self)) }
        case (.float32, .float16): { ck_f32_to_f16(Int64($0), $1.assumingMemoryBound(to: Float.self), $2.assumingMemoryBound(to: UInt16.self)) }
        case (.bfloat16, .float32): { ck_bf16_to_f32(Int64($0), $1.assumingMemoryBound(to: UInt16.self), $2.assumingMemoryBound(to: Float.self)) }
        case (.float32, .bfloat16): { ck_f32_to_bf16(Int64($0), $1.assumingMemoryBound(to: Float.self), $2.assumingMemoryBound(to: UInt16.self)) }
        default: nil
        }
        if let conv {
            let (si, di) = (src.dtype.itemSize, dst.dtype.itemSize)
            loop.run { off, n in conv(n, s + off[0] * si, d + off[1] * di) }
            return
        }
    }
    src.dtype.dispatch(ConvertOuter(loop: loop, src: s, dst: d, dstType: dst.dtype))
}

private struct ConvertOuter: DTypeVisitor {
    let loop: StridedLoop, src: UnsafeMutableRawPointer, dst: UnsafeMutableRawPointer, dstType: DType
    func visit<S: NDArrayElement>(_: S.Type) {
        dstType.dispatch(ConvertInner<S>(loop: loop, src: src, dst: dst))
    }
}

private struct ConvertInner<S: NDArrayElement>: DTypeVisitor {
    let loop: StridedLoop, src: UnsafeMutableRawPointer, dst: UnsafeMutableRawPointer
    func visit<D: NDArrayElement>(_: D.Type) {
        let s = src.assumingMemoryBound(to: S.self), d = dst.assumingMemoryBound(to: D.self)
        let (ss, ds) = (loop.innerStrides[0], loop.innerStrides[1])
        loop.run { off, n in
            let sp = s + off[0], dp = d + off[1]
            for i in 0..<n { dp[i * ds] = convertElement(sp[i * ss], to: D.self) }
        }
    }
}
