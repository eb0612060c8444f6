import Foundation

/// gzip files (RFC 1952) through the system zlib: the wrapper of MNIST's `.gz` files and of `.tar.gz` archives.
public enum Gzip {
    /// Whether `data` starts with the gzip magic bytes 1f 8b.
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The decompressed bytes of a gzip file (several members back to back concatenate). Output beyond `limit`
    /// bytes, or beyond what DEFLATE's maximum ratio allows for this input, is refused as a damaged stream.
    public static func decompress(_ data: Data, limit: Int = 1 << 34) throws(ArrayIOError) -> Data {
        let result: Result<Data, ArrayIOError> = data.withUnsafeBytes { raw in
            do throws(ArrayIOError) { return .success(try decompress(raw, limit: limit)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Decompresses gzip bytes in place in memory (see `decompress(_:limit:)`).
    static func decompress(_ raw: UnsafeRawBufferPointer, limit: Int) throws(ArrayIOError) -> Data {
        guard raw.count >= 2 && raw[0] == 0x1F && raw[1] == 0x8B else { throw .badMagic("not a gzip stream (expected 1f 8b)") }
        // DEFLATE cannot expand more than about 1032:1, so more output than that is impossible anyway.
        let (bound, overflow) = raw.count.multipliedReportingOverflow(by: ZipArchive.maxRatio)
        let cap = overflow ? limit : Swift.min(limit, bound + (1 << 16))
        return try Zlib.inflate(raw, windowBits: Zlib.gzipWindow, expectedSize: nil, limit: cap)
    }

    /// `data` compressed as a gzip file at zlib `level` (0 to 9).
    public static func compress(_ data: Data, level: Int = 6) -> Data {
        precondition((0...9).contains(level), "Gzip.compress: level must be in 0...9, got \(level)")
        return data.withUnsafeBytes { Zlib.deflate($0, windowBits: Zlib.gzipWindow, level: Int32(level)) }
    }
}
