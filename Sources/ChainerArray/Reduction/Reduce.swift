import CChainerKernels

/// Reductions over one or more axes.
public enum ReduceOp: Sendable {
    case sum, prod, max, min

    var code: Int32 {
        let c: ck_reduce_op = switch self {
        case .sum: CK_RSUM
        case .prod: CK_RPROD
        case .max: CK_RMAX
        case .min: CK_RMIN
        }
        return Int32(c.rawValue)
    }
}

/// An array seen as A×R×B (R the reduced extent) with element strides, the form every reduction kernel takes.
struct ReductionView {
    var array: NDArray
    var A: Int, R: Int, B: Int
    var sa: Int, sr: Int, sb: Int
    /// Shape of the result with reduced axes removed (`keptShape`) or kept as 1 (`keptDimsShape`).
    var keptShape: [Int], keptDimsShape: [Int]

    /// Arranges `x` so the reduced axes form one block; copies only when they are not adjacent in memory order.
    init(_ x: NDArray, axes: [Int]) {
        let nd = x.ndim
        let reduced = Set(axes)
        keptShape = (0..<nd).filter { !reduced.contains($0) }.map { x.shape[$0] }
        keptDimsShape = (0..<nd).map { reduced.contains($0) ? 1 : x.shape[$0] }
        var a = x.contiguous()
        // Group consecutive axes with the same role (kept or reduced), ignoring length-1 axes.
        var groups: [(reduced: Bool, size: Int)] = []
        for i in 0..<nd where a.shape[i] != 1 {
            let r = reduced.contains(i)
            if let last = groups.last, last.reduced == r { groups[groups.count - 1].size *= a.shape[i] } else { groups.append((r, a.shape[i])) }
        }
        let pattern = groups.map(\.reduced)
        if pattern.filter({ $0 }).count > 1 || (pattern.filter({ !$0 }).count > 2) || (pattern.count == 2 && pattern == [false, false]) {
            // Move reduced axes to the end with one transposing copy.
            let perm = (0..<nd).filter { !reduced.contains($0) } + (0..<nd).filter { reduced.contains($0) }
            a = a.transposed(perm).copy()
            let kept = keptShape.reduce(1, *)
            let r = a.size / max(kept, 1)
            groups = [(false, kept), (true, kept == 0 ? 0 : r)]
        }
        var A = 1, R = 1, B = 1, seenR = false
        for g in groups {
            if g.reduced { R = g.size; seenR = true } else if seenR { B *= g.size } else { A *= g.size }
        }
        if Layout.count(x.shape) == 0 {
            A = Layout.count(keptShape); B = 1
            R = 0
        }
        array = a
        self.A = A; self.R = R; self.B = B
        sa = R * B; sr = B; sb = 1
    }
}

extension NDArray {
    /// Applies `op` over `axes` (all when nil).
    public func reduce(_ op: ReduceOp, axes: [Int]?, keepDims: Bool = false) -> NDArray {
        let name = "\(op)"
        let axes = axes.map { Layout.axes($0, ndim: ndim, op: name) } ?? Array(0..<ndim)
        if (op == .max || op == .min) && size == 0 && axes.contains(where: { shape[$0] == 0 }) {
            preconditionFailure("\(name): zero-size array (shape \(shape)) along a reduced axis has no identity")
        }
        let resultType: DType = switch op {
        case .sum, .prod: dtype.isFloatingPoint ? dtype : .int64
        case .max, .min: dtype
        }
        let x = cast(resultType.computeType)
        let view = ReductionView(x, axes: axes)
        var out = NDArray(uninitializedShape: keepDims ? view.keptDimsShape : view.keptShape, dtype: x.dtype)
        runReduction(op, view, into: out.basePointer)
        out = out.cast(resultType)
        return out
    }

    /// Sum of all elements (a zero-dimensional array; `.item()` gives the value).
    public func sum() -> NDArray { reduce(.sum, axes: nil) }
    /// Sum along `axis`.
    public func sum(axis: Int, keepDims: Bool = false) -> NDArray { reduce(.sum, axes: [axis], keepDims: keepDims) }
    /// Sum along `axes`.
    public func sum(axes: [Int], keepDims: Bool = false) -> NDArray { reduce(.sum, axes: axes, keepDims: keepDims) }
    /// Product of all elements.
    public func prod() -> NDArray { reduce(.prod, axes: nil) }
    /// Product along `axis`.
    public func prod(axis: Int, keepDims: Bool = false) -> NDArray { reduce(.prod, axes: [axis], keepDims: keepDims) }
    /// Product along `axes`.
    public func prod(axes: [Int], keepDims: Bool = false) -> NDArray { reduce(.prod, axes: axes, keepDims: keepDims) }
    /// Largest element (NaN if any is NaN).
    public func max() -> NDArray { reduce(.max, axes: nil) }
    /// Largest element along `axis`.
    public func max(axis: Int, keepDims: Bool = false) -> NDArray { reduce(.max, axes: [axis], keepDims: keepDims) }
    /// Largest element along `axes`.
    public func max(axes: [Int], keepDims: Bool = false) -> NDArray { reduce(.max, axes: axes, keepDims: keepDims) }
    /// Smallest element (NaN if any is NaN).
    public func min() -> NDArray { reduce(.min, axes: nil) }
    /// Smallest element along `axis`.
    public func min(axis: Int, keepDims: Bool = false) -> NDArray { reduce(.min, axes: [axis], keepDims: keepDims) }
    /// Smallest element along `axes`.
    public func min(axes: [Int], keepDims: Bool = false) -> NDArray { reduce(.min, axes: axes, keepDims: keepDims) }

    /// Mean over `axes` (all when nil); integers give float64.
    public func mean(axes: [Int]?, keepDims: Bool = false) -> NDArray {
        let axesN = axes.map { Layout.axes($0, ndim: ndim, op: "mean") } ?? Array(0..<ndim)
        let count = axesN.reduce(1) { $0 * shape[$1] }
        let resultType = dtype.isFloatingPoint ? dtype : .float64
        let s = cast(resultType.computeType).reduce(.sum, axes: axesN, keepDims: keepDims)
        return (s / Double(count)).cast(resultType)
    }
    /// Mean of all elements.
    public func mean() -> NDArray { mean(axes: nil) }
    /// Mean along `axis`.
    public func mean(axis: Int, keepDims: Bool = false) -> NDArray { mean(axes: [axis], keepDims: keepDims) }

    /// Variance over `axes` (all when nil), dividing by N − ddof.
    public func variance(axes: [Int]?, ddof: Int = 0, keepDims: Bool = false) -> NDArray {
        let axesN = axes.map { Layout.axes($0, ndim: ndim, op: "variance") } ?? Array(0..<ndim)
        let count = axesN.reduce(1) { $0 * shape[$1] }
        let resultType = dtype.isFloatingPoint ? dtype : .float64
        let x = cast(resultType.computeType)
        let centered = x - x.mean(axes: axesN, keepDims: true)
        let ss = centered.square().reduce(.sum, axes: axesN, keepDims: keepDims)
        return (ss / Double(Swift.max(count - ddof, 0))).cast(resultType)
    }
    /// Variance of all elements.
    public func variance(ddof: Int = 0) -> NDArray { variance(axes: nil, ddof: ddof) }
    /// Variance along `axis`.
    public func variance(axis: Int, ddof: Int = 0, keepDims: Bool = false) -> NDArray { variance(axes: [axis], ddof: ddof, keepDims: keepDims) }

    /// Standard deviation over `axes` (all when nil).
    public func std(axes: [Int]?, ddof: Int = 0, keepDims: Bool = false) -> NDArray {
        variance(axes: axes, ddof: ddof, keepDims: keepDims).sqrt()
    }
    /// Standard deviation of all elements.
    public func std(ddof: Int = 0) -> NDArray { std(axes: nil, ddof: ddof) }
    /// Standard deviation along `axis`.
    public func std(axis: Int, ddof: Int = 0, keepDims: Bool = false) -> NDArray { std(axes: [axis], ddof: ddof, keepDims: keepDims) }

    /// log Σ exp(x) over `axes` (all when nil), computed stably.
    public func logsumexp(axes: [Int]?, keepDims: Bool = false) -> NDArray {
        let axesN = axes.map { Layout.axes($0, ndim: ndim, op: "logsumexp") } ?? Array(0..<ndim)
        let x = dtype.isFloatingPoint ? self : cast(.float64)
        var m = x.reduce(.max, axes: axesN, keepDims: true)
        m = NDArray.where(m.isfinite(), m, 0)
        let s = (x - m).exp().reduce(.sum, axes: axesN, keepDims: true).log() + m
        return keepDims ? s : s.squeeze(axesN)
    }
    /// log Σ exp(x) of all elements.
    public func logsumexp() -> NDArray { logsumexp(axes: nil) }
    /// log Σ exp(x) along `axis`.
    public func logsumexp(axis: Int, keepDims: Bool = false) -> NDArray { logsumexp(axes: [axis], keepDims: keepDims) }

    /// Whether every element is nonzero, over `axes` (all when nil).
    public func all(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray {
        asBool().cast(.int64).reduce(.min, axesOrEmptyIdentity: axes, identity: 1, keepDims: keepDims).asBool()
    }
    /// Whether every element along `axis` is nonzero.
    public func all(axis: Int, keepDims: Bool = false) -> NDArray { all(axes: [axis], keepDims: keepDims) }
    /// Whether any element is nonzero, over `axes` (all when nil).
    public func any(axes: [Int]? = nil, keepDims: Bool = false) -> NDArray {
        asBool().cast(.int64).reduce(.max, axesOrEmptyIdentity: axes, identity: 0, keepDims: keepDims).asBool()
    }
    /// Whether any element along `axis` is nonzero.
    public func any(axis: Int, keepDims: Bool = false) -> NDArray { any(axes: [axis], keepDims: keepDims) }

    /// max/min that give `identity` for empty reductions (for all/any).
    private func reduce(_ op: ReduceOp, axesOrEmptyIdentity axes: [Int]?, identity: Double, keepDims: Bool) -> NDArray {
        let axesN = axes.map { Layout.axes($0, ndim: ndim, op: "\(op)") } ?? Array(0..<ndim)
        if axesN.contains(where: { shape[$0] == 0 }) {
            let v = ReductionView(self, axes: axesN)
            return NDArray.full(keepDims ? v.keptDimsShape : v.keptShape, identity, dtype: dtype)
        }
        return reduce(op, axes: axesN, keepDims: keepDims)
    }
}

/// Runs a reduction into contiguous output memory, splitting across threads by output rows or column blocks, or
/// for a single huge row by fixed chunks whose partial results combine in a fixed order.
func runReduction(_ op: ReduceOp, _ v: ReductionView, into y: UnsafeMutableRawPointer) {
    let x = v.array
    switch x.dtype {
    case .float32:
        reduceFloat(op, v, x.pointer(Float.self), y.assumingMemoryBound(to: Float.self), ck_reduce_f32)
    case .float64:
        reduceFloat(op, v, x.pointer(Double.self), y.assumingMemoryBound(to: Double.self), ck_reduce_f64)
    case .int64:
        reduceInt64(op, v, x.pointer(Int64.self), y.assumingMemoryBound(to: Int64.self))
    default:
        preconditionFailure("\(op): no kernel for \(x.dtype)")
    }
}

private func reduceFloat<T: BinaryFloatingPoint>(
    _ op: ReduceOp, _ v: ReductionView, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>,
    _ kernel: (Int32, Int64, Int64, Int64, UnsafePointer<T>?, Int64, Int64, Int64, UnsafeMutablePointer<T>?) -> Void
) {
    let (A, R, B) = (v.A, v.R, v.B)
    if A * B == 0 { return }
    if R == 0 {
        let identity: T = op == .prod ? 1 : 0
        y.update(repeating: identity, count: A * B)
        return
    }
    let code = op.code
    let chunk = 1 << 20, rowChunk = 256
    if A == 1 && B == 1 && R > chunk {
        let pieces = (R + chunk - 1) / chunk
        var partial = [T](repeating: 0, count: pieces)
        partial.withUnsafeMutableBufferPointer { p in
            let pp = p.baseAddress!
            Parallel.forEach(pieces, costPerItem: chunk) { r in
                for i in r { kernel(code, 1, Int64(min(chunk, R - i * chunk)), 1, x + i * chunk, 0, 1, 1, pp + i) }
            }
        }
        if op == .sum {
            var total = 0.0
            for p in partial { total += Double(p) }
            y[0] = T(total)
        } else {
            partial.withUnsafeBufferPointer { p in kernel(code, 1, Int64(pieces), 1, p.baseAddress!, 0, 1, 1, y) }
        }
        return
    }
    if A == 1 && B > 1 && R >= 2 * rowChunk {
        // Reducing the leading axis: each piece reads a contiguous band of rows (what prefetchers like best) into a
        // partial row; the partial rows then combine in order, so the result does not depend on the thread count.
        let pieces = (R + rowChunk - 1) / rowChunk
        var partial = [T](repeating: 0, count: pieces * B)
        partial.withUnsafeMutableBufferPointer { p in
            let pp = p.baseAddress!
            Parallel.forEach(pieces, costPerItem: rowChunk * B) { r in
                for i in r {
                    let rows = min(rowChunk, R - i * rowChunk)
                    kernel(code, 1, Int64(rows), Int64(B), x + i * rowChunk * v.sr, 0, Int64(v.sr), 1, pp + i * B)
                }
            }
            kernel(code, 1, Int64(pieces), Int64(B), pp, 0, Int64(B), 1, y)
        }
        return
    }
    if A == 1 && B > 1 {
        let block = 1024
        let blocks = (B + block - 1) / block
        Parallel.forEach(blocks, costPerItem: block * R) { r in
            for i in r {
                let b0 = i * block
                kernel(code, 1, Int64(R), Int64(min(block, B - b0)), x + b0, 0, Int64(v.sr), 1, y + b0)
            }
        }
        return
    }
    Parallel.forEach(A, costPerItem: R * B) { r in
        kernel(code, Int64(r.count), Int64(R), Int64(B), x + r.lowerBound * v.sa, Int64(v.sa), Int64(v.sr), Int64(v.sb), y + r.lowerBound * B)
    }
}

private func reduceInt64(_ op: ReduceOp, _ v: ReductionView, _ x: UnsafeMutablePointer<Int64>, _ y: UnsafeMutablePointer<Int64>) {
    let (A, R, B) = (v.A, v.R, v.B)
    @inline(__always) func run(_ initial: Int64?, _ f: (Int64, Int64) -> Int64) {
        for a in 0..<A {
            for b in 0..<B {
                let base = x + a * v.sa + b * v.sb
                var acc = initial ?? base[0]
                for r in (initial == nil ? 1 : 0)..<R { acc = f(acc, base[r * v.sr]) }
                y[a * B + b] = acc
            }
        }
    }
    switch op {
    case .sum: run(0, &+)
    case .prod: run(1, &*)
    case .max: run(nil, Swift.max)
    case .min: run(nil, Swift.min)
    }
}
