/// Shape and stride arithmetic shared by every op: contiguity, broadcasting, axis normalisation and the coalescing
/// of dimensions that lets kernels run over the longest possible inner rows.
enum Layout {
    private static let unitStride = [1]

    /// Row-major (C order) strides of `shape`, in elements.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        if shape.count <= 1 { return shape.isEmpty ? [] : unitStride }  // shared buffers: no allocation
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = s
            s *= max(shape[i], 1)
        }
        return strides
    }

    /// Number of elements of `shape`.
    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Whether `strides` walk `shape` in row-major order with no gaps (axes of length 1 are ignored).
    static func isContiguous(_ shape: [Int], _ strides: [Int]) -> Bool {
        var expected = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] != 1 {
            if shape[i] == 0 { return true }
            if strides[i] != expected { return false }
            expected *= shape[i]
        }
        return true
    }

    /// The broadcast shape of two shapes, or nil (the hot case, without nested arrays).
    static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        if a == b { return a }
        let nd = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: nd)
        for j in 0..<nd {
            let x = j - (nd - a.count) >= 0 ? a[j - (nd - a.count)] : 1
            let y = j - (nd - b.count) >= 0 ? b[j - (nd - b.count)] : 1
            if x == y || y == 1 { out[j] = x } else if x == 1 { out[j] = y } else { return nil }
        }
        return out
    }

    /// The broadcast shape of several shapes (NumPy's rules), or nil when they do not broadcast.
    static func broadcastShape(_ shapes: [[Int]]) -> [Int]? {
        var nd = 0
        for s in shapes { nd = Swift.max(nd, s.count) }
        var out = [Int](repeating: 1, count: nd)
        for s in shapes {
            let pad = nd - s.count
            for (i, d) in s.enumerated() {
                let j = i + pad
                if out[j] == 1 { out[j] = d } else if d != 1 && d != out[j] { return nil }
            }
        }
        return out
    }

    /// Strides that read an array of `shape`/`strides` as if it had `target` shape (stride 0 on broadcast axes).
    static func broadcastStrides(_ shape: [Int], _ strides: [Int], to target: [Int]) -> [Int] {
        let pad = target.count - shape.count
        var out = [Int](repeating: 0, count: target.count)
        for i in 0..<shape.count where shape[i] != 1 || target[i + pad] == 1 {
            out[i + pad] = shape[i] == 1 ? 0 : strides[i]
        }
        return out
    }

    /// Merges adjacent axes that every operand walks as one, and drops axes of length 1.
    static func coalesce(_ shape: [Int], _ strides: [[Int]]) -> (shape: [Int], strides: [[Int]]) {
        var outShape: [Int] = []
        var outStrides: [[Int]] = Array(repeating: [], count: strides.count)
        for i in 0..<shape.count where shape[i] != 1 {
            if let last = outShape.last,
               strides.indices.allSatisfy({ outStrides[$0].last! == strides[$0][i] * shape[i] }) {
                outShape[outShape.count - 1] = last * shape[i]
                for k in strides.indices { outStrides[k][outStrides[k].count - 1] = strides[k][i] }
            } else {
                outShape.append(shape[i])
                for k in strides.indices { outStrides[k].append(strides[k][i]) }
            }
        }
        if outShape.isEmpty {
            return ([1], strides.map { _ in [1] })
        }
        return (outShape, outStrides)
    }

    /// Normalises a possibly negative axis, stopping with a message that names `op` when it is out of range.
    static func axis(_ axis: Int, ndim: Int, op: String) -> Int {
        let a = axis < 0 ? axis + ndim : axis
        precondition(a >= 0 && a < max(ndim, 0), "\(op): axis \(axis) is out of bounds for an array of dimension \(ndim)")
        return a
    }

    /// Normalises a list of axes (sorted, unique), stopping on out-of-range or repeated axes.
    static func axes(_ axes: [Int], ndim: Int, op: String) -> [Int] {
        let norm = axes.map { axis($0, ndim: ndim, op: op) }
        precondition(Set(norm).count == norm.count, "\(op): repeated axis in \(axes)")
        return norm.sorted()
    }
}
