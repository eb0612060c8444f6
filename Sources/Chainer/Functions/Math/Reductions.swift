/// Max or min over axes; the gradient goes to every position equal to the extreme (Chainer's rule).
final class Extreme: FunctionNode {
    let largest: Bool, axes: [Int], keepDims: Bool
    var inputShape: [Int] = []
    init(largest: Bool, axes: [Int], keepDims: Bool) { self.largest = largest; self.axes = axes; self.keepDims = keepDims }
    override var label: String { largest ? "Max" : "Min" }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputShape = x[0].shape
        retainInputs([0])
        retainOutputs([0])
        return [largest ? x[0].max(axes: axes, keepDims: keepDims) : x[0].min(axes: axes, keepDims: keepDims)]
    }
    private var keptShape: [Int] {
        var s = inputShape
        for a in axes { s[a] = 1 }
        return s
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let x = retainedInput(0).array
        let y = retainedOutputArray(0).reshaped(keptShape)
        let m = NDArray.mask(x .== y, x.dtype)
        return [F.broadcastTo(F.reshape(gy[0]!, keptShape), inputShape) * Variable.constant(m)]
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let x = retainedInputArray(0), y = retainedOutputArray(0).reshaped(keptShape)
        return [gy[0]!.reshaped(keptShape) * NDArray.mask(x .== y, x.dtype)]
    }
}

/// log Σ exp over axes, computed stably; the gradient is the softmax over those axes.
final class LogSumExp: FunctionNode {
    let axes: [Int], keepDims: Bool
    var inputShape: [Int] = []
    init(axes: [Int], keepDims: Bool) { self.axes = axes; self.keepDims = keepDims }
    override var label: String { "LogSumExp" }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputShape = x[0].shape
        retainInputs([0])
        retainOutputs([0])
        return [x[0].logsumexp(axes: axes, keepDims: keepDims)]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        var kept = inputShape
        for a in axes { kept[a] = 1 }
        let y = F.broadcastTo(F.reshape(retainedOutput(0), kept), inputShape)
        let g = F.broadcastTo(F.reshape(gy[0]!, kept), inputShape)
        return [g * F.exp(retainedInput(0) - y)]
    }
}

/// Cumulative sum along an axis; the gradient is the reversed cumulative sum.
final class Cumsum: FunctionNode {
    let axis: Int
    init(axis: Int) { self.axis = axis }
    override var label: String { "Cumsum" }
    override func forward(_ x: [NDArray]) -> [NDArray] { [x[0].cumsum(axis: axis)] }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [F.flip(Cumsum(axis: axis).applySingle([F.flip(gy[0]!, axis: axis)]), axis: axis)]
    }
}

extension F {
    /// Normalized, de-duplicated axes (all axes when nil).
    static func reductionAxes(_ axes: [Int]?, _ ndim: Int, _ name: String, _ file: StaticString, _ line: UInt) -> [Int] {
        guard let axes else { return Array(0..<ndim) }
        let r = axes.map { normalizedAxis($0, ndim, name, file, line) }
        precondition(Set(r).count == r.count, "\(name): repeated axis in \(axes) (\(file):\(line))")
        return r.sorted()
    }

    /// Maximum over `axes` (all when nil); the gradient goes to the maximal positions.
    public static func max(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.size > 0, "max: empty input of shape \(x.shape) (\(file):\(line))")
        return Extreme(largest: true, axes: reductionAxes(axes, x.ndim, "max", file, line), keepDims: keepDims).applySingle([x], file: file, line: line)
    }
    /// Maximum along `axis`.
    public static func max(_ x: Variable, axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        max(x, axes: [axis], keepDims: keepDims, file: file, line: line)
    }
    /// Minimum over `axes` (all when nil); the gradient goes to the minimal positions.
    public static func min(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.size > 0, "min: empty input of shape \(x.shape) (\(file):\(line))")
        return Extreme(largest: false, axes: reductionAxes(axes, x.ndim, "min", file, line), keepDims: keepDims).applySingle([x], file: file, line: line)
    }
    /// Minimum along `axis`.
    public static func min(_ x: Variable, axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        min(x, axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// Index of the maximum (over the flattened input when `axis` is nil), as an int64 variable with no gradient.
    public static func argmax(_ x: Variable, axis: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.size > 0, "argmax: empty input of shape \(x.shape) (\(file):\(line))")
        let a = axis.map { x.array.argmax(axis: normalizedAxis($0, x.ndim, "argmax", file, line)) } ?? x.array.argmax()
        return Variable(a, requiresGrad: false)
    }
    /// Index of the minimum (over the flattened input when `axis` is nil), as an int64 variable with no gradient.
    public static func argmin(_ x: Variable, axis: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.size > 0, "argmin: empty input of shape \(x.shape) (\(file):\(line))")
        let a = axis.map { x.array.argmin(axis: normalizedAxis($0, x.ndim, "argmin", file, line)) } ?? x.array.argmin()
        return Variable(a, requiresGrad: false)
    }

    /// log Σ exp(x) over `axes` (all when nil), computed stably.
    public static func logsumexp(_ x: Variable, axes: [Int]? = nil, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        LogSumExp(axes: reductionAxes(axes, x.ndim, "logsumexp", file, line), keepDims: keepDims).applySingle([x], file: file, line: line)
    }
    /// log Σ exp(x) along `axis`.
    public static func logsumexp(_ x: Variable, axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        logsumexp(x, axes: [axis], keepDims: keepDims, file: file, line: line)
    }

    /// Cumulative sum along `axis` (of the flattened input when nil).
    public static func cumsum(_ x: Variable, axis: Int? = nil, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        guard let axis else { return Cumsum(axis: 0).applySingle([flatten(x)], file: file, line: line) }
        return Cumsum(axis: normalizedAxis(axis, x.ndim, "cumsum", file, line)).applySingle([x], file: file, line: line)
    }

    /// Mean along `axes` (all when nil), weighted by `weights` (1-D, along the single axis) when given.
    public static func average(_ x: Variable, axis: Int? = nil, weights: Variable? = nil, keepDims: Bool = false,
                               file: StaticString = #fileID, line: UInt = #line) -> Variable {
        guard let weights else {
            guard let axis else { return keepDims ? reshape(mean(x), Array(repeating: 1, count: x.ndim)) : mean(x) }
            return mean(x, axes: [axis], keepDims: keepDims)
        }
        precondition(axis != nil || weights.shape == x.shape || (weights.ndim == 1 && x.ndim == 1),
                     "average: weights of shape \(weights.shape) need an axis for input \(x.shape) (\(file):\(line))")
        if let axis {
            let a = normalizedAxis(axis, x.ndim, "average", file, line)
            precondition(weights.ndim == 1 && weights.shape[0] == x.shape[a],
                         "average: weights of shape \(weights.shape) do not match axis \(axis) of input \(x.shape) (\(file):\(line))")
            let w = alignedParameter(weights, to: x, axis: a, name: "average", file: file, line: line)
            return sum(x * w, axis: a, keepDims: keepDims) / sum(weights)
        }
        let total = sum(x * weights) / sum(weights)
        return keepDims ? reshape(total, Array(repeating: 1, count: x.ndim)) : total
    }
}

extension F {
    /// Mean along `axis`.
    public static func mean(_ x: Variable, axis: Int, keepDims: Bool = false) -> Variable { mean(x, axes: [axis], keepDims: keepDims) }
}
