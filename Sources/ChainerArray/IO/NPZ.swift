import Foundation

/// NumPy's `.npz` archives: a zip of `.npy` members, one per named array.
public enum NPZ {
    /// Reads every array of an `.npz` file; member "x.npy" becomes key "x".
    public static func read(_ url: URL) throws(ArrayIOError) -> [String: NDArray] {
        try decode(try FileAccess.read(url))
    }

    /// Decodes the bytes of an `.npz` file.
    public static func decode(_ data: Data) throws(ArrayIOError) -> [String: NDArray] {
        let result: Result<[String: NDArray], ArrayIOError> = data.withUnsafeBytes { raw in
            do throws(ArrayIOError) {
                var out: [String: NDArray] = [:]
                for (name, member) in try ZipArchive.read(raw) {
                    let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
                    guard out[key] == nil else { throw ArrayIOError.badZip("member '\(name)' appears twice") }
                    do throws(ArrayIOError) { out[key] = try NDArray(npyData: member) } catch { throw error.naming("member '\(name)'") }
                }
                return .success(out)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Writes `arrays` as an `.npz` file (members sorted by name), replacing `url` atomically;
    /// `compressed` deflates the members as `numpy.savez_compressed` does. The arrays under `textKeys` hold UTF-8
    /// bytes (uint8) and are written as NumPy unicode scalars (`<U{n}`), as Python strings are saved.
    public static func write(_ arrays: [String: NDArray], to url: URL, compressed: Bool = false,
                             textKeys: Set<String> = []) throws(ArrayIOError) {
        try FileAccess.writeAtomically(try encode(arrays, compressed: compressed, textKeys: textKeys), to: url)
    }

    /// The bytes of an `.npz` file holding `arrays` (see `write` for `textKeys`).
    public static func encode(_ arrays: [String: NDArray], compressed: Bool = false,
                              textKeys: Set<String> = []) throws(ArrayIOError) -> Data {
        var members: [(String, Data)] = []
        for key in arrays.keys.sorted() {
            let a = arrays[key]!
            if textKeys.contains(key) {
                guard a.dtype == .uint8, a.ndim == 1 else {
                    throw .unsupportedDType("'\(key)' is marked as text but is \(a.dtype) of shape \(a.shape), not 1-D uint8")
                }
                members.append((key + ".npy", try NPYText.encode(utf8: a.asArray(UInt8.self), key: key)))
            } else {
                members.append((key + ".npy", try a.npyData()))
            }
        }
        return ZipArchive.write(members, compressed: compressed)
    }
}
