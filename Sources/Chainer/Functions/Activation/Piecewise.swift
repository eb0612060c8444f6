/// Piecewise activations whose derivative does not depend on the upstream graph: leaky ReLU, clipped ReLU and hard
/// sigmoid have piecewise-constant slopes; ELU's negative branch is exp-shaped.
final class PiecewiseActivation: FunctionNode {
    enum Kind { case leakyRelu(Double), clippedRelu(Double), hardSigmoid, elu(Double) }
    let kind: Kind
    init(_ kind: Kind) { self.kind = kind }
    override var label: String {
        switch kind {
        case .leakyRelu: "LeakyReLU"
        case .clippedRelu: "ClippedReLU"
        case .hardSigmoid: "HardSigmoid"
        case .elu: "ELU"
        }
    }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        let a = x[0]
        precondition(a.dtype.isFloatingPoint, "\(label): input must be floating point, got \(a.dtype) (shape \(a.shape))")
        retainInputs([0])
        switch kind {
        case .leakyRelu(let slope): return [NDArray.where(a .>= 0, a, a * slope)]
        case .clippedRelu(let z): return [a.clip(0, z)]
        case .hardSigmoid: return [(a * 0.2 + 0.5).clip(0, 1)]
        case .elu(let alpha): return [NDArray.where(a .>= 0, a, a.minimum(0).expm1() * alpha)]
        }
    }

    /// The slope for the piecewise-linear kinds (nil for ELU, whose slope is not constant). At a kink the slope is
    /// the one Chainer uses: the negative side's for leaky ReLU (and ELU) at 0.
    private func linearSlope(_ a: NDArray) -> NDArray? {
        let dt = a.dtype
        switch kind {
        case .leakyRelu(let slope): return NDArray.mask(a .> 0, dt) * (1 - slope) + slope
        case .clippedRelu(let z): return NDArray.mask((a .> 0).logicalAnd(a .< z), dt)
        case .hardSigmoid: return NDArray.mask((a .> -2.5).logicalAnd(a .< 2.5), dt) * 0.2
        case .elu: return nil
        }
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        let x = retainedInput(0)
        if let s = linearSlope(x.array) { return [g * Variable.constant(s)] }
        guard case .elu(let alpha) = kind else { return [nil] }
        let m = NDArray.mask(x.array .> 0, x.dtype)
        // exp of x clamped to the negative branch, so the unused branch cannot overflow.
        let negative = F.exp(x * Variable.constant(1 - m))
        return [g * (Variable.constant(m) + Variable.constant((1 - m) * alpha) * negative)]
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let g = gy[0]!, x = retainedInputArray(0)
        if let s = linearSlope(x) { return [g * s] }
        guard case .elu(let alpha) = kind else { return [nil] }
        return [g * NDArray.where(x .> 0, NDArray(scalar: 1, dtype: x.dtype), x.minimum(0).exp() * alpha)]
    }
}

extension F {
    /// Leaky ReLU: x for x ≥ 0, slope·x otherwise.
    public static func leakyRelu(_ x: Variable, slope: Double = 0.2) -> Variable {
        PiecewiseActivation(.leakyRelu(slope)).applySingle([x])
    }
    /// Clipped ReLU: min(max(x, 0), z).
    public static func clippedRelu(_ x: Variable, z: Double = 20) -> Variable {
        precondition(z > 0, "clippedRelu: z must be positive, got \(z)")
        return PiecewiseActivation(.clippedRelu(z)).applySingle([x])
    }
    /// ReLU6: min(max(x, 0), 6).
    public static func relu6(_ x: Variable) -> Variable { PiecewiseActivation(.clippedRelu(6)).applySingle([x]) }
    /// Hard sigmoid: clip(0.2·x + 0.5, 0, 1).
    public static func hardSigmoid(_ x: Variable) -> Variable { PiecewiseActivation(.hardSigmoid).applySingle([x]) }
    /// Exponential linear unit: x for x ≥ 0, alpha·(eˣ − 1) otherwise.
    public static func elu(_ x: Variable, alpha: Double = 1) -> Variable { PiecewiseActivation(.elu(alpha)).applySingle([x]) }
    /// Scaled ELU with the self-normalizing constants (Klambauer et al.).
    public static func selu(_ x: Variable, alpha: Double = 1.6732632423543772848170429916717,
                            scale: Double = 1.0507009873554804934193349852946) -> Variable {
        elu(x, alpha: alpha) * scale
    }
}
