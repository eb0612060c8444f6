/// Batch normalization with batch statistics over `axes`; the backward recomputes the statistics from the retained
/// input with differentiable functions, so second-order gradients are exact.
final class BatchNormalization: FunctionNode {
    let axes: [Int], eps: Double
    /// Batch mean and biased variance, in the shape of gamma (read by the caller to update running statistics).
    private(set) var mean = NDArray(0.0), variance = NDArray(0.0)
    private var invStd = NDArray(0.0)
    /// Whether the forward ran the fused kernel (channel axis 1, float32/float64), whose backward is fused too.
    private var fused = false
    init(axes: [Int], eps: Double) { self.axes = axes; self.eps = eps }
    override var label: String { "BatchNormalization" }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainInputs([0, 1])
        if axes == [0] + Array(2..<x[0].ndim) && NDArray.batchNormalizationFuses(x[0], gamma: x[1], beta: x[2]) {
            let r = NDArray.batchNormalization(x[0], gamma: x[1], beta: x[2], eps: eps)
            fused = true
            mean = r.mean.cast(x[0].dtype)
            variance = r.variance.cast(x[0].dtype)
            invStd = r.invStd.reshaped(bnKeptShape(x[0].shape, axes))   // the layout the composed backward reads
            return [r.y]
        }
        // float16 statistics lose too much precision; compute them in float32.
        let xs = x[0].dtype == .float16 ? x[0].cast(.float32) : x[0]
        let keep = bnKeptShape(x[0].shape, axes)
        let mu = xs.mean(axes: axes, keepDims: true)
        let xc = xs - mu
        let v = (xc * xc).mean(axes: axes, keepDims: true)
        let inv = 1.0 / (v + eps).sqrt()
        let gamma = x[1].cast(xs.dtype).reshaped(keep), beta = x[2].cast(xs.dtype).reshaped(keep)
        mean = mu.reshaped(x[1].shape)
        variance = v.reshaped(x[1].shape)
        invStd = inv.cast(x[0].dtype)
        return [(xc * inv * gamma + beta).cast(x[0].dtype)]
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        guard fused, let g = gy[0] else { return nil }
        let x = retainedInputArray(0)
        let r = NDArray.batchNormalizationGrad(x, g.cast(x.dtype), gamma: retainedInputArray(1), mean: mean,
                                               invStd: invStd.reshaped([x.shape[1]]), input: indexes.contains(0))
        return indexes.map { i in i == 0 ? r.gx : i == 1 ? r.gGamma : r.gBeta }
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let x = retainedInput(0), gamma = retainedInput(1), g = gy[0]!
        let keep = bnKeptShape(x.shape, axes)
        let m = Double(axes.reduce(1) { $0 * x.shape[$1] })
        let xhat: Variable, inv: Variable
        if Config.current.enableBackprop {
            let xc = x - F.mean(x, axes: axes, keepDims: true)
            inv = F.pow(F.mean(xc * xc, axes: axes, keepDims: true) + eps, -0.5)
            xhat = xc * inv
        } else {
            inv = Variable(invStd, requiresGrad: false)
            xhat = Variable((x.array - mean.cast(x.dtype).reshaped(keep)) * invStd, requiresGrad: false)
        }
        let gbeta = F.sum(g, axes: axes)
        let ggamma = F.sum(g * xhat, axes: axes)
        return indexes.map { i -> Variable? in
            switch i {
            case 0:
                let correction = (F.reshape(gbeta, keep) + xhat * F.reshape(ggamma, keep)) / m
                return F.reshape(gamma, keep) * inv * (g - correction)
            case 1: return ggamma
            default: return gbeta
            }
        }
    }
}

/// `shape` with the reduced `axes` set to 1 (the broadcastable shape of per-channel parameters).
func bnKeptShape(_ shape: [Int], _ axes: [Int]) -> [Int] {
    var keep = shape
    for a in axes { keep[a] = 1 }
    return keep
}

/// Normalized reduction axes for batch normalization (Chainer's default: every axis but 1), checked against gamma.
private func bnAxes(_ name: String, _ x: Variable, _ axis: [Int]?, _ paramShapes: [[Int]],
                    file: StaticString, line: UInt) -> [Int] {
    precondition(x.ndim >= 2 || axis != nil, "\(name): x needs at least two axes, got shape \(x.shape) (\(file):\(line))")
    let axes = (axis ?? ([0] + Array(Swift.min(2, x.ndim)..<x.ndim))).map { $0 < 0 ? $0 + x.ndim : $0 }.sorted()
    precondition(axes.allSatisfy { $0 >= 0 && $0 < x.ndim } && Set(axes).count == axes.count,
                 "\(name): bad axis \(axis ?? []) for x of shape \(x.shape) (\(file):\(line))")
    let expected = x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
    for s in paramShapes {
        precondition(s == expected, "\(name): parameter of shape \(s) does not match x of shape \(x.shape) \(x.dtype) reduced over \(axes); expected \(expected) (\(file):\(line))")
    }
    return axes
}

extension F {
    /// Batch normalization with the batch's statistics over every axis but the channel axis 1 (or over `axis`)
    /// (Chainer's `batch_normalization`). Running statistics, when given, are updated in place:
    /// `r ← decay·r + (1 − decay)·s`, the variance unbiased by m/(m − 1).
    ///
    /// ```swift
    /// var mean: NDArray? = .zeros([3]), variance: NDArray? = .ones([3])
    /// let y = F.batchNormalization(x, gamma, beta, runningMean: &mean, runningVar: &variance)
    /// ```
    public static func batchNormalization(_ x: Variable, _ gamma: Variable, _ beta: Variable, eps: Double = 2e-5,
                                          runningMean: inout NDArray?, runningVar: inout NDArray?, decay: Double = 0.9,
                                          axis: [Int]? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let axes = bnAxes("batchNormalization", x, axis, [gamma.shape, beta.shape], file: file, line: line)
        precondition(eps > 0, "batchNormalization: eps must be positive, got \(eps) (\(file):\(line))")
        let node = BatchNormalization(axes: axes, eps: eps)
        let y = node.applySingle([x, gamma, beta], file: file, line: line)
        let m = Double(axes.reduce(1) { $0 * x.shape[$1] })
        if let r = runningMean {
            precondition(r.shape == gamma.shape, "batchNormalization: runningMean of shape \(r.shape) does not match gamma of shape \(gamma.shape) (\(file):\(line))")
            runningMean = (r * decay + node.mean.cast(r.dtype) * (1 - decay))
        }
        if let r = runningVar {
            precondition(r.shape == gamma.shape, "batchNormalization: runningVar of shape \(r.shape) does not match gamma of shape \(gamma.shape) (\(file):\(line))")
            let adjust = m / Swift.max(m - 1, 1)
            runningVar = (r * decay + node.variance.cast(r.dtype) * ((1 - decay) * adjust))
        }
        return y
    }

    /// `batchNormalization` updating non-optional running statistics.
    public static func batchNormalization(_ x: Variable, _ gamma: Variable, _ beta: Variable, eps: Double = 2e-5,
                                          runningMean: inout NDArray, runningVar: inout NDArray, decay: Double = 0.9,
                                          axis: [Int]? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        var m: NDArray? = runningMean, v: NDArray? = runningVar
        let y = batchNormalization(x, gamma, beta, eps: eps, runningMean: &m, runningVar: &v, decay: decay, axis: axis,
                                   file: file, line: line)
        runningMean = m!
        runningVar = v!
        return y
    }

    /// `batchNormalization` without running statistics.
    public static func batchNormalization(_ x: Variable, _ gamma: Variable, _ beta: Variable, eps: Double = 2e-5,
                                          axis: [Int]? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        var m: NDArray? = nil, v: NDArray? = nil
        return batchNormalization(x, gamma, beta, eps: eps, runningMean: &m, runningVar: &v, axis: axis, file: file, line: line)
    }

    /// Batch normalization with given statistics (Chainer's `fixed_batch_normalization`, used at test time);
    /// differentiable in all five inputs.
    public static func fixedBatchNormalization(_ x: Variable, _ gamma: Variable, _ beta: Variable, _ mean: Variable,
                                               _ variance: Variable, eps: Double = 2e-5, axis: [Int]? = nil,
                                               file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let axes = bnAxes("fixedBatchNormalization", x, axis, [gamma.shape, beta.shape, mean.shape, variance.shape],
                          file: file, line: line)
        let keep = bnKeptShape(x.shape, axes)
        let inv = pow(reshape(variance, keep) + eps, -0.5)
        return (x - reshape(mean, keep)) * (reshape(gamma, keep) * inv) + reshape(beta, keep)
    }

    /// `fixedBatchNormalization` with the statistics as arrays.
    public static func fixedBatchNormalization(_ x: Variable, _ gamma: Variable, _ beta: Variable, _ mean: NDArray,
                                               _ variance: NDArray, eps: Double = 2e-5, axis: [Int]? = nil,
                                               file: StaticString = #fileID, line: UInt = #line) -> Variable {
        fixedBatchNormalization(x, gamma, beta, Variable(mean, requiresGrad: false), Variable(variance, requiresGrad: false),
                                eps: eps, axis: axis, file: file, line: line)
    }
}
