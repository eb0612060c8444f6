import Foundation
import Testing
@testable import ChainerArray

/// Damaged and malicious files must throw a typed error, never trap or allocate what the header claims.
@Suite("Hostile input") struct HostileInputTests {
    /// A version-1.0 .npy file with header text `dict` (padded as NumPy pads) followed by `body`.
    static func npy(_ dict: String, body: [UInt8], version: UInt8 = 1) -> Data {
        var text = Array(dict.utf8)
        let prefix = version == 1 ? 10 : 12
        while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        var d = Data(NPYHeader.magic + [version, 0])
        if version == 1 { d.appendLE(UInt16(text.count)) } else { d.appendLE(UInt32(text.count)) }
        d.append(contentsOf: text)
        d.append(contentsOf: body)
        return d
    }

    static func header(_ shape: String, _ descr: String = "<f4") -> String {
        "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
    }

    static func npyError(_ data: Data) -> ArrayIOError? {
        IOTestSupport.error { _ = try NDArray(npyData: data) }
    }

    @Test func wrongMagic() {
        var d = Self.npy(Self.header("(1,)"), body: [0, 0, 0, 0])
        d[1] = 0x4D
        guard case .badMagic = Self.npyError(d) else { Issue.record("\(String(describing: Self.npyError(d)))"); return }
        guard case .badMagic = Self.npyError(Data("PK\u{3}\u{4}hello".utf8)) else { Issue.record("zip bytes as npy"); return }
    }

    @Test func unknownVersionAndShortFiles() {
        var d = Self.npy(Self.header("(1,)"), body: [0, 0, 0, 0])
        d[6] = 4
        guard case .unsupportedVersion = Self.npyError(d) else { Issue.record("version 4.0"); return }
        for n in [0, 3, 7, 9, 20] {
            let cut = Self.npy(Self.header("(1,)"), body: [0, 0, 0, 0]).prefix(n)
            guard case .truncated = Self.npyError(cut) else { Issue.record("prefix \(n): \(String(describing: Self.npyError(cut)))"); continue }
        }
    }

    /// The header's declared length runs past the end of the file.
    @Test func headerLengthPastEnd() {
        var d = Self.npy(Self.header("(1,)"), body: [])
        d[8] = 0xFF; d[9] = 0xFF
        guard case .truncated = Self.npyError(d) else { Issue.record("\(String(describing: Self.npyError(d)))"); return }
    }

    @Test func dataShorterOrLongerThanShape() {
        let short = Self.npy(Self.header("(2, 3)"), body: [UInt8](repeating: 0, count: 20))
        #expect(Self.npyError(short) == .truncated(expected: 24, got: 20))
        let long = Self.npy(Self.header("(2, 3)"), body: [UInt8](repeating: 0, count: 28))
        #expect(Self.npyError(long) == .sizeMismatch(expected: 24, got: 28))
    }

    /// A shape declaring petabytes is rejected by comparing with the file size, before any allocation.
    @Test func hugeDeclaredShape() {
        let huge = Self.npy(Self.header("(1000000, 1000000, 1000)"), body: [1, 2, 3, 4])
        #expect(Self.npyError(huge) == .truncated(expected: 4_000_000_000_000_000, got: 4))
        let overflow = Self.npy(Self.header("(4294967296, 4294967296)", "<f8"), body: [])
        guard case .tooLarge = Self.npyError(overflow) else { Issue.record("\(String(describing: Self.npyError(overflow)))"); return }
        let bigInt = Self.npy(Self.header("(99999999999999999999999,)"), body: [])
        guard case .badHeader = Self.npyError(bigInt) else { Issue.record("\(String(describing: Self.npyError(bigInt)))"); return }
        let negative = Self.npy(Self.header("(-1, 4)"), body: [])
        guard case .badHeader = Self.npyError(negative) else { Issue.record("\(String(describing: Self.npyError(negative)))"); return }
    }

    @Test(arguments: [
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)",  // unterminated
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}",
        "{'descr': '<f4', 'shape': (1,)}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [1.5]}",
        "{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os')}",
        "['descr', '<f4']",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} junk",
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}",
        String(repeating: "(", count: 500),
    ])
    func unparsableHeader(_ dict: String) {
        let e = Self.npyError(Self.npy(dict, body: [0, 0, 0, 0]))
        guard case .badHeader = e else { Issue.record("\(dict.prefix(60)): \(String(describing: e))"); return }
    }

    @Test func nonUTF8Header() {
        var d = Self.npy(Self.header("(1,)"), body: [0, 0, 0, 0], version: 3)
        d[14] = 0xFF  // inside the dict text
        guard case .badHeader = Self.npyError(d) else { Issue.record("v3: \(String(describing: Self.npyError(d)))"); return }
        var v1 = Self.npy(Self.header("(1,)"), body: [0, 0, 0, 0])
        v1[12] = 0xC3
        guard case .badHeader = Self.npyError(v1) else { Issue.record("v1: \(String(describing: Self.npyError(v1)))"); return }
    }

    // "<U3" is read when it holds one string (NPYTextTests); several strings are rejected there.
    @Test(arguments: ["<c8", "|O", "|S3", "|V2", "<f16", "<i3", "", "[('a', '<f4')]"])
    func unsupportedDescr(_ descr: String) {
        let dict = descr.hasPrefix("[") ? "{'descr': \(descr), 'fortran_order': False, 'shape': (1,)}" : Self.header("(1,)", descr)
        let e = Self.npyError(Self.npy(dict, body: [0, 0, 0, 0]))
        guard case .unsupportedDType = e else { Issue.record("\(descr): \(String(describing: e))"); return }
    }

    // MARK: zip

    static func archive(compressed: Bool) throws -> Data {
        try NPZ.encode(["a": NDArray.arange(64, dtype: .float32), "b": NDArray([1, 2, 3])], compressed: compressed)
    }

    static func npzError(_ data: Data) -> ArrayIOError? { IOTestSupport.error { _ = try NPZ.decode(data) } }

    /// Offset of the end-of-central-directory record (no comment in our archives).
    static func endRecord(_ d: Data) -> Int { d.count - 22 }

    static func setLE32(_ d: inout Data, at i: Int, _ v: UInt32) {
        for k in 0..<4 { d[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
    }

    @Test func notAZip() {
        guard case .badMagic = Self.npzError(Data(repeating: 7, count: 100)) else { Issue.record("random bytes"); return }
        guard case .badZip = Self.npzError(Data("PK".utf8) + Data(repeating: 0, count: 40)) else { Issue.record("PK without end"); return }
        guard case .badZip = Self.npzError(Data("PK".utf8)) else { Issue.record("tiny"); return }
    }

    @Test(arguments: [false, true])
    func badCentralDirectoryOffsets(_ compressed: Bool) throws {
        let good = try Self.archive(compressed: compressed)
        let end = Self.endRecord(good)
        for (field, value) in [(16, UInt32(0xFFFF_FFF0)), (16, UInt32(good.count)), (12, UInt32(0x7FFF_FFFF)), (12, UInt32(3))] {
            var d = good
            Self.setLE32(&d, at: end + field, value)
            guard case .badZip = Self.npzError(d) else { Issue.record("field \(field)=\(value): \(String(describing: Self.npzError(d)))"); continue }
        }
        // An entry count far beyond what the directory holds.
        var many = good
        many[end + 8] = 0xFF; many[end + 9] = 0x7F; many[end + 10] = 0xFF; many[end + 11] = 0x7F
        guard case .badZip = Self.npzError(many) else { Issue.record("entry count"); return }
    }

    @Test func truncatedArchive() throws {
        let good = try Self.archive(compressed: true)
        for keep in [good.count - 1, good.count - 30, good.count / 2, 30] {
            let e = Self.npzError(good.prefix(keep))
            #expect(e != nil, "kept \(keep) bytes")
        }
        // The central directory cut short while the end record stays.
        let end = Self.endRecord(good)
        let d = good.prefix(end - 10) + good.suffix(22)
        let cdSize = d.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: d.count - 22 + 12, as: UInt32.self) }
        let cdOffset = d.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: d.count - 22 + 16, as: UInt32.self) }
        #expect(Int(cdOffset + cdSize) > d.count - 22)
        guard case .badZip = Self.npzError(d) else { Issue.record("short directory: \(String(describing: Self.npzError(d)))"); return }
    }

    @Test func badLocalHeaderOffset() throws {
        var d = try Self.archive(compressed: false)
        // The first central entry's local-header offset (at +42) points into the data.
        let cd = Int(d.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: d.count - 6, as: UInt32.self) })
        Self.setLE32(&d, at: cd + 42, 5)
        guard case .badZip = Self.npzError(d) else { Issue.record("\(String(describing: Self.npzError(d)))"); return }
        Self.setLE32(&d, at: cd + 42, 0xFFFF_FF00)
        guard case .badZip = Self.npzError(d) else { Issue.record("\(String(describing: Self.npzError(d)))"); return }
    }

    /// A DEFLATE member claiming a gigantic size is refused before anything is allocated.
    @Test func hugeDeclaredMemberSize() throws {
        var d = try Self.archive(compressed: true)
        let cd = Int(d.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: d.count - 6, as: UInt32.self) })
        Self.setLE32(&d, at: cd + 24, 0xFFFF_FFF0)
        guard case .tooLarge = Self.npzError(d) else { Issue.record("\(String(describing: Self.npzError(d)))"); return }
        // A modest lie is caught by the inflater instead.
        var d2 = try Self.archive(compressed: true)
        Self.setLE32(&d2, at: cd + 24, 1000)
        guard case .sizeMismatch = Self.npzError(d2) else { Issue.record("\(String(describing: Self.npzError(d2)))"); return }
    }

    @Test(arguments: [false, true])
    func flippedDataByte(_ compressed: Bool) throws {
        var d = try Self.archive(compressed: compressed)
        d[120] ^= 0x5A  // inside the first member's data
        let e = Self.npzError(d)
        if compressed {
            switch e {
            case .decompression?, .crcMismatch?, .sizeMismatch?: break
            default: Issue.record("compressed: \(String(describing: e))")
            }
        } else {
            #expect(e == .crcMismatch("zip member 'a.npy'"))
        }
    }

    @Test func corruptDeflateStream() throws {
        var d = try Self.archive(compressed: true)
        let nameLength = Int(d[26])
        let start = 30 + nameLength + Int(d[28])
        for i in start..<(start + 8) { d[i] = 0xFF }  // 0xFF opens an invalid block type
        guard case .decompression = Self.npzError(d) else { Issue.record("\(String(describing: Self.npzError(d)))"); return }
    }

    @Test func unsupportedMethodAndEncryption() throws {
        let good = try Self.archive(compressed: false)
        let cd = Int(good.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: good.count - 6, as: UInt32.self) })
        var method = good
        method[cd + 10] = 12  // bzip2
        guard case .badZip = Self.npzError(method) else { Issue.record("method"); return }
        var encrypted = good
        encrypted[cd + 8] |= 1
        guard case .badZip = Self.npzError(encrypted) else { Issue.record("encrypted"); return }
    }

    /// A valid zip whose member is not a .npy file reports the member's own error.
    @Test func memberNotNPY() {
        let zip = ZipArchive.write([("x.npy", Data("hello world".utf8))], compressed: true)
        guard case .badMagic = Self.npzError(zip) else { Issue.record("\(String(describing: Self.npzError(zip)))"); return }
    }

    // MARK: IDX and gzip

    static func idxError(_ data: Data) -> ArrayIOError? { IOTestSupport.error { _ = try IDX.decode(data) } }

    @Test func idxBadInput() throws {
        guard case .badMagic = Self.idxError(Data([1, 0, 8, 1, 0, 0, 0, 1, 5])) else { Issue.record("magic"); return }
        guard case .unsupportedDType = Self.idxError(Data([0, 0, 0x0A, 1, 0, 0, 0, 1, 5])) else { Issue.record("type"); return }
        #expect(Self.idxError(Data([0, 0, 8])) == .truncated(expected: 4, got: 3))
        #expect(Self.idxError(Data([0, 0, 8, 2, 0, 0, 0])) == .truncated(expected: 12, got: 7))
        #expect(Self.idxError(Data([0, 0, 8, 1, 0, 0, 0, 3, 1, 2])) == .truncated(expected: 3, got: 2))
        #expect(Self.idxError(Data([0, 0, 8, 1, 0, 0, 0, 1, 1, 2])) == .sizeMismatch(expected: 1, got: 2))
        // 255 axes of 2^32-1 overflow; 3 axes of 60000 exceed the data by far.
        let overflow = Data([0, 0, 0x0E, 255] + [UInt8](repeating: 0xFF, count: 4 * 255))
        guard case .tooLarge = Self.idxError(overflow) else { Issue.record("overflow: \(String(describing: Self.idxError(overflow)))"); return }
        let huge = Data([0, 0, 0x0D, 3, 0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60])
        guard Self.idxError(huge) == .truncated(expected: 864_000_000_000_000, got: 0) else { Issue.record("huge: \(String(describing: Self.idxError(huge)))"); return }
    }

    @Test func corruptGzip() throws {
        let good = try IDX.encode(NDArray.arange(0, 200, dtype: .uint8), compressed: true)
        #expect(try IDX.decode(good) == NDArray.arange(0, 200, dtype: .uint8))
        guard case .decompression = Self.idxError(good.prefix(good.count / 2)) else { Issue.record("truncated gzip"); return }
        var badCRC = good
        badCRC[badCRC.count - 6] ^= 0xFF  // the gzip trailer's CRC-32
        guard case .decompression = Self.idxError(badCRC) else { Issue.record("gzip crc: \(String(describing: Self.idxError(badCRC)))"); return }
        var badBody = good
        for i in 10..<16 { badBody[i] = 0xFF }
        guard case .decompression = Self.idxError(badBody) else { Issue.record("gzip body: \(String(describing: Self.idxError(badBody)))"); return }
        guard case .decompression = Self.idxError(Data([0x1F, 0x8B, 8, 0])) else { Issue.record("gzip header only"); return }
    }

    /// A gzip stream that inflates past the limit stops at the limit instead of filling memory.
    @Test func gzipBombStopsAtLimit() throws {
        let zeros = Data(count: 1 << 20)
        let bomb = zeros.withUnsafeBytes { Zlib.deflate($0, windowBits: Zlib.gzipWindow, level: 9) }
        let e = IOTestSupport.error { _ = try bomb.withUnsafeBytes { (p) throws(ArrayIOError) in
            try Zlib.inflate(p, windowBits: Zlib.gzipWindow, expectedSize: nil, limit: 100_000)
        } }
        guard case .tooLarge = e else { Issue.record("\(String(describing: e))"); return }
    }

    /// An empty axis beside huge ones holds no data but would overflow the strides: refused, not trapped on.
    @Test func emptyAxisBesideHugeOnes() {
        let npy = Self.npy(Self.header("(0, 4611686018427387904, 4611686018427387904)"), body: [])
        guard case .tooLarge = Self.npyError(npy) else { Issue.record("npy: \(String(describing: Self.npyError(npy)))"); return }
        let idx = Data([0, 0, 8, 3, 0, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 8))
        guard case .tooLarge = Self.idxError(idx) else { Issue.record("idx: \(String(describing: Self.idxError(idx)))"); return }
    }

    /// A tiny stream declaring gigabytes fails on its short data without allocating what it declares (the buffer
    /// grows only as data arrives), for zip members, and for a PNG whose header claims 100000×100000 pixels.
    @Test func declaredSizesAreNotAllocatedUpFront() throws {
        let small = Data(count: 1000).withUnsafeBytes { Zlib.deflate($0, windowBits: Zlib.rawWindow) }
        let e = IOTestSupport.error { _ = try small.withUnsafeBytes { (p) throws(ArrayIOError) in
            try Zlib.inflate(p, windowBits: Zlib.rawWindow, expectedSize: 1 << 40, limit: Int.max)
        } }
        #expect(e == .sizeMismatch(expected: 1 << 40, got: 1000))
        var png = try PNG.encode(NDArray.zeros([2, 2, 3], dtype: .uint8))
        // IHDR's width and height (bytes 16..<24), then its CRC recomputed so only the size is wrong.
        for (i, b) in ([0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0] as [UInt8]).enumerated() { png[16 + i] = b }
        let crc = png[12..<29].withUnsafeBytes { Zlib.crc32($0) }
        for i in 0..<4 { png[29 + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * i)) }
        let pngError = IOTestSupport.error { _ = try PNG.decode(png) }
        guard case .sizeMismatch = pngError else { Issue.record("\(String(describing: pngError))"); return }
    }

    /// An archive member's error names the member; pickled object arrays say what they are.
    @Test func memberErrorsNameTheMember() {
        let zip = ZipArchive.write([("readme.txt", Data("hello world".utf8))], compressed: false)
        #expect(Self.npzError(zip)?.description.contains("member 'readme.txt'") == true)
        let object = Self.npy(Self.header("()", "|O"), body: [0x80, 0x03, 0x4E, 0x2E])
        #expect(Self.npyError(object)?.description.contains("pickled Python objects") == true)
        #expect(Self.npyError(Self.npy(Self.header("(1,)", "<M8[D]"), body: []))?.description.contains("datetime") == true)
    }

    @Test func readingMissingFileThrows() {
        let e = IOTestSupport.error { _ = try NDArray(npy: URL(fileURLWithPath: "/nonexistent/x.npy")) }
        guard case .io = e else { Issue.record("\(String(describing: e))"); return }
        #expect(e?.description.contains("/nonexistent/x.npy") == true)
    }
}
