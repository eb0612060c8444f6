/// Elementwise maximum/minimum and power with a variable exponent (broadcasting; gradients summed back).
final class BinaryMath: FunctionNode {
    enum Kind: String { case maximum, minimum, pow }
    let kind: Kind
    var shapes: ([Int], [Int]) = ([], [])
    init(_ kind: Kind) { self.kind = kind }
    override var label: String { kind == .pow ? "PowVarVar" : kind.rawValue.chainerClassName }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        shapes = (x[0].shape, x[1].shape)
        retainInputs([0, 1])
        switch kind {
        case .maximum: return [x[0].maximum(x[1])]
        case .minimum: return [x[0].minimum(x[1])]
        case .pow: retainOutputs([0]); return [x[0].pow(x[1])]
        }
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        let a = retainedInput(0), b = retainedInput(1)
        if kind == .pow {
            return indexes.map { i in
                i == 0 ? F.sumTo(g * b * F.pow(a, b - 1.0), shapes.0) : F.sumTo(g * F.log(a) * retainedOutput(0), shapes.1)
            }
        }
        // Ties send the gradient to the first input, as Chainer does.
        let first = kind == .maximum ? a.array .>= b.array : a.array .<= b.array
        let m = NDArray.mask(first, g.dtype)
        return indexes.map { i in
            F.sumTo(g * Variable.constant(i == 0 ? m : 1 - m), i == 0 ? shapes.0 : shapes.1)
        }
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        if kind == .pow { return nil }
        let g = gy[0]!, a = retainedInputArray(0), b = retainedInputArray(1)
        let first = kind == .maximum ? a .>= b : a .<= b
        let zero = NDArray.zeros([], dtype: g.dtype)
        return indexes.map { i in
            i == 0 ? NDArray.where(first, g, zero).sumTo(shapes.0) : NDArray.where(first, zero, g).sumTo(shapes.1)
        }
    }
}

extension F {
    /// Elementwise maximum (broadcasting); the gradient goes to the larger input.
    public static func maximum(_ a: Variable, _ b: Variable) -> Variable { BinaryMath(.maximum).applySingle([a, b]) }
    /// Elementwise minimum (broadcasting); the gradient goes to the smaller input.
    public static func minimum(_ a: Variable, _ b: Variable) -> Variable { BinaryMath(.minimum).applySingle([a, b]) }
    /// `x` to the power `y`, elementwise with broadcasting (both differentiable).
    public static func pow(_ x: Variable, _ y: Variable) -> Variable { BinaryMath(.pow).applySingle([x, y]) }
    /// (a − b)².
    public static func squaredDifference(_ a: Variable, _ b: Variable) -> Variable { square(a - b) }
    /// p·x + (1 − p)·y.
    public static func linearInterpolate(_ p: Variable, _ x: Variable, _ y: Variable) -> Variable { p * x + (1.0 - p) * y }

    /// Clips to [xMin, xMax]; the gradient passes where xMin ≤ x ≤ xMax.
    public static func clip(_ x: Variable, _ xMin: Double, _ xMax: Double, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(xMin < xMax, "clip: xMin \(xMin) must be below xMax \(xMax) (\(file):\(line))")
        return Clip(xMin, xMax).applySingle([x], file: file, line: line)
    }

    /// x·y with `y` broadcast along `x`'s axes from `axis` on (Chainer's `scale`).
    public static func scale(_ x: Variable, _ y: Variable, axis: Int = 1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        x * alignedParameter(y, to: x, axis: axis, name: "scale", file: file, line: line)
    }

    /// x + y with `y` broadcast along `x`'s axes from `axis` on (Chainer's `bias`).
    public static func bias(_ x: Variable, _ y: Variable, axis: Int = 1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        x + alignedParameter(y, to: x, axis: axis, name: "bias", file: file, line: line)
    }

    /// Reshapes `y` (shape `x.shape[axis..<axis+y.ndim]`) so that it broadcasts against `x`.
    static func alignedParameter(_ y: Variable, to x: Variable, axis: Int, name: String, file: StaticString, line: UInt) -> Variable {
        let a = axis < 0 ? axis + x.ndim : axis
        precondition(a >= 0 && a + y.ndim <= x.ndim && Array(x.shape[a..<(a + y.ndim)]) == y.shape,
                     "\(name): y of shape \(y.shape) (\(y.dtype)) does not match x of shape \(x.shape) (\(x.dtype)) at axis \(axis) (\(file):\(line))")
        return reshape(y, Array(repeating: 1, count: a) + y.shape + Array(repeating: 1, count: x.ndim - a - y.ndim))
    }
}

/// Clipping to a constant range.
final class Clip: FunctionNode {
    let lo: Double, hi: Double
    init(_ lo: Double, _ hi: Double) { self.lo = lo; self.hi = hi }
    override var label: String { "Clip" }
    override func forward(_ x: [NDArray]) -> [NDArray] { retainInputs([0]); return [x[0].clip(lo, hi)] }
    private func mask(_ x: NDArray) -> NDArray { NDArray.mask((x .>= lo).logicalAnd(x .<= hi), x.dtype) }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [gy[0]! * Variable.constant(mask(retainedInput(0).array))]
    }
    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? { [gy[0]! * mask(retainedInputArray(0))] }
}

extension Variable {
    /// Elementwise power with a variable exponent.
    public final func pow(_ p: Variable) -> Variable { F.pow(self, p) }
}
