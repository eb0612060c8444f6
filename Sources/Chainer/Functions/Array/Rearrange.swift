/// Reversal along axes (its own gradient).
final class Flip: FunctionNode {
    let axes: [Int]
    init(axes: [Int]) { self.axes = axes }
    override var label: String { "Flip" }
    override func forward(_ x: [NDArray]) -> [NDArray] { [x[0].flip(axes: axes)] }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] { [Flip(axes: axes).applySingle([gy[0]!])] }
}

/// Dtype conversion; the gradient converts back.
final class Cast: FunctionNode {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
    override var label: String { "Cast" }
    var inputDType: DType = .float32
    override func forward(_ x: [NDArray]) -> [NDArray] { inputDType = x[0].dtype; return [x[0].cast(dtype)] }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [inputDType == dtype ? gy[0]! : Cast(inputDType).applySingle([gy[0]!])]
    }
}

/// Identity on one or more inputs (`identity`) or a fresh copy of one (`copy`).
final class IdentityFunction: FunctionNode {
    let copies: Bool
    init(copies: Bool) { self.copies = copies }
    override var label: String { copies ? "Copy" : "Identity" }
    override func forward(_ x: [NDArray]) -> [NDArray] { copies ? x.map { $0.copy() } : x }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] { indexes.map { gy[$0] } }
    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? { indexes.map { gy[$0] } }
}

extension F {
    /// Reverses the order of elements along `axis` (all axes when nil).
    public static func flip(_ x: Variable, axis: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let axes = axis.map { [normalizedAxis($0, x.ndim, "flip", file, line)] } ?? Array(0..<x.ndim)
        return Flip(axes: axes).applySingle([x], file: file, line: line)
    }

    /// Interchanges two axes.
    public static func swapaxes(_ x: Variable, _ axis1: Int, _ axis2: Int, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let a = normalizedAxis(axis1, x.ndim, "swapaxes", file, line), b = normalizedAxis(axis2, x.ndim, "swapaxes", file, line)
        var perm = Array(0..<x.ndim)
        perm.swapAt(a, b)
        return transpose(x, perm)
    }

    /// Moves an axis to a new position, keeping the others in order.
    public static func moveaxis(_ x: Variable, _ source: Int, _ destination: Int, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let s = normalizedAxis(source, x.ndim, "moveaxis", file, line), d = normalizedAxis(destination, x.ndim, "moveaxis", file, line)
        var perm = Array(0..<x.ndim)
        perm.remove(at: s)
        perm.insert(s, at: d)
        return transpose(x, perm)
    }

    /// Inserts a length-1 axis at `axis`.
    public static func expandDims(_ x: Variable, axis: Int, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let a = normalizedAxis(axis, x.ndim + 1, "expandDims", file, line)
        var shape = x.shape
        shape.insert(1, at: a)
        return reshape(x, shape)
    }

    /// Removes length-1 axes (`axis` nil: all of them).
    public static func squeeze(_ x: Variable, axis: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        if let axis {
            let a = normalizedAxis(axis, x.ndim, "squeeze", file, line)
            precondition(x.shape[a] == 1, "squeeze: axis \(axis) of shape \(x.shape) has length \(x.shape[a]), not 1 (\(file):\(line))")
            var shape = x.shape
            shape.remove(at: a)
            return reshape(x, shape)
        }
        return reshape(x, x.shape.filter { $0 != 1 })
    }

    /// Squeezes several axes.
    public static func squeeze(_ x: Variable, axes: [Int], file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let set = Set(axes.map { normalizedAxis($0, x.ndim, "squeeze", file, line) })
        for a in set { precondition(x.shape[a] == 1, "squeeze: axis \(a) of shape \(x.shape) is not of length 1 (\(file):\(line))") }
        return reshape(x, x.shape.enumerated().filter { !set.contains($0.offset) }.map(\.element))
    }

    /// Flattens to one dimension.
    public static func flatten(_ x: Variable) -> Variable { reshape(x, [x.size]) }

    /// Converts to `dtype`; the gradient converts back to the input's dtype.
    public static func cast(_ x: Variable, _ dtype: DType) -> Variable { Cast(dtype).applySingle([x]) }

    /// A copy of the array (the gradient passes through).
    public static func copy(_ x: Variable) -> Variable { IdentityFunction(copies: true).applySingle([x]) }

    /// The input unchanged, as a new graph node.
    public static func identity(_ x: Variable) -> Variable { IdentityFunction(copies: false).applySingle([x]) }

    /// Several inputs unchanged, as new graph nodes.
    public static func identity(_ xs: [Variable]) -> [Variable] { IdentityFunction(copies: false).apply(xs) }
}
