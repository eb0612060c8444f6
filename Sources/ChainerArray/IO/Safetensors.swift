import Foundation

/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header mapping each
/// tensor name to `{dtype, shape, data_offsets}` (plus an optional string map `__metadata__`), then the raw
/// little-endian tensor bytes.
public enum Safetensors {
    /// The largest header accepted (the reference implementation's limit), so a hostile length cannot exhaust memory.
    static let maxHeaderSize = 100_000_000

    /// The tensors of a safetensors file.
    public static func read(_ url: URL) throws(SafetensorsError) -> [String: NDArray] {
        try readWithMetadata(url).tensors
    }

    /// The tensors and the `__metadata__` string map of a safetensors file.
    public static func readWithMetadata(_ url: URL) throws(SafetensorsError) -> (tensors: [String: NDArray], metadata: [String: String]) {
        let data: Data
        do { data = try FileAccess.read(url) } catch { throw .io(error.description) }
        return try decode(data)
    }

    /// Decodes the bytes of a safetensors file.
    public static func decode(_ data: Data) throws(SafetensorsError) -> (tensors: [String: NDArray], metadata: [String: String]) {
        let result: Result<([String: NDArray], [String: String]), SafetensorsError> = data.withUnsafeBytes { raw in
            do throws(SafetensorsError) { return .success(try decode(raw)) } catch { return .failure(error) }
        }
        let (tensors, metadata) = try result.get()
        return (tensors, metadata)
    }

    /// Parses and validates the whole header before copying any tensor.
    static func decode(_ raw: UnsafeRawBufferPointer) throws(SafetensorsError) -> ([String: NDArray], [String: String]) {
        guard raw.count >= 8 else { throw .truncatedHeader(declared: 8, available: raw.count) }
        let declared = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(raw.count - 8), declared <= UInt64(maxHeaderSize) else {
            throw .truncatedHeader(declared: declared > UInt64(Int.max) ? Int.max : Int(declared), available: raw.count - 8)
        }
        let headerSize = Int(declared)
        let header = try SafetensorsHeader.parse(Data(raw[8..<(8 + headerSize)]))
        let body = UnsafeRawBufferPointer(rebasing: raw[(8 + headerSize)...])
        try header.validate(dataSize: body.count)
        var tensors: [String: NDArray] = [:]
        for entry in header.entries {
            let out = NDArray(uninitializedShape: entry.shape, dtype: entry.dtype)
            let n = entry.end - entry.begin
            if n > 0 {
                // The file is little-endian, as are the hosts this library supports (x86-64, arm64).
                out.storage.data.copyMemory(from: body.baseAddress! + entry.begin, byteCount: n)
                if entry.dtype == .bool {
                    let p = out.storage.data.assumingMemoryBound(to: UInt8.self)
                    for i in 0..<n where p[i] > 1 { p[i] = 1 }
                }
            }
            tensors[entry.name] = out
        }
        return (tensors, header.metadata)
    }

    /// Writes `arrays` (and an optional `__metadata__` map) as a safetensors file, replacing `url` atomically.
    public static func write(_ arrays: [String: NDArray], to url: URL, metadata: [String: String] = [:]) throws(SafetensorsError) {
        let data = try encode(arrays, metadata: metadata)
        do { try FileAccess.writeAtomically(data, to: url) } catch { throw .io(error.description) }
    }

    /// The bytes of a safetensors file holding `arrays` in name order, header padded with spaces to 8 bytes.
    public static func encode(_ arrays: [String: NDArray], metadata: [String: String] = [:]) throws(SafetensorsError) -> Data {
        guard !arrays.keys.contains("__metadata__") else { throw .badHeader("a tensor cannot be named __metadata__") }
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = arrays.keys.sorted()
        for name in names {
            let a = arrays[name]!
            let n = a.size * a.dtype.itemSize
            header[name] = ["dtype": SafetensorsHeader.name(of: a.dtype), "shape": a.shape, "data_offsets": [offset, offset + n]] as [String: Any]
            offset += n
        }
        var json: Data
        do {
            json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw .badHeader("cannot encode: \(error.localizedDescription)")
        }
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for name in names { out.append(ElementCodec.encode(arrays[name]!, bigEndian: false)) }
        return out
    }
}
