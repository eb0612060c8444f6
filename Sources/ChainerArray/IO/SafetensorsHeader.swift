import Foundation

/// A parsed safetensors header: each tensor's dtype, shape and byte span, and the metadata map.
struct SafetensorsHeader {
    /// One tensor's description.
    struct Entry {
        let name: String
        let dtype: DType
        let shape: [Int]
        let begin: Int
        let end: Int
    }
    /// The tensors, ordered by where their bytes start.
    let entries: [Entry]
    /// The `__metadata__` map (empty when absent).
    let metadata: [String: String]

    /// The format's spelling of a dtype.
    static func name(of dtype: DType) -> String {
        switch dtype {
        case .float64: "F64"
        case .float32: "F32"
        case .float16: "F16"
        case .bfloat16: "BF16"
        case .int64: "I64"
        case .int32: "I32"
        case .int8: "I8"
        case .uint8: "U8"
        case .bool: "BOOL"
        }
    }

    /// The dtype a format spelling names, if this library has it.
    static func dtype(named name: String) -> DType? {
        DType.allCases.first { Self.name(of: $0) == name }
    }

    /// A JSON number that is a non-negative integer small enough to be exact in a double (Foundation on Linux cannot
    /// tell `true` from 1, so booleans pass as 0 and 1).
    private static func count(_ value: Any) -> Int? {
        guard let n = value as? NSNumber else { return nil }
        let d = n.doubleValue
        guard d.isFinite, d >= 0, d <= 9_007_199_254_740_992, d == d.rounded() else { return nil }
        return Int(d)
    }

    /// Parses the JSON header text, checking every field's type.
    static func parse(_ json: Data) throws(SafetensorsError) -> SafetensorsHeader {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: json) } catch {
            throw .badHeader("not valid JSON (\(error.localizedDescription))")
        }
        guard let top = object as? [String: Any] else { throw .badHeader("the header is not a JSON object") }
        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in top {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw .badHeader("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw .badHeader("__metadata__ value for \"\(k)\" is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let d = value as? [String: Any] else { throw .badHeader("entry \"\(name)\" is not an object") }
            guard let dt = d["dtype"] as? String else { throw .badHeader("entry \"\(name)\" has no string dtype") }
            guard let dtype = dtype(named: dt) else { throw .unsupportedDType(name: name, dtype: dt) }
            guard let rawShape = d["shape"] as? [Any] else { throw .badHeader("entry \"\(name)\" has no shape list") }
            var shape: [Int] = []
            for s in rawShape {
                guard let v = count(s) else { throw .badHeader("entry \"\(name)\" has a bad dimension \(s)") }
                shape.append(v)
            }
            guard let offsets = d["data_offsets"] as? [Any], offsets.count == 2,
                  let begin = count(offsets[0]), let end = count(offsets[1]) else {
                throw .badHeader("entry \"\(name)\" needs data_offsets [begin, end] of non-negative integers")
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end))
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        return SafetensorsHeader(entries: entries, metadata: metadata)
    }

    /// Checks that every span lies in the data section, matches its shape and dtype, and overlaps no other.
    func validate(dataSize: Int) throws(SafetensorsError) {
        var previous: Entry?
        for e in entries {
            guard e.begin <= e.end, e.end <= dataSize else {
                throw .offsetsOutOfRange(name: e.name, begin: e.begin, end: e.end, available: dataSize)
            }
            guard let need = ElementCodec.byteCount(shape: e.shape, itemSize: e.dtype.itemSize) else {
                throw .sizeMismatch(name: e.name, expected: Int.max, got: e.end - e.begin)
            }
            guard need == e.end - e.begin else { throw .sizeMismatch(name: e.name, expected: need, got: e.end - e.begin) }
            // Sorted by start, so an overlap shows up between neighbours; empty tensors occupy nothing.
            if let p = previous, e.begin < p.end, e.end > e.begin { throw .overlapping(p.name, e.name) }
            if e.end > e.begin { previous = e }
        }
    }
}
