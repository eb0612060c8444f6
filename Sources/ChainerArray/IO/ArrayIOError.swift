/// Why reading or writing an array file failed. Every reader throws these instead of trapping, whatever the bytes.
public enum ArrayIOError: Error, Equatable, CustomStringConvertible {
    /// The file does not start with the format's magic bytes.
    case badMagic(String)
    /// The format version is not one this reader knows.
    case unsupportedVersion(String)
    /// The header is not valid text or does not parse.
    case badHeader(String)
    /// The element type has no counterpart here (or, when writing, in the file format).
    case unsupportedDType(String)
    /// The data ends before the header says it should.
    case truncated(expected: Int, got: Int)
    /// The data is longer than the header says.
    case sizeMismatch(expected: Int, got: Int)
    /// A declared size overflows or exceeds what the input could hold.
    case tooLarge(String)
    /// A value does not fit the type it is read into (uint64 above Int64.max, say).
    case valueOutOfRange(String)
    /// The zip structure is damaged or uses features not supported here.
    case badZip(String)
    /// A checksummed part's CRC-32 does not match its contents (named: "zip member 'a.npy'", "PNG chunk IDAT").
    case crcMismatch(String)
    /// A DEFLATE or gzip stream is damaged.
    case decompression(String)
    /// The operating system refused a read or write.
    case io(String)

    /// The same error with `part` (an archive member) named in its text, where the case carries text.
    func naming(_ part: String) -> ArrayIOError {
        switch self {
        case .badMagic(let s): .badMagic("\(part): \(s)")
        case .unsupportedVersion(let s): .unsupportedVersion("\(s) in \(part)")
        case .badHeader(let s): .badHeader("\(part): \(s)")
        case .unsupportedDType(let s): .unsupportedDType("\(part): \(s)")
        case .tooLarge(let s): .tooLarge("\(part): \(s)")
        case .valueOutOfRange(let s): .valueOutOfRange("\(part): \(s)")
        case .decompression(let s): .decompression("\(part): \(s)")
        case .truncated, .sizeMismatch, .badZip, .crcMismatch, .io: self
        }
    }

    /// A one-line explanation naming what was wrong.
    public var description: String {
        switch self {
        case .badMagic(let s): "bad magic: \(s)"
        case .unsupportedVersion(let s): "unsupported format version \(s)"
        case .badHeader(let s): "bad header: \(s)"
        case .unsupportedDType(let s): "unsupported dtype: \(s)"
        case .truncated(let e, let g): "truncated data: expected \(e) bytes, got \(g)"
        case .sizeMismatch(let e, let g): "size mismatch: header declares \(e) bytes of data, file holds \(g)"
        case .tooLarge(let s): "declared size too large: \(s)"
        case .valueOutOfRange(let s): "value out of range: \(s)"
        case .badZip(let s): "bad zip archive: \(s)"
        case .crcMismatch(let s): "CRC-32 mismatch in \(s)"
        case .decompression(let s): "decompression failed: \(s)"
        case .io(let s): "I/O error: \(s)"
        }
    }
}
