/// Zero-mean, unit-variance `x` along its last axis (biased variance), built from differentiable functions.
private func standardizeLastAxis(_ x: Variable, eps: Double) -> Variable {
    let last = x.ndim - 1
    let xc = x - F.mean(x, axes: [last], keepDims: true)
    return xc * F.pow(F.mean(xc * xc, axes: [last], keepDims: true) + eps, -0.5)
}

extension F {
    /// Layer normalization over the last axis, then `γ·x̂ + β` with γ, β of that axis's length (Chainer's
    /// `layer_normalization`, which normalizes the rows of a 2-D input).
    public static func layerNormalization(_ x: Variable, _ gamma: Variable, _ beta: Variable, eps: Double = 1e-5,
                                          file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.ndim >= 1 && gamma.shape == [x.shape[x.ndim - 1]] && beta.shape == gamma.shape,
                     "layerNormalization: gamma \(gamma.shape) and beta \(beta.shape) must be (\(x.shape.last ?? 0),) for x of shape \(x.shape) \(x.dtype) (\(file):\(line))")
        return standardizeLastAxis(x, eps: eps) * gamma + beta
    }

    /// Group normalization (Chainer's `group_normalization`): the channels of x (N, C, …) are split into `groups`,
    /// each normalized over its channels and spatial positions, then scaled by per-channel γ and shifted by β.
    public static func groupNormalization(_ x: Variable, _ groups: Int, _ gamma: Variable, _ beta: Variable,
                                          eps: Double = 1e-5, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.ndim >= 2, "groupNormalization: x needs shape (N, C, ...), got \(x.shape) (\(file):\(line))")
        let n = x.shape[0], c = x.shape[1]
        precondition(groups > 0 && c % groups == 0,
                     "groupNormalization: \(c) channels of x \(x.shape) \(x.dtype) do not split into \(groups) groups (\(file):\(line))")
        precondition(gamma.shape == [c] && beta.shape == [c],
                     "groupNormalization: gamma \(gamma.shape) and beta \(beta.shape) must be (\(c),) for x of shape \(x.shape) (\(file):\(line))")
        let grouped = reshape(x, [n, groups, x.size / Swift.max(n * groups, 1)])
        let y = reshape(standardizeLastAxis(grouped, eps: eps), x.shape)
        let perChannel = [1, c] + Array(repeating: 1, count: x.ndim - 2)
        return y * reshape(gamma, perChannel) + reshape(beta, perChannel)
    }

    /// L2 normalization along `axis`: `x / (‖x‖₂ + eps)` (Chainer's `normalize`; eps is added to the norm).
    public static func normalize(_ x: Variable, eps: Double = 1e-5, axis: Int = 1,
                                 file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let a = axis < 0 ? axis + x.ndim : axis
        precondition(a >= 0 && a < x.ndim, "normalize: axis \(axis) is out of range for x of shape \(x.shape) (\(file):\(line))")
        let norm = sqrt(sum(x * x, axis: a, keepDims: true)) + eps
        return x / norm
    }
}
