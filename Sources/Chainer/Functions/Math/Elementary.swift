import Foundation

/// More elementwise functions of one argument (trigonometric, hyperbolic, erf, other log bases, rsqrt).
final class ElementaryMath: FunctionNode {
    enum Kind: String { case tan, arctan, sinh, cosh, erf, log2, log10, rsqrt }
    let kind: Kind
    init(_ kind: Kind) { self.kind = kind }
    override var label: String { kind.rawValue.chainerClassName }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        let a = x[0]
        precondition(a.dtype.isFloatingPoint, "\(label): input must be floating point, got \(a.dtype) (shape \(a.shape))")
        switch kind {
        case .tan: retainOutputs([0]); return [a.tan()]
        case .rsqrt: retainOutputs([0]); return [a.rsqrt()]
        case .arctan: retainInputs([0]); return [a.arctan()]
        case .sinh: retainInputs([0]); return [a.sinh()]
        case .cosh: retainInputs([0]); return [a.cosh()]
        case .erf: retainInputs([0]); return [a.erf()]
        case .log2: retainInputs([0]); return [a.log2()]
        case .log10: retainInputs([0]); return [a.log10()]
        }
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        switch kind {
        case .tan:
            let y = retainedOutput(0)
            return [g * (y * y + 1.0)]
        case .rsqrt:
            let y = retainedOutput(0)
            return [g * y * y * y * -0.5]
        case .arctan:
            let x = retainedInput(0)
            return [g / (x * x + 1.0)]
        case .sinh: return [g * F.cosh(retainedInput(0))]
        case .cosh: return [g * F.sinh(retainedInput(0))]
        case .erf:
            let x = retainedInput(0)
            return [g * F.exp(-(x * x)) * (2 / Double.pi.squareRoot())]
        case .log2: return [g / (retainedInput(0) * Foundation.log(2.0))]
        case .log10: return [g / (retainedInput(0) * Foundation.log(10.0))]
        }
    }
}

extension F {
    /// Tangent.
    public static func tan(_ x: Variable) -> Variable { ElementaryMath(.tan).applySingle([x]) }
    /// Arctangent.
    public static func arctan(_ x: Variable) -> Variable { ElementaryMath(.arctan).applySingle([x]) }
    /// Hyperbolic sine.
    public static func sinh(_ x: Variable) -> Variable { ElementaryMath(.sinh).applySingle([x]) }
    /// Hyperbolic cosine.
    public static func cosh(_ x: Variable) -> Variable { ElementaryMath(.cosh).applySingle([x]) }
    /// Gauss error function.
    public static func erf(_ x: Variable) -> Variable { ElementaryMath(.erf).applySingle([x]) }
    /// Base-2 logarithm.
    public static func log2(_ x: Variable) -> Variable { ElementaryMath(.log2).applySingle([x]) }
    /// Base-10 logarithm.
    public static func log10(_ x: Variable) -> Variable { ElementaryMath(.log10).applySingle([x]) }
    /// 1/√x.
    public static func rsqrt(_ x: Variable) -> Variable { ElementaryMath(.rsqrt).applySingle([x]) }
}
