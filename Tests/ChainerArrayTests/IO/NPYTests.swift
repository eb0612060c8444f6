import Foundation
import Testing
@testable import ChainerArray

@Suite("NPY files") struct NPYTests {
    /// Every .npy file NumPy wrote reads back to the values NumPy recorded (dtype converted as documented).
    @Test(arguments: try! Fixture.load("io").keys.filter { !$0.hasPrefix("npz/") }.sorted())
    func readsNumPyFile(_ name: String) throws {
        let expected = try #require(try Fixture.load("io")[name])
        let a = try NDArray(npy: IOTestSupport.fixture(name + ".npy"))
        // Foundation's JSON parser can miss float64 values by one ulp; the .npy bits themselves are exact.
        expectArray(a, expected, rtol: a.dtype == .float64 ? 1e-15 : 0, atol: 0, Comment(rawValue: name))
        if !a.dtype.isFloatingPoint { #expect(a == expected, "\(name)") }
        #expect(a.isContiguous)
    }

    @Test func readsFloat16AndSpecialValuesExactly() throws {
        let a = try NDArray(npy: IOTestSupport.fixture("special_f4.npy"))
        let v = a.asArray(Float.self)
        #expect(v[0].isNaN && v[1] == .infinity && v[2] == -.infinity)
        #expect(v[3] == 0 && v[3].sign == .minus)
        #expect(v[4] == Float(1e-40) && v[5] == Float(3.4e38))
        let le = try NDArray(npy: IOTestSupport.fixture("f2_le.npy"))
        let be = try NDArray(npy: IOTestSupport.fixture("f2_be.npy"))
        #expect(le.dtype == .float16 && le == be)
    }

    @Test func uint64AboveInt64MaxThrows() {
        let e = IOTestSupport.error { _ = try NDArray(npy: IOTestSupport.fixture("u8_overflow.npy")) }
        guard case .valueOutOfRange = e else { Issue.record("expected valueOutOfRange, got \(String(describing: e))"); return }
    }

    /// Our header bytes equal NumPy's for the same dtype and shape (version 1.0, 64-byte aligned data).
    @Test(arguments: ["f4_le", "i1", "u1", "b1", "i8_le", "f2_le", "f8_le", "scalar_f8", "empty_f4", "empty_1d_i8", "scalar_i4"])
    func writesTheHeaderNumPyWrites(_ name: String) throws {
        let numpyBytes = try Data(contentsOf: IOTestSupport.fixture(name + ".npy"))
        let a = try NDArray(npy: IOTestSupport.fixture(name + ".npy"))
        let ours = try a.npyData()
        #expect(ours == numpyBytes, "\(name): \(String(decoding: ours.prefix(128), as: UTF8.self))")
        #expect(ours[6] == 1 && ours[7] == 0)
    }

    static let dtypes: [DType] = [.float16, .float32, .float64, .int8, .uint8, .int32, .int64, .bool]

    @Test(arguments: dtypes)
    func roundTripsEveryDType(_ dtype: DType) throws {
        let dir = try IOTestSupport.temporaryDirectory()
        defer { IOTestSupport.cleanUp(dir) }
        let base = NDArray.arange(-12, 12, dtype: .float64).reshaped(2, 3, 4).astype(dtype)
        let views: [(String, NDArray)] = [
            ("contiguous", base),
            ("transposed", base.transposed()),
            ("strided", base[NDIndex.all, 1..., NDIndex.slice(nil, nil, 2)]),
            ("0-d", base[1, 2, 3]),
            ("empty", NDArray.zeros([0, 4], dtype: dtype)),
            ("broadcast", base[0, 0].broadcast(to: [3, 4])),
        ]
        for (label, v) in views {
            let url = dir.appendingPathComponent("\(label).npy")
            try v.write(npy: url)
            let back = try NDArray(npy: url)
            #expect(back == v, "\(dtype) \(label)")
            #expect(back.shape == v.shape && back.dtype == dtype, "\(dtype) \(label)")
            let viaData = try NDArray(npyData: try v.npyData())
            #expect(viaData == v, "\(dtype) \(label) via Data")
        }
    }

    @Test func bfloat16WriteThrowsSayingToConvert() throws {
        let a = NDArray([1, 2] as [Float]).astype(.bfloat16)
        let e = IOTestSupport.error { _ = try a.npyData() }
        guard case .unsupportedDType(let msg) = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(msg.contains("bfloat16") && msg.contains("astype"))
    }

    /// A header too long for version 1.0's 16-bit length switches to 2.0, as NumPy does.
    @Test func longHeaderUsesVersion2() throws {
        let shape = [Int](repeating: 1, count: 30000)  // "1, " per axis: about 90 kB of header
        let data = try NPYHeader.encode(dtype: .float32, shape: shape)
        #expect(data[6] == 2 && data[7] == 0)
        #expect(data.count % 64 == 0)
        let length = data[8..<12].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(length + 12 == data.count)
        let (header, offset) = try data.withUnsafeBytes { (p) throws(ArrayIOError) in try NPYHeader.parse(p) }
        #expect(header.shape == shape && offset == data.count)
    }

    /// Writing replaces the file through a rename: the old content survives a failed write, and no temporary file
    /// is left behind either way.
    @Test func writesAreAtomic() throws {
        let dir = try IOTestSupport.temporaryDirectory()
        defer { IOTestSupport.cleanUp(dir) }
        let url = dir.appendingPathComponent("a.npy")
        try NDArray([1, 2, 3] as [Float]).write(npy: url)
        try NDArray([4, 5] as [Double]).write(npy: url)
        #expect(try NDArray(npy: url) == NDArray([4, 5] as [Double]))
        let failed = IOTestSupport.error { try NDArray([1] as [Float]).astype(.bfloat16).write(npy: url) }
        #expect(failed != nil)
        #expect(try NDArray(npy: url) == NDArray([4, 5] as [Double]))
        let missing = IOTestSupport.error { try NDArray([1] as [Float]).write(npy: dir.appendingPathComponent("no/such/dir.npy")) }
        guard case .io = missing else { Issue.record("expected io error, got \(String(describing: missing))"); return }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.npy"])
    }

    @Test func headerParserAcceptsNumPyVariants() throws {
        let cases: [(String, [Int], Bool)] = [
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", [], false),
            ("{\"shape\": (3,), \"descr\": \"<f8\", \"fortran_order\": True}", [3], true),
            ("{'descr':'<f8','fortran_order':False,'shape':(2L, 3L)}", [2, 3], false),
        ]
        for (text, shape, fortran) in cases {
            let h = try NPYHeader.parseDict(text)
            #expect(h.shape == shape && h.fortranOrder == fortran, "\(text)")
        }
        // "(4)" is the integer 4 in Python, and NumPy rejects it as a shape too.
        #expect(throws: ArrayIOError.self) { try NPYHeader.parseDict("{'descr': '<f8', 'fortran_order': False, 'shape': (4) }") }
    }
}
