/// Why a dataset could not be loaded. The download cases carry a whole message: what failed, for which file and
/// URL, and how to place the files by hand.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    /// A resource embedded in the package is missing.
    case missingResource(String)
    /// A file was found but could not be decoded.
    case badFile(String)
    /// The data must be downloaded and the server could not be reached (no network, refused, timed out).
    case notAvailableOffline(String)
    /// The server answered but the download failed (an HTTP error status, a bad URL, a file that cannot be written).
    case downloadFailed(String)
    /// A downloaded or cached file's SHA-256 differs from the sum kept in the code; the file is not used.
    case checksumMismatch(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .missingResource(let s): "missing package resource: \(s)"
        case .badFile(let s): "bad dataset file: \(s)"
        case .notAvailableOffline(let s): "not available offline: \(s)"
        case .downloadFailed(let s): "download failed: \(s)"
        case .checksumMismatch(let s): "checksum mismatch: \(s)"
        }
    }
}
