/// Multiplies by a fixed random mask (kept for backward).
final class MaskMultiply: FunctionNode {
    let mask: NDArray
    init(_ mask: NDArray) { self.mask = mask }
    override var label: String { "Dropout" }
    override func forward(_ x: [NDArray]) -> [NDArray] { [x[0] * mask] }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] { [MaskMultiply(mask).applySingle([gy[0]!])] }
}

extension F {
    /// Zeroes each element with probability `ratio` and scales the rest by 1/(1−ratio), in training mode only.
    public static func dropout(_ x: Variable, ratio: Double = 0.5) -> Variable {
        precondition(ratio >= 0 && ratio < 1, "dropout: ratio must be in [0, 1), got \(ratio)")
        guard Config.current.train, ratio > 0 else { return x }
        let keep = NDArray.bernoulli(x.shape, p: 1 - ratio).astype(x.dtype) / (1 - ratio)
        return MaskMultiply(keep).applySingle([x])
    }
}
