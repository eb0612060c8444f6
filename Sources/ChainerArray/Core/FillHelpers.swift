/// Fills for the kernels' output buffers. `update(repeating:count:)` is not specialised and costs a witness call per
/// element, so zeroing is one memset and a constant row is a plain loop.
extension UnsafeMutablePointer {
    /// Sets `count` elements to all-zero bits (0 for the float and integer element types).
    @inline(__always) func zeroFill(_ count: Int) {
        UnsafeMutableRawPointer(self).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<Pointee>.stride)
    }

    /// Sets row r (`length` elements, rows laid end to end) to `values[r]` for each of `rows` rows: a per-channel
    /// constant such as a bias, which a GEMM with beta 1 then adds onto.
    @inline(__always) func fillRows(_ rows: Int, length: Int, with values: UnsafePointer<Pointee>) {
        for r in 0..<rows {
            let row = self + r * length, v = values[r]
            for j in 0..<length { row[j] = v }
        }
    }
}

/// Each element's sum over `pieces` partial results of `size` elements laid end to end, added in piece order and
/// handed to `result(j, sum)`: a total made of fixed pieces computed on any threads then does not depend on the
/// thread count (the split-k GEMM, the image-by-image filter gradient).
@inline(__always)
func sumInPieceOrder<T: FloatingPoint>(_ partial: UnsafePointer<T>, pieces: Int, size: Int, _ result: (Int, T) -> Void) {
    for j in 0..<size {
        var s = partial[j]
        for p in 1..<Swift.max(pieces, 1) { s += partial[p * size + j] }
        result(j, s)
    }
}
