import Foundation
import Testing
@testable import Chainer

/// Digests from Python's hashlib: `hashlib.sha256(m).hexdigest()`; the patterned inputs are
/// `bytes((i * 7 + 3) % 256 for i in range(n))`, lengths chosen around the padding boundaries (55/56, 63/64/65,
/// 119/120) and across several blocks.
@Suite struct SHA256Tests {
    private func pattern(_ n: Int) -> Data { Data((0..<n).map { UInt8(($0 * 7 + 3) % 256) }) }

    @Test func matchesHashlibVectors() {
        #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let expected = [
            55: "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b",
            56: "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27",
            63: "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055",
            64: "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241",
            65: "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e",
            119: "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e",
            120: "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5",
            1000: "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371",
        ]
        for (n, digest) in expected { #expect(SHA256.hex(pattern(n)) == digest, "length \(n)") }
    }

    @Test func piecewiseUpdatesMatchOneShot() {
        let data = pattern(1000)
        for chunk in [1, 3, 63, 64, 65, 200] {
            var h = SHA256()
            var start = 0
            while start < data.count {
                h.update(data[start..<Swift.min(start + chunk, data.count)])
                start += chunk
            }
            let hex = h.finalize().map { String(format: "%02x", $0) }.joined()
            #expect(hex == "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371", "chunks of \(chunk)")
        }
    }

    @Test func hashesFilesInChunks() throws {
        // Larger than the 1 MiB read size, so the file is hashed in several reads.
        let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000) + Data(repeating: UInt8(ascii: "a"), count: 1_500_000)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chainer-sha-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try data.write(to: url)
        // hashlib.sha256(b'a' * 2_500_000).hexdigest()
        #expect(try SHA256.hex(fileAt: url) == "38a637965059125eeb67f54c30e7f48a61859a467a800ba09740ba48a924f2b9")
    }
}
