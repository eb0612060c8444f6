import Foundation

/// Smooth activations with closed-form derivatives: softplus (with beta), SiLU and GELU (the exact, erf form).
final class SmoothActivation: FunctionNode {
    enum Kind { case softplus(Double), silu, gelu }
    let kind: Kind
    init(_ kind: Kind) { self.kind = kind }
    override var label: String {
        switch kind {
        case .softplus: "Softplus"
        case .silu: "SiLU"
        case .gelu: "GELU"
        }
    }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        let a = x[0]
        precondition(a.dtype.isFloatingPoint, "\(label): input must be floating point, got \(a.dtype) (shape \(a.shape))")
        retainInputs([0])
        switch kind {
        case .softplus(let beta): return [beta == 1 ? a.apply(.softplus) : (a * beta).apply(.softplus) / beta]
        case .silu: return [a.apply(.silu)]
        case .gelu: return [a.apply(.gelu)]
        }
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!, x = retainedInput(0)
        switch kind {
        case .softplus(let beta): return [g * F.sigmoid(beta == 1 ? x : x * beta)]
        case .silu:
            let s = F.sigmoid(x)
            return [g * (s + x * s * (1.0 - s))]
        case .gelu:
            let cdf = (F.erf(x * (1 / 2.0.squareRoot())) + 1.0) * 0.5
            let pdf = F.exp(F.square(x) * -0.5) * (1 / (2 * Double.pi).squareRoot())
            return [g * (cdf + x * pdf)]
        }
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let g = gy[0]!, x = retainedInputArray(0)
        switch kind {
        case .softplus(let beta): return [g * (beta == 1 ? x : x * beta).sigmoid()]
        case .silu:
            let s = x.sigmoid()
            return [g * (s + x * s * (1 - s))]
        case .gelu:
            let cdf = ((x * (1 / 2.0.squareRoot())).erf() + 1) * 0.5
            let pdf = (x.square() * -0.5).exp() * (1 / (2 * Double.pi).squareRoot())
            return [g * (cdf + x * pdf)]
        }
    }
}

extension F {
    /// Softplus: log(1 + exp(beta·x)) / beta, computed stably.
    public static func softplus(_ x: Variable, beta: Double = 1) -> Variable {
        precondition(beta != 0, "softplus: beta must be nonzero")
        return SmoothActivation(.softplus(beta)).applySingle([x])
    }
    /// SiLU: x·sigmoid(x) (swish with beta = 1).
    public static func silu(_ x: Variable) -> Variable { SmoothActivation(.silu).applySingle([x]) }
    /// GELU, exact form: x·Φ(x) with Φ the standard normal CDF.
    public static func gelu(_ x: Variable) -> Variable { SmoothActivation(.gelu).applySingle([x]) }

    /// Swish: x·sigmoid(beta·x), where the learned `beta` has the shape of `x`'s axes from 1 on (Chainer's layout:
    /// it broadcasts over the batch axis and any trailing axes it does not cover).
    public static func swish(_ x: Variable, _ beta: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        x * F.sigmoid(parameterBroadcast(beta, to: x, name: "swish", file: file, line: line) * x)
    }

    /// Parametric ReLU: x for x ≥ 0, W·x otherwise, with `W` shaped like `x`'s axes from 1 on (broadcast as in
    /// Chainer).
    public static func prelu(_ x: Variable, _ W: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let w = parameterBroadcast(W, to: x, name: "prelu", file: file, line: line)
        let positive = Variable.constant(NDArray.mask(x.array .>= 0, x.dtype))
        return x * positive + x * Variable.constant(1 - positive.array) * w
    }

    /// Reshapes a per-channel parameter (shape `x.shape[1..<1+k]`) so that it broadcasts against `x`.
    static func parameterBroadcast(_ p: Variable, to x: Variable, name: String, file: StaticString, line: UInt) -> Variable {
        let k = p.ndim
        precondition(x.ndim >= 1 + k && Array(x.shape[1..<(1 + k)]) == p.shape,
                     "\(name): parameter of shape \(p.shape) (\(p.dtype)) does not match input \(x.shape) (\(x.dtype)) from axis 1 (\(file):\(line))")
        return F.reshape(p, [1] + p.shape + Array(repeating: 1, count: x.ndim - 1 - k))
    }
}
