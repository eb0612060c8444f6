import Foundation
import Testing
@testable import ChainerArray

@Suite("NPZ archives") struct NPZTests {
    static let members = ["weights", "labels", "mask", "scalar", "empty"]

    /// numpy.savez and numpy.savez_compressed archives (zip64 local extras, as NumPy forces) read back exactly.
    @Test(arguments: ["stored.npz", "compressed.npz"])
    func readsNumPyArchive(_ file: String) throws {
        let expected = try Fixture.load("io")
        let arrays = try NPZ.read(IOTestSupport.fixture(file))
        #expect(Set(arrays.keys) == Set(Self.members))
        for key in Self.members {
            let want = try #require(expected["npz/" + key])
            let got = try #require(arrays[key])
            expectArray(got, want, rtol: 0, atol: 0, Comment(rawValue: "\(file) \(key)"))
        }
    }

    static func sample() -> [String: NDArray] {
        [
            "x": NDArray.arange(24, dtype: .float32).reshaped(2, 3, 4).transposed(),
            "ids": NDArray([5, -1, 7]),
            "flags": NDArray([true, false, true]),
            "h": NDArray([1.5, -2.25] as [Double]).astype(.float16),
            "zero_d": NDArray(scalar: 4.5, dtype: .float64),
            "none": NDArray.zeros([2, 0], dtype: .uint8),
            "bytes": NDArray.arange(-50, 50, dtype: .int8),
        ]
    }

    @Test(arguments: [false, true])
    func roundTrips(_ compressed: Bool) throws {
        let dir = try IOTestSupport.temporaryDirectory()
        defer { IOTestSupport.cleanUp(dir) }
        let url = dir.appendingPathComponent("a.npz")
        let arrays = Self.sample()
        try NPZ.write(arrays, to: url, compressed: compressed)
        let back = try NPZ.read(url)
        #expect(Set(back.keys) == Set(arrays.keys))
        for (k, v) in arrays { #expect(back[k] == v, "\(k)") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.npz"])
    }

    @Test func compressionShrinksRepetitiveData() throws {
        let arrays = ["z": NDArray.zeros([1000], dtype: .float64)]
        let stored = try NPZ.encode(arrays)
        let deflated = try NPZ.encode(arrays, compressed: true)
        #expect(deflated.count < stored.count / 10)
        #expect(try NPZ.decode(deflated)["z"] == arrays["z"])
    }

    /// zip64 extra fields in the central directory and the zip64 end records are honoured.
    @Test(arguments: [false, true])
    func readsZip64Records(_ compressed: Bool) throws {
        let members = try Self.sample().sorted { $0.key < $1.key }.map { (k, v) in (k + ".npy", try v.npyData()) }
        let data = ZipArchive.write(members, compressed: compressed, forceZip64: true)
        let entries = try data.withUnsafeBytes { (p) throws(ArrayIOError) in try ZipArchive.entries(p) }
        #expect(entries.map(\.name) == members.map(\.0))
        let back = try NPZ.decode(data)
        for (k, v) in Self.sample() { #expect(back[k] == v, "\(k)") }
    }

    @Test func bfloat16MemberThrows() {
        let e = IOTestSupport.error { _ = try NPZ.encode(["b": NDArray([1] as [Float]).astype(.bfloat16)]) }
        guard case .unsupportedDType = e else { Issue.record("got \(String(describing: e))"); return }
    }

    @Test func crc32MatchesKnownValue() {
        // The standard check value of CRC-32 over "123456789".
        let crc = Array("123456789".utf8).withUnsafeBytes { Zlib.crc32($0) }
        #expect(crc == 0xCBF4_3926)
    }
}
