import Foundation
import Testing
@testable import ChainerArray

@Suite struct SafetensorsTests {
    /// A file of the given header text and data bytes, laid out as the format says.
    static func file(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> Data {
        let h = Array(header.utf8)
        var out = Data()
        withUnsafeBytes(of: (declaredLength ?? UInt64(h.count)).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: h)
        out.append(contentsOf: data)
        return out
    }

    static func decodeError(_ data: Data) -> SafetensorsError? {
        do { _ = try Safetensors.decode(data); return nil } catch { return error }
    }

    @Test func readsAFileWrittenByPython() throws {
        let url = Fixture.url("python_tensors.safetensors")
        let (tensors, metadata) = try Safetensors.readWithMetadata(url)
        let expected = try Fixture.load("python_tensors")
        #expect(tensors.keys.sorted() == expected.keys.sorted())
        for (name, e) in expected {
            let a = try #require(tensors[name])
            #expect(a.dtype == e.dtype && a.shape == e.shape, "\(name)")
            expectArray(a, e, rtol: 0, atol: 0)
        }
        #expect(metadata == ["format": "np", "source": "python"])
    }

    @Test func roundTripsEveryDTypeIncludingViewsAndEmptyArrays() throws {
        let dir = try IOTestSupport.temporaryDirectory()
        defer { IOTestSupport.cleanUp(dir) }
        let base = NDArray.normal([3, 4], dtype: .float64)
        var arrays: [String: NDArray] = [:]
        for dtype in DType.allCases { arrays["x_\(dtype)"] = (base * 3).astype(dtype) }
        arrays["transposed"] = base.transposed()
        arrays["strided"] = base[NDIndex.all, stride(from: 0, to: 4, by: 2)]
        arrays["scalar"] = NDArray(-5)
        arrays["empty"] = NDArray.zeros([0, 2], dtype: .bfloat16)
        arrays["nested/name"] = NDArray([true, false, true])
        let url = dir.appendingPathComponent("a.safetensors")
        try Safetensors.write(arrays, to: url, metadata: ["k": "v"])
        let (back, meta) = try Safetensors.readWithMetadata(url)
        #expect(meta == ["k": "v"])
        #expect(back.keys.sorted() == arrays.keys.sorted())
        for (name, a) in arrays {
            let b = try #require(back[name])
            #expect(b.dtype == a.dtype && b.shape == a.shape && b == a, "\(name)")
        }
        // The header is padded to 8 bytes and the data follows it.
        let raw = try Data(contentsOf: url)
        let n = raw.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        #expect(n % 8 == 0)
        // Writing replaces atomically and leaves no temporary file behind.
        try Safetensors.write(["only": NDArray([1, 2] as [Int32])], to: url)
        #expect(try Safetensors.read(url).keys.sorted() == ["only"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.safetensors"])
    }

    @Test func readsAHandBuiltFileFollowingTheSpec() throws {
        // bfloat16 1.0 is 0x3F80; float32 -2.0 is 0xC0000000; spaces pad the header as writers may do.
        let header = #"{"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}   "#
        let data = Self.file(header: header, data: [0x00, 0x00, 0x00, 0xC0, 0x80, 0x3F, 0x80, 0xBF])
        let (t, meta) = try Safetensors.decode(data)
        #expect(meta.isEmpty)
        #expect(t["a"]! == NDArray(Float(-2)))
        #expect(t["b"]!.dtype == .bfloat16 && t["b"]!.astype(.float32) == NDArray([1, -1] as [Float]))
    }

    @Test func hostileFilesThrowTypedErrors() {
        let ok = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        #expect(Self.decodeError(Data([1, 2, 3])) == .truncatedHeader(declared: 8, available: 3))
        #expect(Self.decodeError(Self.file(header: ok, data: [UInt8](repeating: 0, count: 8), declaredLength: 1 << 40))
                == .truncatedHeader(declared: 1 << 40, available: ok.utf8.count + 8))
        #expect(Self.decodeError(Self.file(header: ok, data: [], declaredLength: UInt64.max)) != nil)
        if case .badHeader = Self.decodeError(Self.file(header: "{not json", data: [])) {} else { Issue.record("bad JSON") }
        if case .badHeader = Self.decodeError(Self.file(header: "[1, 2]", data: [])) {} else { Issue.record("not an object") }
        #expect(Self.decodeError(Self.file(header: #"{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
                == .unsupportedDType(name: "a", dtype: "C64"))
        #expect(Self.decodeError(Self.file(header: ok, data: [0, 0, 0, 0]))
                == .offsetsOutOfRange(name: "a", begin: 0, end: 8, available: 4))
        #expect(Self.decodeError(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, data: [UInt8](repeating: 0, count: 8)))
                == .offsetsOutOfRange(name: "a", begin: 8, end: 0, available: 8))
        #expect(Self.decodeError(Self.file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8)))
                == .sizeMismatch(name: "a", expected: 12, got: 8))
        let overlap = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        #expect(Self.decodeError(Self.file(header: overlap, data: [UInt8](repeating: 0, count: 8))) == .overlapping("a", "b"))
        for bad in [#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}"#,
                    #"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,0]}}"#,
                    #"{"a":{"dtype":"F32","shape":[1e300],"data_offsets":[0,0]}}"#,
                    #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#,
                    #"{"a":{"dtype":"F32","data_offsets":[0,4]}}"#,
                    #"{"__metadata__":{"k":1}}"#] {
            if case .badHeader = Self.decodeError(Self.file(header: bad, data: [0, 0, 0, 0])) {} else { Issue.record("accepted \(bad)") }
        }
        // Shapes whose byte count overflows are rejected before allocating.
        let huge = #"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#
        if case .sizeMismatch = Self.decodeError(Self.file(header: huge, data: [UInt8](repeating: 0, count: 8))) {} else { Issue.record("huge") }
        #expect(throws: SafetensorsError.self) { try Safetensors.read(URL(fileURLWithPath: "/nonexistent/x.safetensors")) }
        #expect(throws: SafetensorsError.self) { try Safetensors.encode(["__metadata__": NDArray(1.0)]) }
    }
}
