/// Basic indexing (integers, ranges, steps, new axes, ellipsis); the gradient is written into zeros.
final class GetItem: FunctionNode {
    let indices: [NDIndex]
    var inputShape: [Int] = []
    init(_ indices: [NDIndex]) { self.indices = indices }
    override var label: String { "GetItem" }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputShape = x[0].shape
        return [x[0][indices: indices]]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [GetItemGrad(indices, shape: inputShape).applySingle([gy[0]!])]
    }
    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        var out = NDArray.zeros(inputShape, dtype: gy[0]!.dtype)
        out[indices: indices] = gy[0]!
        return [out]
    }
}

/// Places its input at basic indices of a zero array (the gradient of `GetItem`; its gradient is `GetItem`).
final class GetItemGrad: FunctionNode {
    let indices: [NDIndex], shape: [Int]
    init(_ indices: [NDIndex], shape: [Int]) { self.indices = indices; self.shape = shape }
    override var label: String { "GetItemGrad" }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        var out = NDArray.zeros(shape, dtype: x[0].dtype)
        out[indices: indices] = x[0]
        return [out]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] { [GetItem(indices).applySingle([gy[0]!])] }
}

extension F {
    /// Basic indexing: integers drop axes, ranges (with steps) slice, `.newAxis` inserts, `.ellipsis` fills.
    public static func getItem(_ x: Variable, _ indices: [NDIndex], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        GetItem(indices).applySingle([x], file: file, line: line)
    }

    /// Integer-array indexing along axis 0 (any index shape; negative indices wrap) or a boolean mask over the
    /// leading axes (selects the rows where it is true).
    public static func getItem(_ x: Variable, _ index: NDArray, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        if index.dtype == .bool {
            let k = index.ndim
            precondition(k >= 1 && k <= x.ndim && Array(x.shape[..<k]) == index.shape,
                         "getItem: boolean index of shape \(index.shape) does not match the input's shape \(x.shape) (\(file):\(line))")
            let rows = Array(x.shape[..<k]).reduce(1, *)
            let flat = k == 1 ? x : reshape(x, [rows] + Array(x.shape[k...]))
            let picked = index.reshaped([rows]).nonzero()[0]
            return Take(picked, axis: 0).applySingle([flat], file: file, line: line)
        }
        precondition(index.dtype.isInteger && x.ndim >= 1,
                     "getItem: index arrays must be integer or bool, got \(index.dtype) (shape \(index.shape)) for input \(x.shape) (\(file):\(line))")
        return Take(index, axis: 0).applySingle([x], file: file, line: line)
    }

    /// Pads with a constant (Chainer's `pad` in "constant" mode); `padWidth` gives (before, after) per axis.
    public static func pad(_ x: Variable, _ padWidth: [(Int, Int)], mode: String = "constant", constantValues: Double = 0,
                           file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(mode == "constant", "pad: only mode \"constant\" is differentiable, got \"\(mode)\" (\(file):\(line))")
        let widths = padWidth.count == 1 ? Array(repeating: padWidth[0], count: x.ndim) : padWidth
        precondition(widths.count == x.ndim && widths.allSatisfy { $0.0 >= 0 && $0.1 >= 0 },
                     "pad: widths \(padWidth) do not fit input of shape \(x.shape) (\(file):\(line))")
        return Pad(widths, value: constantValues).applySingle([x], file: file, line: line)
    }

    /// Pads every axis by `padWidth` on both sides with a constant.
    public static func pad(_ x: Variable, _ padWidth: Int, mode: String = "constant", constantValues: Double = 0,
                           file: StaticString = #fileID, line: UInt = #line) -> Variable {
        pad(x, [(padWidth, padWidth)], mode: mode, constantValues: constantValues, file: file, line: line)
    }
}

/// Constant padding; the gradient is the interior slice.
final class Pad: FunctionNode {
    let widths: [(Int, Int)], value: Double
    init(_ widths: [(Int, Int)], value: Double) { self.widths = widths; self.value = value }
    override var label: String { "Pad" }
    override func forward(_ x: [NDArray]) -> [NDArray] { [x[0].pad(widths, mode: .constant(value))] }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        let slices = zip(widths, g.shape).map { w, n in NDIndex.slice(w.0, n - w.1) }
        return [GetItem(slices).applySingle([g])]
    }
}

extension Variable {
    /// Differentiable basic indexing, `x[0, 1..<3]` (see `F.getItem`).
    public subscript(_ indices: any NDIndexConvertible...) -> Variable { F.getItem(self, indices.map(\.ndIndex)) }
    /// Differentiable integer-array or boolean-mask indexing along the leading axes (see `F.getItem`).
    public subscript(_ index: NDArray) -> Variable { F.getItem(self, index) }
}
