import Foundation

/// NumPy's fixed-width unicode scalars (`<U{n}`: n UTF-32 code units, NUL-padded), which Chainer's snapshots use for
/// text such as LogReport's JSON log. A text scalar reads as the 1-D uint8 array of its UTF-8 bytes, and that is
/// what `NPZ.write(_:to:compressed:textKeys:)` turns back into a `<U{n}` scalar.
enum NPYText {
    /// The UTF-8 bytes of a one-element unicode array.
    static func decode(_ body: UnsafeRawBufferPointer, header: NPYHeader) throws(ArrayIOError) -> NDArray {
        guard header.shape.reduce(1, *) == 1 else {
            throw .unsupportedDType("unicode arrays of shape \(header.shape): only single strings are read")
        }
        var text = String.UnicodeScalarView()
        for i in 0..<(header.format.size / 4) {
            var unit: UInt32 = 0
            for b in 0..<4 {
                let byte = UInt32(body[4 * i + b])
                unit |= header.format.bigEndian ? byte << (8 * (3 - b)) : byte << (8 * b)
            }
            if unit == 0 { break }
            guard let scalar = Unicode.Scalar(unit) else {
                throw .valueOutOfRange("unicode array holds \(unit), not a Unicode scalar value")
            }
            text.append(scalar)
        }
        return NDArray(Array(String(text).utf8))
    }

    /// A `.npy` file holding `bytes` (UTF-8) as a 0-dimensional `<U{n}` array, as `numpy.save(f, "text")` writes.
    static func encode(utf8 bytes: [UInt8], key: String) throws(ArrayIOError) -> Data {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .valueOutOfRange("'\(key)' is marked as text but its bytes are not UTF-8")
        }
        let scalars = Array(text.unicodeScalars)
        let width = Swift.max(scalars.count, 1)
        var out = NPYHeader.encode(descr: "<U\(width)", shape: [])
        var body = [UInt8](repeating: 0, count: 4 * width)
        for (i, s) in scalars.enumerated() {
            for b in 0..<4 { body[4 * i + b] = UInt8(truncatingIfNeeded: s.value >> (8 * b)) }
        }
        out.append(contentsOf: body)
        return out
    }
}
