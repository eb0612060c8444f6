import CZlib
import Foundation

/// DEFLATE, gzip and CRC-32 through the system zlib.
enum Zlib {
    /// zlib's window-bits value for raw DEFLATE (no header), as zip members store it.
    static let rawWindow: Int32 = -15
    /// zlib's window-bits value for a gzip wrapper.
    static let gzipWindow: Int32 = 16 + 15

    /// CRC-32 of `bytes` (zip's checksum).
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: uLong = CZlib.crc32(0, nil, 0)
        var rest = bytes
        while !rest.isEmpty {
            let n = Swift.min(rest.count, 1 << 30)
            crc = CZlib.crc32(crc, rest.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(n))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// Inflates `input`. With `expectedSize`, the output must be exactly that long (zip knows it); without, the
    /// output grows as needed up to `limit` bytes (gzip's own size field is only a hint mod 2^32).
    static func inflate(_ input: UnsafeRawBufferPointer, windowBits: Int32, expectedSize: Int?, limit: Int) throws(ArrayIOError) -> Data {
        if let expectedSize, expectedSize > limit { throw .tooLarge("\(expectedSize) decompressed bytes declared, at most \(limit) possible") }
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .decompression("inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        // One spare byte past a declared size catches a stream that holds more than it claims. The buffer starts
        // near what the input can plausibly hold and grows as data arrives, so a tiny file declaring gigabytes
        // fails on its short stream instead of allocating them.
        let capacity = expectedSize.map { $0 + 1 } ?? limit
        var out = Data(count: Swift.min(capacity, Swift.max(input.count * 8, 1 << 16)))
        var produced = 0
        var consumed = 0
        while true {
            if produced == out.count {
                guard out.count < capacity else {
                    if let expectedSize { throw .sizeMismatch(expected: expectedSize, got: produced) }
                    throw .tooLarge("decompressed data exceeds \(limit) bytes")
                }
                out.count = Swift.min(out.count * 2, capacity)
            }
            let room = Swift.min(out.count - produced, Int(UInt32.max))
            let status = out.withUnsafeMutableBytes { (o: UnsafeMutableRawBufferPointer) in
                step(&stream, input, &consumed, o.baseAddress!.advanced(by: produced), room)
            }
            produced += status.written
            if status.code == Z_STREAM_END {
                // gzip allows several members back to back (as `cat a.gz b.gz` makes); their data concatenates.
                let rest = input.count - consumed
                guard windowBits == gzipWindow, rest >= 2, input[consumed] == 0x1F, input[consumed + 1] == 0x8B else { break }
                guard inflateReset(&stream) == Z_OK else { throw .decompression("inflateReset failed") }
                continue
            }
            if status.code == Z_BUF_ERROR { throw .decompression("compressed stream ends early") }
            if status.code != Z_OK { throw .decompression(message(stream, "corrupt compressed data (zlib code \(status.code))")) }
        }
        if let expectedSize, produced != expectedSize { throw .sizeMismatch(expected: expectedSize, got: produced) }
        out.count = produced
        return out
    }

    /// One inflate call over the unconsumed input into `room` bytes at `dst`.
    private static func step(_ stream: inout z_stream, _ input: UnsafeRawBufferPointer, _ consumed: inout Int,
                             _ dst: UnsafeMutableRawPointer, _ room: Int) -> (code: Int32, written: Int) {
        let avail = Swift.min(input.count - consumed, Int(UInt32.max))
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(avail)
        stream.next_out = dst.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(room)
        let code = CZlib.inflate(&stream, Z_NO_FLUSH)
        consumed += avail - Int(stream.avail_in)
        return (code, room - Int(stream.avail_out))
    }

    private static func message(_ stream: z_stream, _ fallback: String) -> String {
        stream.msg.map { String(cString: $0) } ?? fallback
    }

    /// Deflates `input` into raw DEFLATE (`windowBits` -15) or gzip (`windowBits` 31).
    static func deflate(_ input: UnsafeRawBufferPointer, windowBits: Int32, level: Int32 = 6) -> Data {
        var stream = z_stream()
        let initCode = deflateInit2_(&stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(initCode == Z_OK, "Zlib.deflate: deflateInit2 failed with \(initCode)")
        defer { deflateEnd(&stream) }
        var out = Data(count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var consumed = 0
        var produced = 0
        while true {
            if produced == out.count { out.count *= 2 }
            let avail = Swift.min(input.count - consumed, Int(UInt32.max))
            let room = Swift.min(out.count - produced, Int(UInt32.max))
            let code = out.withUnsafeMutableBytes { (o: UnsafeMutableRawBufferPointer) -> Int32 in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(avail)
                stream.next_out = o.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(room)
                let flush = consumed + avail == input.count ? Z_FINISH : Z_NO_FLUSH
                return CZlib.deflate(&stream, flush)
            }
            consumed += avail - Int(stream.avail_in)
            produced += room - Int(stream.avail_out)
            if code == Z_STREAM_END { break }
            precondition(code == Z_OK || code == Z_BUF_ERROR, "Zlib.deflate: deflate failed with \(code)")
        }
        out.count = produced
        return out
    }
}
