import Foundation

/// How one element is stored in a file: kind, width and byte order.
struct FileElementFormat: Equatable {
    /// The family of values the element holds.
    enum Kind: Equatable { case float, signed, unsigned, bool, unicode }
    let kind: Kind
    let size: Int
    let bigEndian: Bool

    /// The dtype the elements are read into: the same type, or the nearest wider one for types absent here
    /// (int16 and uint16 to int32, uint32 and uint64 to int64).
    var target: DType? {
        switch (kind, size) {
        case (.float, 2): .float16
        case (.float, 4): .float32
        case (.float, 8): .float64
        case (.signed, 1): .int8
        case (.signed, 2), (.signed, 4), (.unsigned, 2): .int32
        case (.signed, 8), (.unsigned, 4), (.unsigned, 8): .int64
        case (.unsigned, 1): .uint8
        case (.bool, 1): .bool
        default: nil
        }
    }
}

/// Converts file bytes to array elements: byte swapping, widening and range checks, one concrete loop per format.
enum ElementCodec {
    /// Number of bytes `shape` of `itemSize`-byte elements occupies, or nil on a negative dimension or overflow.
    /// An empty shape with huge other dimensions (`(0, 2**62, 2**62)`) is refused too: its strides would overflow.
    static func byteCount(shape: [Int], itemSize: Int) -> Int? {
        var n = itemSize, strides = itemSize
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, o) = n.multipliedReportingOverflow(by: d)
            let (s, so) = strides.multipliedReportingOverflow(by: Swift.max(d, 1))
            if o || so { return nil }
            (n, strides) = (p, s)
        }
        return n
    }

    /// A C-order array of `shape` decoded from exactly `bytes` (the caller checked the length).
    static func decode(_ bytes: UnsafeRawBufferPointer, shape: [Int], format: FileElementFormat) throws(ArrayIOError) -> NDArray {
        guard let target = format.target else {
            throw .unsupportedDType("\(format.kind) of \(format.size) bytes")
        }
        let count = Layout.count(shape)
        precondition(bytes.count == count * format.size, "ElementCodec.decode: \(bytes.count) bytes for \(count) elements of \(format.size)")
        let out = NDArray(uninitializedShape: shape, dtype: target)
        if count == 0 { return out }
        let src = bytes.baseAddress!
        let dst = out.storage.data
        let be = format.bigEndian
        var ok = true
        switch (format.kind, format.size) {
        case (.bool, 1), (.signed, 1), (.unsigned, 1):
            dst.copyMemory(from: src, byteCount: count)
            if target == .bool {
                let p = dst.assumingMemoryBound(to: UInt8.self)
                for i in 0..<count where p[i] > 1 { p[i] = 1 }
            }
        case (.float, 2): convert(src, dst, count, be, UInt16.self, UInt16.self)
        case (.float, 4), (.signed, 4): convert(src, dst, count, be, UInt32.self, UInt32.self)
        case (.float, 8), (.signed, 8): convert(src, dst, count, be, UInt64.self, UInt64.self)
        case (.signed, 2): convert(src, dst, count, be, Int16.self, Int32.self)
        case (.unsigned, 2): convert(src, dst, count, be, UInt16.self, Int32.self)
        case (.unsigned, 4): convert(src, dst, count, be, UInt32.self, Int64.self)
        case (.unsigned, 8): ok = convertChecked(src, dst, count, be)
        default: throw .unsupportedDType("\(format.kind) of \(format.size) bytes")
        }
        if !ok { throw .valueOutOfRange("a uint64 element exceeds Int64.max and does not fit int64") }
        return out
    }

    /// Loads each `S` in the file's byte order and stores it widened to native `D`.
    @inline(__always)
    private static func convert<S: FixedWidthInteger, D: FixedWidthInteger>(
        _ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, _ count: Int, _ bigEndian: Bool, _: S.Type, _: D.Type
    ) {
        let out = dst.assumingMemoryBound(to: D.self)
        if bigEndian {
            for i in 0..<count { out[i] = D(truncatingIfNeeded: S(bigEndian: src.loadUnaligned(fromByteOffset: i * S.bitWidth / 8, as: S.self))) }
        } else {
            for i in 0..<count { out[i] = D(truncatingIfNeeded: S(littleEndian: src.loadUnaligned(fromByteOffset: i * S.bitWidth / 8, as: S.self))) }
        }
    }

    /// uint64 to int64, reporting false when a value does not fit.
    private static func convertChecked(_ src: UnsafeRawPointer, _ dst: UnsafeMutableRawPointer, _ count: Int, _ bigEndian: Bool) -> Bool {
        let out = dst.assumingMemoryBound(to: Int64.self)
        var high: UInt64 = 0
        for i in 0..<count {
            let raw = src.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            let v = bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw)
            high |= v
            out[i] = Int64(truncatingIfNeeded: v)
        }
        return high >> 63 == 0
    }

    /// The elements of `a` in C order as bytes of the given byte order.
    static func encode(_ a: NDArray, bigEndian: Bool) -> Data {
        a.withContiguousBytes { raw -> Data in
            var data = Data(raw)
            let size = a.dtype.itemSize
            if bigEndian && size > 1 {
                data.withUnsafeMutableBytes { (p: UnsafeMutableRawBufferPointer) in
                    let b = p.bindMemory(to: UInt8.self)
                    var i = 0
                    while i < b.count {
                        var lo = i, hi = i + size - 1
                        while lo < hi { b.swapAt(lo, hi); lo += 1; hi -= 1 }
                        i += size
                    }
                }
            }
            return data
        }
    }
}
