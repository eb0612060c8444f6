import Foundation

/// The IDX format of the MNIST files: a big-endian header (two zero bytes, a type code, the rank, then each
/// dimension as uint32) followed by big-endian elements; optionally gzip-compressed.
public enum IDX {
    /// Decompressed data beyond this is refused (a gzip bomb guard); MNIST's largest file is 47 MB.
    public static let maxDecompressedBytes = 1 << 34

    /// Reads an IDX file, gzip-compressed or not (told apart by the gzip magic 1f 8b). int16 elements read as int32.
    public static func read(_ url: URL) throws(ArrayIOError) -> NDArray {
        try decode(try FileAccess.read(url))
    }

    /// Decodes the bytes of an IDX file, gunzipping first when they start with the gzip magic.
    public static func decode(_ data: Data) throws(ArrayIOError) -> NDArray {
        let result: Result<NDArray, ArrayIOError> = data.withUnsafeBytes { raw in
            do throws(ArrayIOError) {
                if raw.count >= 2 && raw[0] == 0x1F && raw[1] == 0x8B {
                    let plain = try Gzip.decompress(raw, limit: maxDecompressedBytes)
                    let inner: Result<NDArray, ArrayIOError> = plain.withUnsafeBytes { p in
                        do throws(ArrayIOError) { return .success(try decodePlain(p)) } catch { return .failure(error) }
                    }
                    return .success(try inner.get())
                }
                return .success(try decodePlain(raw))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The element format of each IDX type code.
    static func format(code: UInt8) -> FileElementFormat? {
        switch code {
        case 0x08: FileElementFormat(kind: .unsigned, size: 1, bigEndian: true)
        case 0x09: FileElementFormat(kind: .signed, size: 1, bigEndian: true)
        case 0x0B: FileElementFormat(kind: .signed, size: 2, bigEndian: true)
        case 0x0C: FileElementFormat(kind: .signed, size: 4, bigEndian: true)
        case 0x0D: FileElementFormat(kind: .float, size: 4, bigEndian: true)
        case 0x0E: FileElementFormat(kind: .float, size: 8, bigEndian: true)
        default: nil
        }
    }

    static func decodePlain(_ raw: UnsafeRawBufferPointer) throws(ArrayIOError) -> NDArray {
        guard raw.count >= 4 else { throw .truncated(expected: 4, got: raw.count) }
        guard raw[0] == 0 && raw[1] == 0 else { throw .badMagic("not an IDX file (expected two zero bytes)") }
        guard let format = format(code: raw[2]) else {
            throw .unsupportedDType(String(format: "IDX type code 0x%02X", raw[2]))
        }
        let rank = Int(raw[3])
        let start = 4 + 4 * rank
        guard raw.count >= start else { throw .truncated(expected: start, got: raw.count) }
        let shape = (0..<rank).map { i in
            (0..<4).reduce(0) { $0 << 8 | Int(raw[4 + 4 * i + $1]) }
        }
        guard let need = ElementCodec.byteCount(shape: shape, itemSize: format.size) else { throw .tooLarge("shape \(shape) overflows") }
        let available = raw.count - start
        if need > available { throw .truncated(expected: need, got: available) }
        if need < available { throw .sizeMismatch(expected: need, got: available) }
        return try ElementCodec.decode(UnsafeRawBufferPointer(rebasing: raw[start...]), shape: shape, format: format)
    }

    /// Writes `array` as an IDX file (gzip-compressed when `compressed`), replacing `url` atomically. Supported
    /// dtypes: uint8, int8, int32, float32, float64 (the IDX types that exist here).
    public static func write(_ array: NDArray, to url: URL, compressed: Bool = false) throws(ArrayIOError) {
        try FileAccess.writeAtomically(try encode(array, compressed: compressed), to: url)
    }

    /// The bytes of an IDX file holding `array`.
    public static func encode(_ array: NDArray, compressed: Bool = false) throws(ArrayIOError) -> Data {
        let code: UInt8
        switch array.dtype {
        case .uint8: code = 0x08
        case .int8: code = 0x09
        case .int32: code = 0x0C
        case .float32: code = 0x0D
        case .float64: code = 0x0E
        default: throw .unsupportedDType("IDX has no type for \(array.dtype); use uint8, int8, int32, float32 or float64")
        }
        guard array.ndim <= 255 else { throw .tooLarge("IDX holds at most 255 dimensions, got \(array.ndim)") }
        guard array.shape.allSatisfy({ $0 <= Int(UInt32.max) }) else { throw .tooLarge("IDX dimensions must fit uint32: \(array.shape)") }
        var out = Data([0, 0, code, UInt8(array.ndim)])
        for d in array.shape { Swift.withUnsafeBytes(of: UInt32(d).bigEndian) { out.append(contentsOf: $0) } }
        out.append(ElementCodec.encode(array, bigEndian: true))
        if compressed { return Gzip.compress(out) }
        return out
    }
}
