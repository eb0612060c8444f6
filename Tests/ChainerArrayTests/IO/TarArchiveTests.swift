import Foundation
import Testing
@testable import ChainerArray

/// The archives come from scripts/fixtures/tar_archives.py (Python's tarfile in GNU, pax and ustar formats).
@Suite struct TarArchiveTests {
    private static let long = "deep/" + String(repeating: "directory-name-that-is-long/", count: 4) + "member.bin"

    private func payload(_ i: Int, _ size: Int) -> Data { Data((0..<size).map { UInt8(($0 * 31 + i) % 256) }) }

    private func archive(_ name: String) throws -> TarArchive {
        var data = try Data(contentsOf: Fixture.url("tar").appendingPathComponent(name))
        if Gzip.isCompressed(data) { data = try Gzip.decompress(data) }
        return try TarArchive(data)
    }

    @Test(arguments: ["gnu.tar.gz", "pax.tar"])
    func readsRegularFilesWithLongNames(_ file: String) throws {
        let tar = try archive(file)
        #expect(tar.names == ["top/a.bin", Self.long, "top/empty.bin"])
        #expect(tar.contents(of: "top/a.bin") == payload(0, 700))
        #expect(tar.contents(of: Self.long) == payload(1, 1030))
        #expect(tar.contents(of: "top/empty.bin") == Data())
        #expect(tar.contents(of: "top/link") == nil)
        #expect(tar.contents(of: "top") == nil)
    }

    @Test func joinsTheUStarPrefix() throws {
        let tar = try archive("ustar.tar")
        let name = String(repeating: "p", count: 120) + "/file.bin"
        #expect(tar.names == [name])
        #expect(tar.contents(of: name) == payload(0, 10))
    }

    @Test func rejectsDamagedArchives() throws {
        let plain = try Gzip.decompress(try Data(contentsOf: Fixture.url("tar").appendingPathComponent("gnu.tar.gz")))
        var badSum = [UInt8](plain)
        badSum[512 + 3] ^= 0x01 // the second header's name: its checksum no longer matches
        #expect(throws: ArrayIOError.self) { try TarArchive(Data(badSum)) }
        do {
            _ = try TarArchive(plain.prefix(1024 + 300)) // ends inside top/a.bin's 700 bytes
            Issue.record("expected a truncated archive to be refused")
        } catch {
            guard case .truncated = error else { Issue.record("wrong error \(error)"); return }
        }
        var badOctal = [UInt8](plain.prefix(512))
        badOctal[124] = UInt8(ascii: "9")
        let sum = badOctal.enumerated().reduce(0) { $0 + ((148..<156).contains($1.offset) ? 32 : Int($1.element)) }
        (Array(String(sum, radix: 8).utf8) + [0, 32]).enumerated().forEach { badOctal[148 + $0.offset] = $0.element }
        #expect(throws: ArrayIOError.self) { try TarArchive(Data(badOctal)) }
        #expect(try TarArchive(Data(count: 1024)).entries.isEmpty)
    }

    @Test func gzipRoundTripsAndConcatenatesMembers() throws {
        let a = Data((0..<5000).map { UInt8($0 % 251) })
        let b = Data("second member".utf8)
        let za = Gzip.compress(a), zb = Gzip.compress(b, level: 9)
        #expect(Gzip.isCompressed(za) && !Gzip.isCompressed(a))
        #expect(try Gzip.decompress(za) == a)
        #expect(try Gzip.decompress(za + zb) == a + b)
        #expect(throws: ArrayIOError.self) { try Gzip.decompress(a) }
        #expect(throws: ArrayIOError.self) { try Gzip.decompress(za.prefix(za.count / 2)) }
        #expect(throws: ArrayIOError.self) { try Gzip.decompress(za, limit: 100) }
    }
}
