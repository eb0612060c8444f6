/// Concatenation along an axis; the gradient splits back.
final class Concat: FunctionNode {
    let axis: Int
    var sizes: [Int] = []
    init(axis: Int) { self.axis = axis }
    override var label: String { "Concat" }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        sizes = x.map { $0.shape[axis] }
        return [NDArray.concatenate(x, axis: axis)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let parts = F.splitAxis(gy[0]!, offsets, axis: axis)
        return indexes.map { parts[$0] }
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let parts = gy[0]!.split(indices: offsets, axis: axis)
        return indexes.map { parts[$0] }
    }

    /// Where each input after the first starts along the axis.
    private var offsets: [Int] { sizes.dropLast().reduce(into: [Int]()) { $0.append(($0.last ?? 0) + $1) } }
}

/// Split along an axis at given offsets; the gradient concatenates (missing gradients count as zeros).
final class SplitAxis: FunctionNode {
    let indices: [Int], axis: Int
    var shapes: [[Int]] = []
    var dtype: DType = .float32
    init(indices: [Int], axis: Int) { self.indices = indices; self.axis = axis }
    override var label: String { "SplitAxis" }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        let ys = x[0].split(indices: indices, axis: axis)
        shapes = ys.map(\.shape)
        dtype = x[0].dtype
        return ys
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let gs = gy.enumerated().map { k, g in g ?? Variable.constant(NDArray.zeros(shapes[k], dtype: dtype)) }
        return [F.concat(gs, axis: axis)]
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        [NDArray.concatenate(gy.enumerated().map { k, g in g ?? NDArray.zeros(shapes[k], dtype: dtype) }, axis: axis)]
    }
}

extension F {
    /// Concatenates along `axis` (Chainer's default: 1).
    public static func concat(_ xs: [Variable], axis: Int = 1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(!xs.isEmpty, "concat: needs at least one input (\(file):\(line))")
        let ax = normalizedAxis(axis, xs[0].ndim, "concat", file, line)
        for x in xs {
            var a = x.shape, b = xs[0].shape
            precondition(a.count == b.count, "concat: inputs have shapes \(xs.map(\.shape)) (\(file):\(line))")
            a[ax] = 0; b[ax] = 0
            precondition(a == b && x.dtype == xs[0].dtype,
                         "concat: shapes \(xs.map(\.shape)) dtypes \(xs.map(\.dtype)) differ off axis \(axis) (\(file):\(line))")
        }
        return Concat(axis: ax).applySingle(xs, file: file, line: line)
    }

    /// Stacks along a new axis.
    public static func stack(_ xs: [Variable], axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(!xs.isEmpty, "stack: needs at least one input (\(file):\(line))")
        precondition(xs.allSatisfy { $0.shape == xs[0].shape }, "stack: inputs have different shapes \(xs.map(\.shape)) (\(file):\(line))")
        let ax = normalizedAxis(axis, xs[0].ndim + 1, "stack", file, line)
        return concat(xs.map { expandDims($0, axis: ax) }, axis: ax, file: file, line: line)
    }

    /// Concatenates horizontally (axis 0 for 1-D inputs, axis 1 otherwise), as NumPy's `hstack`.
    public static func hstack(_ xs: [Variable], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(!xs.isEmpty, "hstack: needs at least one input (\(file):\(line))")
        let ys = xs.map { $0.ndim == 0 ? reshape($0, [1]) : $0 }
        return concat(ys, axis: ys[0].ndim == 1 ? 0 : 1, file: file, line: line)
    }

    /// Concatenates vertically (1-D inputs become rows), as NumPy's `vstack`.
    public static func vstack(_ xs: [Variable], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(!xs.isEmpty, "vstack: needs at least one input (\(file):\(line))")
        return concat(xs.map { $0.ndim < 2 ? reshape($0, [1, $0.size]) : $0 }, axis: 0, file: file, line: line)
    }

    /// Splits at the given offsets along `axis`.
    public static func splitAxis(_ x: Variable, _ indices: [Int], axis: Int, file: StaticString = #fileID, line: UInt = #line) -> [Variable] {
        let ax = normalizedAxis(axis, x.ndim, "splitAxis", file, line)
        return SplitAxis(indices: indices, axis: ax).apply([x], file: file, line: line)
    }

    /// Splits into `sections` equal parts along `axis`.
    public static func splitAxis(_ x: Variable, _ sections: Int, axis: Int, file: StaticString = #fileID, line: UInt = #line) -> [Variable] {
        let ax = normalizedAxis(axis, x.ndim, "splitAxis", file, line)
        precondition(sections > 0 && x.shape[ax] % sections == 0,
                     "splitAxis: axis \(axis) of length \(x.shape[ax]) (shape \(x.shape)) does not split into \(sections) equal sections (\(file):\(line))")
        let step = x.shape[ax] / sections
        return splitAxis(x, (1..<sections).map { $0 * step }, axis: ax, file: file, line: line)
    }

    /// The slices along `axis`, with that axis removed.
    public static func separate(_ x: Variable, axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> [Variable] {
        let ax = normalizedAxis(axis, x.ndim, "separate", file, line)
        var shape = x.shape
        shape.remove(at: ax)
        let n = x.shape[ax]
        if n == 0 { return [] }
        return splitAxis(x, n, axis: ax, file: file, line: line).map { reshape($0, shape) }
    }

    /// An axis in `0..<ndim` from a possibly negative one; stops with a message naming the function otherwise.
    static func normalizedAxis(_ axis: Int, _ ndim: Int, _ name: String, _ file: StaticString, _ line: UInt) -> Int {
        let a = axis < 0 ? axis + ndim : axis
        precondition(a >= 0 && a < ndim, "\(name): axis \(axis) is out of range for \(ndim) dimensions (\(file):\(line))")
        return a
    }
}

extension F {
    /// Broadcasts the inputs to their common shape (Chainer's `broadcast`).
    public static func broadcast(_ xs: [Variable], file: StaticString = #fileID, line: UInt = #line) -> [Variable] {
        precondition(!xs.isEmpty, "broadcast: needs at least one input (\(file):\(line))")
        let shape = NDArray.broadcastArrays(xs.map(\.array))[0].shape
        return xs.map { $0.shape == shape ? $0 : broadcastTo($0, shape) }
    }
}
