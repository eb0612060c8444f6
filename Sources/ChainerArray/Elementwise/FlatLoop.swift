/// The fast path of elementwise ops: when every operand is either contiguous with the output's shape or a single
/// element, the op is one flat loop (stride 1 or 0) with no per-row bookkeeping. This keeps the fixed cost of an op
/// on a tiny array small, which is what define-by-run pays on every call.
enum FlatLoop {
    /// The flat stride of `x` read as `shape`: 1 if it is contiguous with that shape, 0 if it is one element,
    /// nil otherwise.
    @inline(__always)
    static func stride(_ x: NDArray, _ shape: [Int]) -> Int? {
        if x.size == 1 { return 0 }
        return x.shape == shape && x.isContiguous ? 1 : nil
    }

    /// Runs `body(start, count)` over `0..<n` in fixed pieces, in parallel when large.
    @inline(__always)
    static func run(_ n: Int, costPerElement: Int = 1, _ body: (Int, Int) -> Void) {
        let piece = 1 << 15
        if n <= piece || n * costPerElement < Parallel.minParallelWork {
            if n > 0 { body(0, n) }
            return
        }
        let pieces = (n + piece - 1) / piece
        Parallel.forEach(pieces, costPerItem: piece * costPerElement) { r in
            for p in r { body(p * piece, Swift.min(piece, n - p * piece)) }
        }
    }
}
