/// Gathers along an axis with an integer index array; the gradient scatter-adds back.
final class Take: FunctionNode {
    let indices: NDArray, axis: Int
    var inputShape: [Int] = []
    init(_ indices: NDArray, axis: Int) { self.indices = indices; self.axis = axis }
    override var label: String { "Take" }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputShape = x[0].shape
        return [x[0].take(indices, axis: axis)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [ScatterAddZeros(indices, axis: axis, shape: inputShape).applySingle([gy[0]!])]
    }
    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        [NDArray.zeros(inputShape, dtype: gy[0]!.dtype).scatterAdd(indices, gy[0]!, axis: axis)]
    }
}

/// Scatter-adds its input into zeros of a fixed shape (the gradient of `Take`, whose gradient is `Take`).
final class ScatterAddZeros: FunctionNode {
    let indices: NDArray, axis: Int, shape: [Int]
    init(_ indices: NDArray, axis: Int, shape: [Int]) { self.indices = indices; self.axis = axis; self.shape = shape }
    override var label: String { "ScatterAddZeros" }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        [NDArray.zeros(shape, dtype: x[0].dtype).scatterAdd(indices, x[0], axis: axis)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] { [Take(indices, axis: axis).applySingle([gy[0]!])] }
}

/// `a` with `b` added at `indices` along `axis` (repeated indices accumulate).
final class ScatterAdd: FunctionNode {
    let indices: NDArray, axis: Int
    init(_ indices: NDArray, axis: Int) { self.indices = indices; self.axis = axis }
    override var label: String { "ScatterAdd" }
    override func forward(_ x: [NDArray]) -> [NDArray] { [x[0].scatterAdd(indices, x[1], axis: axis)] }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        indexes.map { $0 == 0 ? gy[0]! : Take(indices, axis: axis).applySingle([gy[0]!]) }
    }
}

extension F {
    /// Elements at integer `indices` along `axis` (NumPy's `take`; negative indices wrap).
    public static func take(_ x: Variable, _ indices: NDArray, axis: Int = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(indices.dtype.isInteger, "take: indices must be integers, got \(indices.dtype) (shape \(indices.shape)) (\(file):\(line))")
        return Take(indices, axis: normalizedAxis(axis, x.ndim, "take", file, line)).applySingle([x], file: file, line: line)
    }

    /// `a` with `b` added at integer `indices` along `axis`, accumulating over repeated indices (`b` broadcasts to
    /// `a.shape[..<axis] + indices.shape + a.shape[(axis+1)...]`).
    public static func scatterAdd(_ a: Variable, _ indices: NDArray, _ b: Variable, axis: Int = 0,
                                  file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(indices.dtype.isInteger, "scatterAdd: indices must be integers, got \(indices.dtype) (shape \(indices.shape)) (\(file):\(line))")
        precondition(a.dtype == b.dtype, "scatterAdd: a (\(a.shape), \(a.dtype)) and b (\(b.shape), \(b.dtype)) differ in dtype (\(file):\(line))")
        let ax = normalizedAxis(axis, a.ndim, "scatterAdd", file, line)
        let full = Array(a.shape[..<ax]) + indices.shape + Array(a.shape[(ax + 1)...])
        let bb = b.shape == full ? b : broadcastTo(b, full)
        return ScatterAdd(indices, axis: ax).applySingle([a, bb], file: file, line: line)
    }

    /// Repeats each element `repeats` times along `axis` (the flattened array when nil).
    public static func `repeat`(_ x: Variable, _ repeats: Int, axis: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(repeats >= 0, "repeat: repeats must be non-negative, got \(repeats) (\(file):\(line))")
        let n = axis.map { x.shape[normalizedAxis($0, x.ndim, "repeat", file, line)] } ?? x.size
        return `repeat`(x, Array(repeating: repeats, count: n), axis: axis, file: file, line: line)
    }

    /// Repeats element `i` along `axis` `repeats[i]` times (the flattened array when nil).
    public static func `repeat`(_ x: Variable, _ repeats: [Int], axis: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let src = axis == nil ? flatten(x) : x
        let ax = normalizedAxis(axis ?? 0, src.ndim, "repeat", file, line)
        precondition(repeats.count == src.shape[ax] && repeats.allSatisfy { $0 >= 0 },
                     "repeat: \(repeats.count) repeats for axis \(ax) of shape \(src.shape) (\(file):\(line))")
        var idx: [Int64] = []
        for (i, r) in repeats.enumerated() { idx += Array(repeating: Int64(i), count: r) }
        return Take(NDArray(idx, shape: [idx.count]), axis: ax).applySingle([src], file: file, line: line)
    }

    /// Tiles the array `reps` times per axis (NumPy's `tile`).
    public static func tile(_ x: Variable, _ reps: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(reps.allSatisfy { $0 >= 0 }, "tile: reps must be non-negative, got \(reps) (\(file):\(line))")
        let nd = Swift.max(x.ndim, reps.count)
        let shape = Array(repeating: 1, count: nd - x.ndim) + x.shape
        let r = Array(repeating: 1, count: nd - reps.count) + reps
        // Gather along each axis with an index that cycles over the original length.
        var y = reshape(x, shape)
        for a in 0..<nd where r[a] != 1 {
            let n = shape[a]
            let idx = (0..<(n * r[a])).map { Int64($0 % Swift.max(n, 1)) }
            y = Take(NDArray(idx, shape: [idx.count]), axis: a).applySingle([y], file: file, line: line)
        }
        return y
    }

    /// Tiles the array `reps` times along every axis.
    public static func tile(_ x: Variable, _ reps: Int, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        tile(x, [reps], file: file, line: line)
    }
}

extension F {
    /// `a` with `b` added at the basic indices `slices` (Chainer's `scatter_add(a, slices, b)`; `b` broadcasts to the
    /// selection's shape).
    public static func scatterAdd(_ a: Variable, _ slices: [NDIndex], _ b: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let target = a.array[indices: slices].shape
        precondition(a.dtype == b.dtype, "scatterAdd: a (\(a.shape), \(a.dtype)) and b (\(b.shape), \(b.dtype)) differ in dtype (\(file):\(line))")
        let bb = b.shape == target ? b : broadcastTo(b, target)
        return a + GetItemGrad(slices, shape: a.shape).applySingle([bb], file: file, line: line)
    }
}
