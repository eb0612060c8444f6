import Foundation

/// Reads and writes the zip archives `.npz` files are: stored or DEFLATE members, zip64 when sizes need it.
enum ZipArchive {
    static let localSignature = 0x0403_4B50
    static let centralSignature = 0x0201_4B50
    static let endSignature = 0x0605_4B50
    static let zip64EndSignature = 0x0606_4B50
    static let zip64LocatorSignature = 0x0706_4B50
    /// DEFLATE expands at most about 1032:1, so a member claiming more than this per compressed byte is a lie.
    static let maxRatio = 1100

    /// One member as listed in the central directory.
    struct Entry {
        var name: String
        var method: Int
        var flags: Int
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var localOffset: Int
    }

    /// Every member's name and uncompressed bytes, CRC-checked, in archive order.
    static func read(_ bytes: UnsafeRawBufferPointer) throws(ArrayIOError) -> [(String, Data)] {
        try entries(bytes).map { (entry) throws(ArrayIOError) -> (String, Data) in (entry.name, try extract(entry, from: bytes)) }
    }

    /// Locates the end record (searching back over a possible comment) and parses the central directory.
    static func entries(_ bytes: UnsafeRawBufferPointer) throws(ArrayIOError) -> [Entry] {
        guard bytes.count >= 22 else { throw .badZip("too short for a zip archive (\(bytes.count) bytes)") }
        var endPos = -1
        var p = bytes.count - 22
        let lowest = Swift.max(0, bytes.count - 22 - 0xFFFF)
        while p >= lowest {
            var c = ByteCursor(bytes, at: p, what: "end record")
            if try c.u32() == endSignature {
                _ = try c.take(16)
                if try p + 22 + c.u16() == bytes.count { endPos = p; break }
            }
            p -= 1
        }
        guard endPos >= 0 else {
            if bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B { throw .badZip("no end-of-central-directory record") }
            throw .badMagic("not a zip archive")
        }
        var e = ByteCursor(bytes, at: endPos + 4, what: "end record")
        let disk = try e.u16(), cdDisk = try e.u16()
        _ = try e.u16()
        var count = try e.u16()
        var cdSize = try e.u32()
        var cdOffset = try e.u32()
        guard disk == 0 && cdDisk == 0 else { throw .badZip("multi-disk archives are not supported") }
        var cdLimit = endPos
        if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
            // zip64: the locator sits just before the end record and points at the zip64 end record.
            guard endPos >= 20 else { throw .badZip("zip64 fields without a zip64 locator") }
            var loc = ByteCursor(bytes, at: endPos - 20, what: "zip64 locator")
            guard try loc.u32() == zip64LocatorSignature else { throw .badZip("zip64 fields without a zip64 locator") }
            _ = try loc.u32()
            let z64 = try loc.u64()
            guard z64 <= endPos - 20 - 56 else { throw .badZip("zip64 end record offset \(z64) out of range") }
            var z = ByteCursor(bytes, at: z64, what: "zip64 end record")
            guard try z.u32() == zip64EndSignature else { throw .badZip("bad zip64 end record signature") }
            _ = try z.take(20)
            _ = try z.u64()
            count = try z.u64()
            cdSize = try z.u64()
            cdOffset = try z.u64()
            cdLimit = z64
        }
        guard cdOffset <= cdLimit, cdSize <= cdLimit - cdOffset else {
            throw .badZip("central directory (offset \(cdOffset), size \(cdSize)) lies outside the archive")
        }
        guard count <= cdSize / 46 else { throw .badZip("\(count) entries cannot fit a \(cdSize)-byte central directory") }
        let cd = UnsafeRawBufferPointer(rebasing: bytes[cdOffset..<(cdOffset + cdSize)])
        var c = ByteCursor(cd, what: "central directory")
        var out: [Entry] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            guard try c.u32() == centralSignature else { throw .badZip("bad central directory entry signature") }
            _ = try c.take(4)
            let flags = try c.u16()
            let method = try c.u16()
            _ = try c.take(4)
            let crc = UInt32(try c.u32())
            var csize = try c.u32()
            var usize = try c.u32()
            let nameLength = try c.u16(), extraLength = try c.u16(), commentLength = try c.u16()
            _ = try c.take(8)
            var offset = try c.u32()
            let nameBytes = try c.take(nameLength)
            let extra = try c.take(extraLength)
            _ = try c.take(commentLength)
            try applyZip64(extra, usize: &usize, csize: &csize, offset: &offset)
            let name = String(decoding: nameBytes, as: UTF8.self)
            out.append(Entry(name: name, method: method, flags: flags, crc: crc, compressedSize: csize, size: usize, localOffset: offset))
        }
        return out
    }

    /// Replaces 0xFFFFFFFF sizes and offsets with the 64-bit values of a zip64 extra field (id 1), in its order.
    static func applyZip64(_ extra: UnsafeRawBufferPointer, usize: inout Int, csize: inout Int, offset: inout Int) throws(ArrayIOError) {
        var c = ByteCursor(extra, what: "extra field")
        while c.pos + 4 <= extra.count {
            let id = try c.u16(), length = try c.u16()
            var field = ByteCursor(try c.take(length), what: "zip64 extra field")
            guard id == 1 else { continue }
            if usize == 0xFFFF_FFFF { usize = try field.u64() }
            if csize == 0xFFFF_FFFF { csize = try field.u64() }
            if offset == 0xFFFF_FFFF { offset = try field.u64() }
            return
        }
    }

    /// The uncompressed bytes of `entry`, checked against its sizes and CRC.
    static func extract(_ entry: Entry, from bytes: UnsafeRawBufferPointer) throws(ArrayIOError) -> Data {
        guard entry.flags & 1 == 0 else { throw .badZip("member '\(entry.name)' is encrypted") }
        var l = ByteCursor(bytes, at: entry.localOffset, what: "local header of '\(entry.name)'")
        guard entry.localOffset <= bytes.count, try l.u32() == localSignature else {
            throw .badZip("member '\(entry.name)': bad local header at offset \(entry.localOffset)")
        }
        _ = try l.take(22)
        let nameLength = try l.u16(), extraLength = try l.u16()
        _ = try l.take(nameLength)
        _ = try l.take(extraLength)
        guard entry.compressedSize <= bytes.count - l.pos else {
            throw .badZip("member '\(entry.name)': \(entry.compressedSize) compressed bytes declared, \(bytes.count - l.pos) left")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[l.pos..<(l.pos + entry.compressedSize)])
        let data: Data
        switch entry.method {
        case 0:
            guard entry.size == entry.compressedSize else { throw .badZip("stored member '\(entry.name)' has differing sizes") }
            data = Data(body)
        case 8:
            let (limit, o) = entry.compressedSize.multipliedReportingOverflow(by: maxRatio)
            guard !o, entry.size <= limit + 1024 else {
                throw .tooLarge("member '\(entry.name)' claims \(entry.size) bytes from \(entry.compressedSize) compressed")
            }
            data = try Zlib.inflate(body, windowBits: Zlib.rawWindow, expectedSize: entry.size, limit: entry.size)
        default:
            throw .badZip("member '\(entry.name)' uses compression method \(entry.method) (only stored and DEFLATE are supported)")
        }
        let crc = data.withUnsafeBytes { Zlib.crc32($0) }
        guard crc == entry.crc else { throw .crcMismatch("zip member '\(entry.name)'") }
        return data
    }

    /// An archive holding `members` in order, each stored or DEFLATE-compressed; zip64 records appear only when a
    /// size or offset does not fit 32 bits (or everywhere with `forceZip64`, which lets tests cover that path).
    static func write(_ members: [(String, Data)], compressed: Bool, forceZip64: Bool = false) -> Data {
        var out = Data()
        var central = Data()
        let big = 0xFFFF_FFFF
        for (name, data) in members {
            let crc = data.withUnsafeBytes { Zlib.crc32($0) }
            let body = compressed ? data.withUnsafeBytes { Zlib.deflate($0, windowBits: Zlib.rawWindow) } : data
            let method: UInt16 = compressed ? 8 : 0
            let offset = out.count
            let needs64 = forceZip64 || data.count >= big || body.count >= big
            let nameBytes = Array(name.utf8)
            // Local header: zip64 sizes go in its extra field when they do not fit.
            var localExtra = Data()
            if needs64 {
                localExtra.appendLE(UInt16(1)); localExtra.appendLE(UInt16(16))
                localExtra.appendLE(UInt64(data.count)); localExtra.appendLE(UInt64(body.count))
            }
            out.appendLE(UInt32(localSignature))
            out.appendLE(UInt16(needs64 ? 45 : 20))
            out.appendLE(UInt16(0x800))  // names are UTF-8
            out.appendLE(method)
            out.appendLE(UInt16(0)); out.appendLE(UInt16(0x21))  // 1980-01-01 00:00, so output is reproducible
            out.appendLE(crc)
            out.appendLE(UInt32(needs64 ? big : body.count))
            out.appendLE(UInt32(needs64 ? big : data.count))
            out.appendLE(UInt16(nameBytes.count)); out.appendLE(UInt16(localExtra.count))
            out.append(contentsOf: nameBytes); out.append(localExtra)
            out.append(body)
            // Central directory entry.
            let offset64 = forceZip64 || offset >= big
            var extra = Data()
            if needs64 || offset64 {
                var fields = Data()
                if needs64 { fields.appendLE(UInt64(data.count)); fields.appendLE(UInt64(body.count)) }
                if offset64 { fields.appendLE(UInt64(offset)) }
                extra.appendLE(UInt16(1)); extra.appendLE(UInt16(fields.count)); extra.append(fields)
            }
            central.appendLE(UInt32(centralSignature))
            central.appendLE(UInt16(needs64 || offset64 ? 45 : 20)); central.appendLE(UInt16(needs64 || offset64 ? 45 : 20))
            central.appendLE(UInt16(0x800)); central.appendLE(method)
            central.appendLE(UInt16(0)); central.appendLE(UInt16(0x21))
            central.appendLE(crc)
            central.appendLE(UInt32(needs64 ? big : body.count))
            central.appendLE(UInt32(needs64 ? big : data.count))
            central.appendLE(UInt16(nameBytes.count)); central.appendLE(UInt16(extra.count)); central.appendLE(UInt16(0))
            central.appendLE(UInt16(0)); central.appendLE(UInt16(0)); central.appendLE(UInt32(0))
            central.appendLE(UInt32(offset64 ? big : offset))
            central.append(contentsOf: nameBytes); central.append(extra)
        }
        let cdOffset = out.count
        out.append(central)
        let endNeeds64 = forceZip64 || members.count >= 0xFFFF || cdOffset >= big || central.count >= big
        if endNeeds64 {
            let z64 = out.count
            out.appendLE(UInt32(zip64EndSignature)); out.appendLE(UInt64(44))
            out.appendLE(UInt16(45)); out.appendLE(UInt16(45)); out.appendLE(UInt32(0)); out.appendLE(UInt32(0))
            out.appendLE(UInt64(members.count)); out.appendLE(UInt64(members.count))
            out.appendLE(UInt64(central.count)); out.appendLE(UInt64(cdOffset))
            out.appendLE(UInt32(zip64LocatorSignature)); out.appendLE(UInt32(0)); out.appendLE(UInt64(z64)); out.appendLE(UInt32(1))
        }
        out.appendLE(UInt32(endSignature))
        out.appendLE(UInt16(0)); out.appendLE(UInt16(0))
        out.appendLE(UInt16(endNeeds64 ? 0xFFFF : members.count)); out.appendLE(UInt16(endNeeds64 ? 0xFFFF : members.count))
        out.appendLE(UInt32(endNeeds64 ? big : central.count)); out.appendLE(UInt32(endNeeds64 ? big : cdOffset))
        out.appendLE(UInt16(0))
        return out
    }
}
