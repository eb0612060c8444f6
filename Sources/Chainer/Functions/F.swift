/// Chainer's `chainer.functions`: differentiable functions on variables (`F.relu(x)`, `F.sum(y)`, …).
public enum F {}

extension NDArray {
    /// Sums over the axes that broadcasting added or stretched, giving an array of `shape` (the gradient of a
    /// broadcast).
    public func sumTo(_ shape: [Int]) -> NDArray {
        if self.shape == shape { return self }
        let lead = ndim - shape.count
        precondition(lead >= 0, "sumTo: cannot sum an array of shape \(self.shape) to shape \(shape)")
        var axes = Array(0..<lead)
        for (i, d) in shape.enumerated() where d == 1 && self.shape[lead + i] != 1 { axes.append(lead + i) }
        var r = axes.isEmpty ? self : sum(axes: axes, keepDims: true)
        if lead > 0 { r = r.reshaped(Array(r.shape[lead...])) }
        precondition(r.shape == shape, "sumTo: cannot sum an array of shape \(self.shape) to shape \(shape)")
        return r
    }
}
