/// Where an array's storage lives.
public enum Device: Sendable, Hashable, CustomStringConvertible {
    /// Host memory.
    case cpu
    /// A CUDA device by ordinal (the CUDA backend arrives later).
    case cuda(Int)

    public var description: String {
        switch self {
        case .cpu: "cpu"
        case .cuda(let n): "cuda:\(n)"
        }
    }
}
