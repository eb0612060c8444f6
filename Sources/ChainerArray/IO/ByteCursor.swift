import Foundation

/// Bounds-checked little-endian reads from a byte buffer; every read past the end throws instead of trapping.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var pos: Int
    /// What to call the input in error messages.
    let what: String

    init(_ bytes: UnsafeRawBufferPointer, at pos: Int = 0, what: String) {
        self.bytes = bytes
        self.pos = pos
        self.what = what
    }

    /// Throws unless `n` more bytes are available.
    func need(_ n: Int) throws(ArrayIOError) {
        guard n >= 0, pos >= 0, pos <= bytes.count, n <= bytes.count - pos else {
            throw .badZip("\(what) runs past the end of the archive")
        }
    }

    /// Reads an unsigned little-endian integer of `n` bytes (at most 8).
    mutating func uint(_ n: Int) throws(ArrayIOError) -> UInt64 {
        try need(n)
        var v: UInt64 = 0
        for i in 0..<n { v |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
        pos += n
        return v
    }

    mutating func u16() throws(ArrayIOError) -> Int { Int(try uint(2)) }
    mutating func u32() throws(ArrayIOError) -> Int { Int(try uint(4)) }

    /// Reads a 64-bit size or offset, rejecting values no real archive could hold.
    mutating func u64() throws(ArrayIOError) -> Int {
        let v = try uint(8)
        guard v <= UInt64(Int.max) else { throw .badZip("\(what) has an impossible 64-bit value") }
        return Int(v)
    }

    /// The next `n` bytes.
    mutating func take(_ n: Int) throws(ArrayIOError) -> UnsafeRawBufferPointer {
        try need(n)
        defer { pos += n }
        return UnsafeRawBufferPointer(rebasing: bytes[pos..<(pos + n)])
    }
}

/// Little-endian appends to `Data`.
extension Data {
    mutating func appendLE<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
}
