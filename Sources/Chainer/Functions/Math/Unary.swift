/// A unary elementwise function whose derivative is written with differentiable functions of its input or output.
final class UnaryMath: FunctionNode {
    enum Kind: String { case neg, exp, log, sqrt, square, tanh, sigmoid, relu, sin, cos, absolute, expm1, log1p }
    let kind: Kind
    init(_ kind: Kind) { self.kind = kind }
    /// Chainer's class name (what graph dumps and hooks show).
    override var label: String {
        switch kind {
        case .relu: "ReLU"
        case .log1p: "Log1p"
        case .expm1: "Expm1"
        default: kind.rawValue.chainerClassName
        }
    }

    override func forward(_ x: [NDArray]) -> [NDArray] { [forwardSingle(x[0])] }

    override func forwardSingle(_ a: NDArray) -> NDArray {
        switch kind {
        case .neg: return -a
        case .exp: retainOutputs([0]); return a.exp()
        case .expm1: retainOutputs([0]); return a.expm1()
        case .log: retainInputs([0]); return a.log()
        case .log1p: retainInputs([0]); return a.log1p()
        case .sqrt: retainOutputs([0]); return a.sqrt()
        case .square: retainInputs([0]); return a.square()
        case .tanh: retainOutputs([0]); return a.tanh()
        case .sigmoid: retainOutputs([0]); return a.sigmoid()
        case .relu: retainOutputs([0]); return a.apply(.relu)
        case .sin, .cos: retainInputs([0]); return kind == .sin ? a.sin() : a.cos()
        case .absolute: retainInputs([0]); return a.abs()
        }
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        switch kind {
        case .neg: return [-g]
        case .exp: return [g * retainedOutput(0)]
        case .expm1: return [g * (retainedOutput(0) + 1.0)]
        case .log: return [g / retainedInput(0)]
        case .log1p: return [g / (retainedInput(0) + 1.0)]
        case .sqrt: return [g / (retainedOutput(0) * 2.0)]
        case .square: return [g * retainedInput(0) * 2.0]
        case .tanh:
            let y = retainedOutput(0)
            return [g * (1.0 - y * y)]
        case .sigmoid:
            let y = retainedOutput(0)
            return [g * y * (1.0 - y)]
        case .relu:
            let y = retainedOutput(0)
            return [g * Variable((y.array .> 0).astype(y.dtype), requiresGrad: false)]
        case .sin: return [g * F.cos(retainedInput(0))]
        case .cos: return [-g * F.sin(retainedInput(0))]
        case .absolute:
            let x = retainedInput(0)
            return [g * Variable(x.array.sign(), requiresGrad: false)]
        }
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? { [backwardSingle(gy[0]!)] }

    override func backwardSingle(_ g: NDArray) -> NDArray {
        switch kind {
        case .neg: return -g
        case .exp: return g * retainedOutputArray(0)
        case .expm1: return g * (retainedOutputArray(0) + 1)
        case .log: return g / retainedInputArray(0)
        case .log1p: return g / (retainedInputArray(0) + 1)
        case .sqrt: return g / (retainedOutputArray(0) * 2)
        case .square: return g * retainedInputArray(0) * 2
        case .tanh: return NDArray.apply(.tanhGrad, retainedOutputArray(0), g)
        case .sigmoid: return NDArray.apply(.sigmoidGrad, retainedOutputArray(0), g)
        case .relu: return NDArray.apply(.reluGrad, retainedOutputArray(0), g)
        case .sin: return g * retainedInputArray(0).cos()
        case .cos: return -g * retainedInputArray(0).sin()
        case .absolute: return g * retainedInputArray(0).sign()
        }
    }
}

extension F {
    /// Negation.
    public static func neg(_ x: Variable) -> Variable { UnaryMath(.neg).applySingle(x) }
    /// eˣ.
    public static func exp(_ x: Variable) -> Variable { UnaryMath(.exp).applySingle(x) }
    /// eˣ − 1.
    public static func expm1(_ x: Variable) -> Variable { UnaryMath(.expm1).applySingle(x) }
    /// Natural logarithm.
    public static func log(_ x: Variable) -> Variable { UnaryMath(.log).applySingle(x) }
    /// log(1 + x).
    public static func log1p(_ x: Variable) -> Variable { UnaryMath(.log1p).applySingle(x) }
    /// Square root.
    public static func sqrt(_ x: Variable) -> Variable { UnaryMath(.sqrt).applySingle(x) }
    /// x².
    public static func square(_ x: Variable) -> Variable { UnaryMath(.square).applySingle(x) }
    /// Hyperbolic tangent.
    public static func tanh(_ x: Variable) -> Variable { UnaryMath(.tanh).applySingle(x) }
    /// Logistic sigmoid.
    public static func sigmoid(_ x: Variable) -> Variable { UnaryMath(.sigmoid).applySingle(x) }
    /// max(x, 0).
    public static func relu(_ x: Variable) -> Variable { UnaryMath(.relu).applySingle(x) }
    /// Sine.
    public static func sin(_ x: Variable) -> Variable { UnaryMath(.sin).applySingle(x) }
    /// Cosine.
    public static func cos(_ x: Variable) -> Variable { UnaryMath(.cos).applySingle(x) }
    /// |x|.
    public static func absolute(_ x: Variable) -> Variable { UnaryMath(.absolute).applySingle(x) }
}
