/// Elementwise binary arithmetic with broadcasting; gradients are summed back to each input's shape.
final class BinaryArithmetic: FunctionNode {
    enum Kind { case add, sub, mul, div }
    let kind: Kind
    var shapes: ([Int], [Int]) = ([], [])
    init(_ kind: Kind) { self.kind = kind }
    override var label: String { "\(kind)".chainerClassName }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        shapes = (x[0].shape, x[1].shape)
        switch kind {
        case .add: return [x[0] + x[1]]
        case .sub: return [x[0] - x[1]]
        case .mul: retainInputs([0, 1]); return [x[0] * x[1]]
        case .div: retainInputs([0, 1]); return [x[0] / x[1]]
        }
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        return indexes.map { i -> Variable? in
            let full: Variable
            switch (kind, i) {
            case (.add, _): full = g
            case (.sub, 0): full = g
            case (.sub, _): full = -g
            case (.mul, 0): full = g * retainedInput(1)
            case (.mul, _): full = g * retainedInput(0)
            case (.div, 0): full = g / retainedInput(1)
            case (.div, _):
                let b = retainedInput(1)
                full = -g * retainedInput(0) / (b * b)
            }
            return F.sumTo(full, i == 0 ? shapes.0 : shapes.1)
        }
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let g = gy[0]!
        return indexes.map { i -> NDArray? in
            let full: NDArray = switch (kind, i) {
            case (.add, _), (.sub, 0): g
            case (.sub, _): -g
            case (.mul, 0): g * retainedInputArray(1)
            case (.mul, _): g * retainedInputArray(0)
            case (.div, 0): g / retainedInputArray(1)
            case (.div, _): -g * retainedInputArray(0) / retainedInputArray(1).square()
            }
            return full.sumTo(i == 0 ? shapes.0 : shapes.1)
        }
    }
}

/// Arithmetic with a constant scalar.
final class ScalarArithmetic: FunctionNode {
    enum Kind { case add, sub, rsub, mul, div, rdiv, pow, rpow }
    let kind: Kind, value: Double
    init(_ kind: Kind, _ value: Double) { self.kind = kind; self.value = value }
    /// Chainer's class names.
    override var label: String {
        switch kind {
        case .add: "AddConstant"
        case .sub: "AddConstant"   // Chainer computes x - c as AddConstant(-c), x / c as MulConstant(1 / c)
        case .rsub: "SubFromConstant"
        case .mul: "MulConstant"
        case .div: "MulConstant"
        case .rdiv: "DivFromConstant"
        case .pow: "PowVarConst"
        case .rpow: "PowConstVar"
        }
    }

    override func forward(_ x: [NDArray]) -> [NDArray] { [forwardSingle(x[0])] }

    override func forwardSingle(_ a: NDArray) -> NDArray {
        switch kind {
        case .add: return a + value
        case .sub: return a - value
        case .rsub: return value - a
        case .mul: return a * value
        case .div: return a / value
        case .rdiv: retainInputs([0]); return value / a
        case .pow: retainInputs([0]); return a.pow(value)
        case .rpow: retainOutputs([0]); return NDArray(scalar: value, dtype: a.dtype).pow(a)
        }
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        switch kind {
        case .add, .sub: return [g]
        case .rsub: return [-g]
        case .mul: return [g * value]
        case .div: return [g / value]
        case .rdiv:
            let x = retainedInput(0)
            return [-value * g / (x * x)]
        case .pow:
            let x = retainedInput(0)
            return [value == 2 ? g * x * 2.0 : g * value * F.pow(x, value - 1)]
        case .rpow:
            return [g * retainedOutput(0) * Foundation.log(value)]
        }
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? { [backwardSingle(gy[0]!)] }

    override func backwardSingle(_ g: NDArray) -> NDArray {
        switch kind {
        case .add, .sub: return g
        case .rsub: return -g
        case .mul: return g * value
        case .div: return g / value
        case .rdiv: return g * (-value) / retainedInputArray(0).square()
        case .pow: return g * value * retainedInputArray(0).pow(value - 1)
        case .rpow: return g * retainedOutputArray(0) * Foundation.log(value)
        }
    }
}

extension F {
    /// Elementwise sum with broadcasting.
    public static func add(_ a: Variable, _ b: Variable) -> Variable { BinaryArithmetic(.add).applySingle([a, b]) }
    /// Sum of several variables.
    public static func add(_ xs: [Variable]) -> Variable {
        precondition(!xs.isEmpty, "add: needs at least one input")
        return xs.dropFirst().reduce(xs[0]) { add($0, $1) }
    }
    /// Elementwise difference with broadcasting.
    public static func sub(_ a: Variable, _ b: Variable) -> Variable { BinaryArithmetic(.sub).applySingle([a, b]) }
    /// Elementwise product with broadcasting.
    public static func mul(_ a: Variable, _ b: Variable) -> Variable { BinaryArithmetic(.mul).applySingle([a, b]) }
    /// Elementwise quotient with broadcasting.
    public static func div(_ a: Variable, _ b: Variable) -> Variable { BinaryArithmetic(.div).applySingle([a, b]) }
    /// `x` to a constant power.
    public static func pow(_ x: Variable, _ p: Double) -> Variable { ScalarArithmetic(.pow, p).applySingle(x) }
}

extension Variable {
    /// Elementwise sum with broadcasting.
    public static func + (a: Variable, b: Variable) -> Variable { F.add(a, b) }
    /// Elementwise difference with broadcasting.
    public static func - (a: Variable, b: Variable) -> Variable { F.sub(a, b) }
    /// Elementwise product with broadcasting.
    public static func * (a: Variable, b: Variable) -> Variable { F.mul(a, b) }
    /// Elementwise quotient with broadcasting.
    public static func / (a: Variable, b: Variable) -> Variable { F.div(a, b) }
    /// Negation.
    public static prefix func - (a: Variable) -> Variable { F.neg(a) }
    /// Variable plus scalar.
    public static func + (a: Variable, s: Double) -> Variable { ScalarArithmetic(.add, s).applySingle(a) }
    /// Scalar plus variable.
    public static func + (s: Double, a: Variable) -> Variable { ScalarArithmetic(.add, s).applySingle(a) }
    /// Variable minus scalar.
    public static func - (a: Variable, s: Double) -> Variable { ScalarArithmetic(.sub, s).applySingle(a) }
    /// Scalar minus variable.
    public static func - (s: Double, a: Variable) -> Variable { ScalarArithmetic(.rsub, s).applySingle(a) }
    /// Variable times scalar.
    public static func * (a: Variable, s: Double) -> Variable { ScalarArithmetic(.mul, s).applySingle(a) }
    /// Scalar times variable.
    public static func * (s: Double, a: Variable) -> Variable { ScalarArithmetic(.mul, s).applySingle(a) }
    /// Variable divided by scalar.
    public static func / (a: Variable, s: Double) -> Variable { ScalarArithmetic(.div, s).applySingle(a) }
    /// Scalar divided by variable.
    public static func / (s: Double, a: Variable) -> Variable { ScalarArithmetic(.rdiv, s).applySingle(a) }
    /// Elementwise power with a constant exponent.
    public final func pow(_ p: Double) -> Variable { F.pow(self, p) }
}

import Foundation
