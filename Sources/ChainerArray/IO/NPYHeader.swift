import Foundation

/// The header of a `.npy` file: element format, memory order and shape.
struct NPYHeader: Equatable {
    var format: FileElementFormat
    var fortranOrder: Bool
    var shape: [Int]

    /// The magic string every `.npy` file starts with.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// Parses the header at the start of `bytes`, returning it and the offset where the data begins.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(ArrayIOError) -> (NPYHeader, dataOffset: Int) {
        guard Array(bytes.prefix(6)) == Array(magic.prefix(bytes.count)) else { throw .badMagic("not a .npy file (expected \\x93NUMPY)") }
        guard bytes.count >= 10 else { throw .truncated(expected: 10, got: bytes.count) }
        let major = bytes[6], minor = bytes[7]
        let lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0), (3, 0): lengthBytes = 4
        default: throw .unsupportedVersion("\(major).\(minor)")
        }
        guard bytes.count >= 8 + lengthBytes else { throw .truncated(expected: 8 + lengthBytes, got: bytes.count) }
        var headerLength = 0
        for i in 0..<lengthBytes { headerLength |= Int(bytes[8 + i]) << (8 * i) }
        let start = 8 + lengthBytes
        guard headerLength <= bytes.count - start else {
            throw .truncated(expected: start + headerLength, got: bytes.count)
        }
        let raw = Array(bytes[start..<(start + headerLength)])
        let text: String
        if major == 3 {
            guard let s = String(validating: raw, as: UTF8.self) else { throw .badHeader("header is not valid UTF-8") }
            text = s
        } else {
            // Versions 1 and 2 are latin-1; the dict NumPy writes is plain ASCII, so anything else is damage.
            guard raw.allSatisfy({ $0 < 0x80 }) else { throw .badHeader("header has non-ASCII bytes") }
            text = String(decoding: raw, as: UTF8.self)
        }
        return (try parseDict(text), start + headerLength)
    }

    /// Reads the Python dict literal {'descr': …, 'fortran_order': …, 'shape': (…)}.
    static func parseDict(_ text: String) throws(ArrayIOError) -> NPYHeader {
        var p = LiteralParser(text)
        guard case .dict(let entries) = try p.parseValue() else { throw .badHeader("header is not a dict: \(text.prefix(80))") }
        p.skipSpace()
        guard p.atEnd else { throw .badHeader("trailing characters after the header dict") }
        var dict: [String: LiteralParser.Value] = [:]
        for (k, v) in entries {
            guard dict[k] == nil else { throw .badHeader("repeated key '\(k)'") }
            dict[k] = v
        }
        guard Set(dict.keys) == ["descr", "fortran_order", "shape"] else {
            throw .badHeader("keys must be descr, fortran_order and shape; got \(dict.keys.sorted())")
        }
        guard case .string(let descr) = dict["descr"]! else {
            throw .unsupportedDType("descr must be a type string (structured dtypes are not supported)")
        }
        guard case .bool(let fortran) = dict["fortran_order"]! else { throw .badHeader("fortran_order must be True or False") }
        guard case .tuple(let items) = dict["shape"]! else { throw .badHeader("shape must be a tuple") }
        var shape: [Int] = []
        for item in items {
            guard case .int(let d) = item, d >= 0 else { throw .badHeader("shape entries must be non-negative integers") }
            shape.append(d)
        }
        return NPYHeader(format: try parseDescr(descr), fortranOrder: fortran, shape: shape)
    }

    /// Maps a NumPy type string such as "<f4", ">i2" or "|b1" to a file element format.
    static func parseDescr(_ descr: String) throws(ArrayIOError) -> FileElementFormat {
        var chars = Array(descr)
        var bigEndian = false
        if let first = chars.first, "<>|=".contains(first) {
            bigEndian = first == ">"
            chars.removeFirst()
        }
        let kind: FileElementFormat.Kind
        let size: Int
        if chars == ["?"] {
            (kind, size) = (.bool, 1)
        } else if chars == ["O"] {
            // Unpickling would run arbitrary code; Chainer writes None this way (a parameter never initialised).
            throw .unsupportedDType("'\(descr)' is an array of pickled Python objects (Chainer saves None so, for a "
                                    + "parameter never initialised), which is never unpickled here")
        } else if chars.first == "M" || chars.first == "m" {
            throw .unsupportedDType("'\(descr)' is a NumPy datetime or timedelta, which has no counterpart here")
        } else {
            guard chars.count >= 2, let n = Int(String(chars[1...])) else { throw .unsupportedDType("'\(descr)'") }
            switch chars[0] {
            case "f": kind = .float
            case "i": kind = .signed
            case "u": kind = .unsigned
            case "b": kind = .bool
            case "U": kind = .unicode
            default: throw .unsupportedDType("'\(descr)' has no counterpart among \(DType.allCases.map(\.rawValue))")
            }
            // A hostile width must not overflow the byte size (4 bytes per UTF-32 unit).
            guard kind != .unicode || n <= Int(Int32.max) else { throw .unsupportedDType("'\(descr)' is too wide") }
            size = kind == .unicode ? 4 * n : n
        }
        let format = FileElementFormat(kind: kind, size: size, bigEndian: bigEndian && size > 1)
        guard format.target != nil || (kind == .unicode && size > 0) else { throw .unsupportedDType("'\(descr)' has no counterpart among \(DType.allCases.map(\.rawValue))") }
        return format
    }

    /// The full header (magic, version, length and padded dict) NumPy would write for a C-order array of `dtype`.
    static func encode(dtype: DType, shape: [Int]) throws(ArrayIOError) -> Data {
        switch dtype {
        case .bfloat16:
            throw .unsupportedDType("bfloat16 has no NumPy dtype; convert first, e.g. a.astype(.float32)")
        default: return encode(descr: dtype.numpyDescr, shape: shape)
        }
    }

    /// The full header for a C-order array whose NumPy type string is `descr`.
    static func encode(descr: String, shape: [Int]) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // NumPy pads with spaces and ends with a newline so the data starts on a 64-byte boundary; it uses version
        // 1.0 while the header length fits in 16 bits, else 2.0 (3.0 only for non-latin-1 text, never the case here).
        func padded(_ prefix: Int) -> [UInt8] {
            let total = prefix + dict.utf8.count + 1
            let pad = (64 - total % 64) % 64
            return Array(dict.utf8) + [UInt8](repeating: 0x20, count: pad) + [0x0A]
        }
        var body = padded(10)
        var out = Data(magic)
        if body.count <= 0xFFFF {
            out.append(contentsOf: [1, 0, UInt8(body.count & 0xFF), UInt8(body.count >> 8)])
        } else {
            body = padded(12)
            out.append(contentsOf: [2, 0])
            withUnsafeBytes(of: UInt32(body.count).littleEndian) { out.append(contentsOf: $0) }
        }
        out.append(contentsOf: body)
        return out
    }
}
