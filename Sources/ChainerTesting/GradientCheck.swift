import Chainer

/// A gradient check that failed, with the numbers that disagree.
public struct GradientCheckError: Error, CustomStringConvertible {
    /// What disagreed.
    public let description: String
}

/// Checks `f`'s backward against central differences along a random direction (Chainer's `check_backward`), in
/// `dtype` (Float64 by default). Integer inputs (labels, indices) are passed through and not differentiated.
/// Throws `GradientCheckError` on a mismatch, which a Swift Testing test records as an issue.
///
/// ```swift
/// try checkBackward({ [F.tanh($0[0])] }, inputs: [NDArray.normal([3, 4])], gradOutputs: [NDArray.normal([3, 4])])
/// ```
public func checkBackward(_ f: ([Variable]) -> [Variable], inputs: [NDArray], gradOutputs: [NDArray]? = nil,
                          eps: Double = 1e-3, atol: Double = 1e-5, rtol: Double = 1e-4, dtype: DType? = .float64) throws {
    let xs = inputs.map { $0.dtype.isFloatingPoint ? $0.cast(dtype ?? $0.dtype) : $0 }
    let differentiable = xs.map(\.dtype.isFloatingPoint)
    let vars = zip(xs, differentiable).map { Variable($0, requiresGrad: $1) }
    let ys = f(vars)
    let gys: [NDArray] = ys.enumerated().map { k, y in
        if let g = gradOutputs?[k] { return g.cast(y.dtype) }
        return y.size == 1 ? NDArray.ones(y.shape, dtype: y.dtype) : NDArray.normal(y.shape, dtype: y.dtype)
    }
    Chainer.backward(ys, gradOutputs: gys)

    // A random unit direction over all differentiable inputs.
    var directions = xs.enumerated().map { i, x in differentiable[i] ? NDArray.normal(x.shape, dtype: x.dtype) : NDArray.zeros(x.shape, dtype: x.dtype) }
    let norm = directions.reduce(0.0) { $0 + $1.square().sum().item() }.squareRoot()
    if norm > 0 { directions = directions.map { $0 / norm } }

    var analytic = 0.0
    for (i, v) in vars.enumerated() where differentiable[i] {
        guard let g = v.grad else { continue }
        precondition(g.shape == v.shape, "checkBackward: gradient of input \(i) has shape \(g.shape), expected \(v.shape)")
        analytic += (g.cast(.float64) * directions[i].cast(.float64)).sum().item()
    }

    func objective(_ t: Double) -> Double {
        let shifted = xs.enumerated().map { i, x in differentiable[i] ? x + directions[i] * t : x }
        // Inputs stay differentiable: a function under test may itself call `grad` (double backward checks).
        let outs = f(shifted.enumerated().map { Variable($1, requiresGrad: differentiable[$0]) })
        return zip(outs, gys).reduce(0.0) { $0 + ($1.0.array.cast(.float64) * $1.1.cast(.float64)).sum().item() }
    }
    let numeric = (objective(eps) - objective(-eps)) / (2 * eps)
    if !(Swift.abs(numeric - analytic) <= atol + rtol * Swift.abs(numeric)) {
        throw GradientCheckError(description: "checkBackward: directional derivative mismatch: numeric \(numeric), backward \(analytic) (atol \(atol), rtol \(rtol))")
    }
}

/// Checks second-order gradients (Chainer's `check_double_backward`): the map (x, gy) ↦ ∂(f(x)·gy)/∂x must itself
/// pass `checkBackward`.
public func checkDoubleBackward(_ f: ([Variable]) -> [Variable], inputs: [NDArray], gradOutputs: [NDArray],
                                gradGradInputs: [NDArray]? = nil, eps: Double = 1e-3, atol: Double = 1e-4, rtol: Double = 1e-3,
                                dtype: DType? = .float64) throws {
    let nIn = inputs.count
    let differentiable = inputs.map(\.dtype.isFloatingPoint)
    func firstOrder(_ vs: [Variable]) -> [Variable] {
        let xs = Array(vs[..<nIn]), gys = Array(vs[nIn...])
        let ys = f(xs)
        let gs = grad(outputs: ys, inputs: xs, gradOutputs: gys, enableDoubleBackprop: true)
        return zip(gs, differentiable).compactMap { g, d in d ? (g ?? Variable(NDArray.zeros([1]), requiresGrad: false)) : nil }
    }
    try checkBackward(firstOrder, inputs: inputs + gradOutputs, gradOutputs: gradGradInputs, eps: eps, atol: atol, rtol: rtol, dtype: dtype)
}
