import Foundation

extension F {
    /// Scaled dot-product attention `softmax(q kᵀ/√D + mask) v` for q (..., Lq, D), k (..., Lk, D) and
    /// v (..., Lk, Dv), batch axes broadcasting. A boolean `mask` broadcastable to (..., Lq, Lk) keeps the `true`
    /// positions and sends the others to −∞ before the softmax; a float `mask` is added to the scores. `causal`
    /// masks key j for query i when j > i. A row with every key masked gives NaN.
    public static func scaledDotProductAttention(_ q: Variable, _ k: Variable, _ v: Variable, mask: NDArray? = nil,
                                                 causal: Bool = false,
                                                 file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(q.ndim >= 2 && k.ndim >= 2 && v.ndim >= 2 && q.shape.last == k.shape.last
                     && k.shape[k.ndim - 2] == v.shape[v.ndim - 2] && q.dtype == k.dtype && q.dtype == v.dtype,
                     "scaledDotProductAttention: q \(q.shape) \(q.dtype), k \(k.shape) \(k.dtype), v \(v.shape) \(v.dtype) do not fit (..., Lq, D), (..., Lk, D), (..., Lk, Dv) (\(file):\(line))")
        let lq = q.shape[q.ndim - 2], lk = k.shape[k.ndim - 2], d = q.shape[q.ndim - 1]
        var scores = matmul(q * (1 / Foundation.sqrt(Double(Swift.max(d, 1)))), swapLastAxes(k))
        var additive: NDArray?
        if let mask {
            precondition(mask.ndim <= scores.ndim && zip(mask.shape.reversed(), scores.shape.reversed()).allSatisfy { $0 == $1 || $0 == 1 },
                         "scaledDotProductAttention: mask of shape \(mask.shape) does not broadcast to scores of shape \(scores.shape) (\(file):\(line))")
            additive = mask.dtype == .bool ? NDArray.where(mask, NDArray(scalar: 0, dtype: q.dtype), -Double.infinity) : mask.cast(q.dtype)
        }
        if causal {
            let rows = NDArray.arange(Double(lq), dtype: .int64).reshaped([lq, 1])
            let cols = NDArray.arange(Double(lk), dtype: .int64).reshaped([1, lk])
            let c = NDArray.where(cols .<= rows, NDArray(scalar: 0, dtype: q.dtype), -Double.infinity)
            additive = additive.map { $0 + c } ?? c
        }
        if let additive { scores = scores + Variable(additive, requiresGrad: false) }
        return matmul(softmax(scores, axis: -1), v)
    }
}
