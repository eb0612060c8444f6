import Foundation
import Testing
@testable import ChainerArray

/// Files we write are read by NumPy itself (python3 run through Process), which reports what it loaded as JSON.
@Suite("NumPy reads our files", .enabled(if: IOTestSupport.numpyAvailable, "python3 with numpy not found: NumPy interop not checked"))
struct NumPyInteropTests {
    /// Loads every .npy, .npz and .idx[.gz] file named on the command line and prints {key: {shape, dtype, data}}.
    static let loader = """
    import sys, json, gzip, numpy as np
    def enc(a):
        def conv(v):
            if a.dtype.kind == 'b': return bool(v)
            if a.dtype.kind in 'iu': return int(v)
            v = float(v)
            return 'nan' if v != v else ('inf' if v == float('inf') else ('-inf' if v == -float('inf') else v))
        return {'shape': list(a.shape), 'dtype': str(a.dtype), 'data': [conv(v) for v in a.reshape(-1)]}
    out = {}
    for path in sys.argv[1:]:
        name = path.rsplit('/', 1)[-1]
        if path.endswith('.npy'):
            out[name] = enc(np.load(path, allow_pickle=False))
        elif path.endswith('.npz'):
            with np.load(path, allow_pickle=False) as z:
                for k in z.files: out[name + '/' + k] = enc(z[k])
        else:
            raw = open(path, 'rb').read()
            if raw[:2] == b'\\x1f\\x8b': raw = gzip.decompress(raw)
            code, nd = raw[2], raw[3]
            shape = tuple(int.from_bytes(raw[4 + 4*i: 8 + 4*i], 'big') for i in range(nd))
            dt = {8: 'u1', 9: 'i1', 11: '>i2', 12: '>i4', 13: '>f4', 14: '>f8'}[code]
            a = np.frombuffer(raw, dtype=dt, offset=4 + 4*nd).reshape(shape)
            out[name] = enc(a.astype(a.dtype.newbyteorder('=')))
    print(json.dumps(out))
    """

    /// Runs the loader on `files` and decodes its report.
    static func load(_ files: [URL]) throws -> [String: NDArray] {
        let (status, output) = IOTestSupport.python(loader, files.map(\.path))
        try #require(status == 0, "python3 failed: \(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return json.compactMapValues { Fixture.array(from: $0) }
    }

    static func sample(_ dtype: DType) -> NDArray {
        var base = NDArray.arange(-6, 6, dtype: .float64).reshaped(3, 4) * 1.25
        if dtype == .uint8 { base = base + 10 }
        return base.astype(dtype)
    }

    static let dtypes: [DType] = [.float16, .float32, .float64, .int8, .uint8, .int32, .int64, .bool]

    @Test func numpyLoadsOurNPY() throws {
        let dir = try IOTestSupport.temporaryDirectory()
        defer { IOTestSupport.cleanUp(dir) }
        var written: [String: NDArray] = [:]
        for dtype in Self.dtypes {
            let a = Self.sample(dtype)
            written["\(dtype).npy"] = a
            written["\(dtype)_T.npy"] = a.transposed()
            written["\(dtype)_0d.npy"] = a[2, 1]
            written["\(dtype)_empty.npy"] = NDArray.zeros([0, 2, 3], dtype: dtype)
        }
        written["special.npy"] = NDArray([Float.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude * 1000])
        let urls = try written.keys.sorted().map { name -> URL in
            let url = dir.appendingPathComponent(name)
            try written[name]!.write(npy: url)
            return url
        }
        let loaded = try Self.load(urls)
        #expect(Set(loaded.keys) == Set(written.keys))
        for (name, a) in written {
            let got = try #require(loaded[name], "\(name) missing from NumPy's report")
            expectArray(got, a, rtol: a.dtype == .float64 ? 1e-15 : 0, atol: 0, Comment(rawValue: name))
        }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func numpyLoadsOurNPZ(_ compressed: Bool, _ zip64: Bool) throws {
        let dir = try IOTestSupport.temporaryDirectory()
        defer { IOTestSupport.cleanUp(dir) }
        let arrays = Dictionary(uniqueKeysWithValues: Self.dtypes.map { ("a_\($0)", Self.sample($0)) })
            .merging(["zero_d": NDArray(scalar: 7, dtype: .int32), "empty": NDArray.zeros([0], dtype: .float32)]) { a, _ in a }
        let url = dir.appendingPathComponent("arch.npz")
        if zip64 {
            let members = try arrays.keys.sorted().map { ($0 + ".npy", try arrays[$0]!.npyData()) }
            try Data(ZipArchive.write(members, compressed: compressed, forceZip64: true)).write(to: url)
        } else {
            try NPZ.write(arrays, to: url, compressed: compressed)
        }
        let loaded = try Self.load([url])
        #expect(loaded.count == arrays.count)
        for (k, a) in arrays {
            let got = try #require(loaded["arch.npz/" + k], "\(k) missing")
            expectArray(got, a, rtol: a.dtype == .float64 ? 1e-15 : 0, atol: 0, Comment(rawValue: k))
        }
    }

    @Test func pythonReadsOurIDX() throws {
        let dir = try IOTestSupport.temporaryDirectory()
        defer { IOTestSupport.cleanUp(dir) }
        var written: [String: NDArray] = [:]
        for dtype: DType in [.uint8, .int8, .int32, .float32, .float64] {
            written["\(dtype).idx"] = Self.sample(dtype)
            written["\(dtype).idx.gz"] = Self.sample(dtype).transposed()
        }
        for (name, a) in written { try IDX.write(a, to: dir.appendingPathComponent(name), compressed: name.hasSuffix(".gz")) }
        let loaded = try Self.load(written.keys.sorted().map { dir.appendingPathComponent($0) })
        for (name, a) in written {
            let got = try #require(loaded[name], "\(name) missing")
            expectArray(got, a, rtol: a.dtype == .float64 ? 1e-15 : 0, atol: 0, Comment(rawValue: name))
        }
    }
}
