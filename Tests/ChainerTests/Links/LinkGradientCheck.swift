import Testing
@testable import Chainer

/// Checks the gradients a link's forward gives its input and every parameter against central differences along one
/// random direction (the way `checkBackward` does for functions), in float64.
func checkLinkBackward(_ link: Link, _ x: NDArray, eps: Double = 1e-6, atol: Double = 1e-5, rtol: Double = 1e-4,
                       sourceLocation: SourceLocation = #_sourceLocation, _ forward: (Variable) -> Variable) {
    let params = link.params()
    let xv = Variable(x)
    let y0 = forward(xv)
    let gy = NDArray.normal(y0.shape, dtype: .float64)
    link.clearGrads()
    F.sum(y0 * Variable(gy, requiresGrad: false)).backward()
    let dx = NDArray.normal(x.shape, dtype: .float64)
    let dps = params.map { NDArray.normal($0.shape, dtype: .float64) }
    var analytic = (xv.grad.map { ($0 * dx).sum().item() } ?? 0)
    for (p, d) in zip(params, dps) { analytic += p.grad.map { ($0 * d).sum().item() } ?? 0 }

    let base = params.map(\.array)
    func loss(_ sign: Double) -> Double {
        for (i, p) in params.enumerated() { p.array = base[i] + dps[i] * (sign * eps) }
        let y = noBackpropMode { forward(Variable(x + dx * (sign * eps))) }
        return (y.array * gy).sum().item()
    }
    let numeric = (loss(1) - loss(-1)) / (2 * eps)
    for (i, p) in params.enumerated() { p.array = base[i] }
    #expect(abs(numeric - analytic) <= atol + rtol * abs(numeric), "numeric \(numeric) vs analytic \(analytic)",
            sourceLocation: sourceLocation)
}
