/// Why reading or writing a safetensors file failed. The reader throws these for any malformed input, never traps.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// The file is shorter than the 8-byte length prefix or than the header it declares.
    case truncatedHeader(declared: Int, available: Int)
    /// The header is not a JSON object of the expected form (the reason says where).
    case badHeader(String)
    /// A tensor's dtype is not one of F64, F32, F16, BF16, I64, I32, I8, U8, BOOL.
    case unsupportedDType(name: String, dtype: String)
    /// A tensor's `data_offsets` fall outside the data section or are reversed.
    case offsetsOutOfRange(name: String, begin: Int, end: Int, available: Int)
    /// A tensor's byte span does not match its shape and dtype.
    case sizeMismatch(name: String, expected: Int, got: Int)
    /// Two tensors' byte spans overlap.
    case overlapping(String, String)
    /// The operating system refused a read or write.
    case io(String)

    /// A one-line explanation naming what was wrong.
    public var description: String {
        switch self {
        case let .truncatedHeader(d, a): "safetensors: header of \(d) bytes declared, \(a) available"
        case .badHeader(let s): "safetensors: bad header: \(s)"
        case let .unsupportedDType(n, d): "safetensors: tensor \"\(n)\" has unsupported dtype \(d)"
        case let .offsetsOutOfRange(n, b, e, a): "safetensors: tensor \"\(n)\" spans [\(b), \(e)) outside the \(a)-byte data section"
        case let .sizeMismatch(n, e, g): "safetensors: tensor \"\(n)\" needs \(e) bytes, its span holds \(g)"
        case let .overlapping(a, b): "safetensors: tensors \"\(a)\" and \"\(b)\" overlap"
        case .io(let s): "safetensors: I/O error: \(s)"
        }
    }
}
