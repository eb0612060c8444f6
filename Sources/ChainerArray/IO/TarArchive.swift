import Foundation

/// The regular files of a tar archive (POSIX ustar, GNU long names, pax `path` records), read from its
/// bytes in memory: enough for dataset archives such as CIFAR's `.tar.gz` once gunzipped.
public struct TarArchive {
    /// One regular file of the archive.
    public struct Entry: Equatable, Sendable {
        /// The member's path inside the archive (ustar prefix and name joined, or a GNU long name).
        public let name: String
        /// Where the member's bytes start in the archive.
        public let offset: Int
        /// The member's size in bytes.
        public let size: Int
    }

    /// The archive's bytes.
    public let data: Data
    /// The regular files, in archive order.
    public let entries: [Entry]

    /// Parses the headers of a tar archive; every header's checksum is verified and every member must lie inside
    /// `data`, so a damaged archive is an error here rather than garbage later.
    public init(_ data: Data) throws(ArrayIOError) {
        self.data = data
        let result: Result<[Entry], ArrayIOError> = data.withUnsafeBytes { raw in
            do throws(ArrayIOError) { return .success(try TarArchive.scan(raw)) } catch { return .failure(error) }
        }
        entries = try result.get()
    }

    /// The member paths, in archive order.
    public var names: [String] { entries.map(\.name) }

    /// The bytes of the member at `name`, or nil when there is none (the last one wins when a name repeats, as
    /// `tar x` would leave it).
    public func contents(of name: String) -> Data? {
        guard let e = entries.last(where: { $0.name == name }) else { return nil }
        let start = data.startIndex + e.offset
        return data.subdata(in: start..<(start + e.size))
    }

    private static let block = 512

    private static func scan(_ raw: UnsafeRawBufferPointer) throws(ArrayIOError) -> [Entry] {
        var entries: [Entry] = []
        var pos = 0
        var longName: String?
        while pos + block <= raw.count {
            let header = UnsafeRawBufferPointer(rebasing: raw[pos..<(pos + block)])
            // Two zero blocks end the archive; one is enough to stop, as tar itself does with --ignore-zeros off.
            if header.allSatisfy({ $0 == 0 }) { return entries }
            try verifyChecksum(header, at: pos)
            let size = try number(header, 124, 12, at: pos)
            let dataStart = pos + block
            guard size <= raw.count - dataStart else {
                throw .truncated(expected: size, got: raw.count - dataStart)
            }
            let type = header[156]
            switch type {
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                let name = longName ?? fullName(header)
                entries.append(Entry(name: name, offset: dataStart, size: size))
                longName = nil
            case UInt8(ascii: "L"):
                // GNU long name: the member's data is the next header's path, NUL-terminated.
                longName = text(UnsafeRawBufferPointer(rebasing: raw[dataStart..<(dataStart + size)]))
            case UInt8(ascii: "x"):
                // A pax extended header: "<length> key=value\n" records; only the path matters here.
                longName = paxPath(UnsafeRawBufferPointer(rebasing: raw[dataStart..<(dataStart + size)])) ?? longName
            default:
                // Directories, links, devices and global pax headers carry no file bytes to read.
                if type != UInt8(ascii: "g") { longName = nil }
            }
            let padded = (size + block - 1) / block * block
            pos = dataStart + padded
        }
        if pos != raw.count { throw .truncated(expected: pos + block, got: raw.count) }
        return entries
    }

    /// The `path` record of a pax extended header, if it has one.
    private static func paxPath(_ bytes: UnsafeRawBufferPointer) -> String? {
        var path: String?
        var pos = 0
        while pos < bytes.count {
            guard let space = bytes[pos...].firstIndex(of: 0x20),
                  let length = Int(String(decoding: bytes[pos..<space], as: UTF8.self)),
                  length > space - pos + 1, pos + length <= bytes.count else { break }
            let record = bytes[(space + 1)..<(pos + length - 1)]
            if let equals = record.firstIndex(of: UInt8(ascii: "=")),
               String(decoding: record[record.startIndex..<equals], as: UTF8.self) == "path" {
                path = String(decoding: record[(equals + 1)...], as: UTF8.self)
            }
            pos += length
        }
        return path
    }

    /// The header checksum: the byte sum with the checksum field read as spaces (unsigned, as POSIX says; old tars
    /// summed signed bytes, so that sum is accepted too).
    private static func verifyChecksum(_ header: UnsafeRawBufferPointer, at pos: Int) throws(ArrayIOError) {
        let stored = try number(header, 148, 8, at: pos)
        var unsigned = 0
        var signed = 0
        for (i, b) in header.enumerated() {
            let v = (148..<156).contains(i) ? 0x20 : b
            unsigned += Int(v)
            signed += Int(Int8(bitPattern: v))
        }
        guard stored == unsigned || stored == signed else {
            throw .badHeader("tar header at byte \(pos): checksum \(stored) does not match the header (\(unsigned))")
        }
    }

    /// An octal field (NUL or space terminated), or GNU's base-256 form when the top bit of the first byte is set.
    private static func number(_ header: UnsafeRawBufferPointer, _ start: Int, _ length: Int, at pos: Int) throws(ArrayIOError) -> Int {
        let field = header[start..<(start + length)]
        if let first = field.first, first & 0x80 != 0 {
            var value = Int(first & 0x7F)
            for b in field.dropFirst() {
                guard value <= (Int.max >> 8) else { throw .tooLarge("tar header at byte \(pos): a size field overflows") }
                value = value << 8 | Int(b)
            }
            return value
        }
        var value = 0
        var seenDigit = false
        for b in field {
            if b == 0 || b == 0x20 { if seenDigit { break } else { continue } }
            guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7") else {
                throw .badHeader("tar header at byte \(pos): field at offset \(start) is not octal")
            }
            guard value <= (Int.max >> 3) else { throw .tooLarge("tar header at byte \(pos): a numeric field overflows") }
            value = value << 3 | Int(b - UInt8(ascii: "0"))
            seenDigit = true
        }
        return value
    }

    /// The ustar path: `prefix/name` when the header has the POSIX magic "ustar\0" and a prefix (old GNU headers,
    /// magic "ustar  ", keep other fields where POSIX has the prefix).
    private static func fullName(_ header: UnsafeRawBufferPointer) -> String {
        let name = text(UnsafeRawBufferPointer(rebasing: header[0..<100]))
        let isUStar = header[257..<263].elementsEqual("ustar\0".utf8)
        let prefix = isUStar ? text(UnsafeRawBufferPointer(rebasing: header[345..<500])) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        let end = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
