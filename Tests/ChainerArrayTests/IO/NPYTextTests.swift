import Foundation
import Testing
@testable import ChainerArray

/// NumPy unicode scalars (`<U{n}`), which Chainer's snapshots use for text.
@Suite struct NPYTextTests {
    // `np.save(f, np.array(s))` for s = "héllo ✓" and "", from NumPy 2.x.
    private let numpyBytes = [
        "héllo ✓": "k05VTVBZAQB2AHsnZGVzY3InOiAnPFU3JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIApoAAAA6QAAAGwAAABsAAAAbwAAACAAAAATJwAA",
        "": "k05VTVBZAQB2AHsnZGVzY3InOiAnPFUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAA",
    ]

    @Test func readsNumPyStringsAsUTF8Bytes() throws {
        for (text, base64) in numpyBytes {
            let a = try NDArray(npyData: try #require(Data(base64Encoded: base64)))
            #expect(a.dtype == .uint8 && a.shape == [text.utf8.count])
            #expect(a.asArray(UInt8.self) == Array(text.utf8))
        }
    }

    @Test func writesWhatNumPyWrites() throws {
        for (text, base64) in numpyBytes {
            #expect(try NPYText.encode(utf8: Array(text.utf8), key: "k") == Data(base64Encoded: base64))
        }
        let npz = try NPZ.encode(["t": NDArray(Array("héllo ✓".utf8)), "n": NDArray([1, 2])], textKeys: ["t"])
        let back = try NPZ.decode(npz)
        #expect(back["t"]!.asArray(UInt8.self) == Array("héllo ✓".utf8) && back["n"]! == NDArray([1, 2]))
    }

    @Test func rejectsWhatIsNotText() {
        #expect(throws: ArrayIOError.self) { try NPZ.encode(["t": NDArray([Float(1)])], textKeys: ["t"]) }
        #expect(throws: ArrayIOError.self) { try NPYText.encode(utf8: [0xFF, 0xFE], key: "k") }
        // A unicode array of several strings is not read (only single strings are).
        var header = NPYHeader.encode(descr: "<U1", shape: [2])
        header.append(contentsOf: [0x61, 0, 0, 0, 0x62, 0, 0, 0])
        #expect(throws: ArrayIOError.self) { try NDArray(npyData: header) }
        // Nor a width whose byte size overflows.
        #expect(throws: ArrayIOError.self) { try NDArray(npyData: NPYHeader.encode(descr: "<U\(Int.max / 2)", shape: [])) }
    }
}
