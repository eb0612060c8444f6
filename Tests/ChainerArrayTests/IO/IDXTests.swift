import Foundation
import Testing
@testable import ChainerArray

@Suite("IDX files") struct IDXTests {
    @Test(.enabled(if: IOTestSupport.mnistDirectory != nil, "MNIST files absent: expected ../shared/data/mnist beside the repository"))
    func readsMNISTTestSet() throws {
        let dir = try #require(IOTestSupport.mnistDirectory)
        let images = try IDX.read(dir.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
        #expect(images.shape == [10000, 28, 28] && images.dtype == .uint8)
        // NumPy: int(images.sum(dtype=np.int64)) == 264_923_200 and images[0].sum() == 18_454; labels.sum() == 44_434.
        #expect(images.astype(.int64).sum().item(as: Int64.self) == 264_923_200)
        #expect(images[0].astype(.int64).sum().item(as: Int64.self) == 18_454)
        #expect(images[0, 7, 6 ..< 12].asArray(UInt8.self) == [84, 185, 159, 151, 60, 36])
        let labels = try IDX.read(dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
        #expect(labels.shape == [10000] && labels.dtype == .uint8)
        #expect(labels[..<5].asArray(UInt8.self) == [7, 2, 1, 0, 4])
        #expect(labels.astype(.int64).sum().item(as: Int64.self) == 44_434)
    }

    static let cases: [NDArray] = [
        NDArray.arange(0, 256, dtype: .uint8).reshaped(4, 8, 8),
        NDArray.arange(-128, 128, dtype: .int8).reshaped(16, 16).transposed(),
        NDArray([-2_000_000_000, 5, 7] as [Int32]),
        NDArray([Float.pi, -0.0, .infinity, 1e-30], shape: [2, 2]),
        NDArray([Double.pi, -1e300, 0.5], shape: [3, 1, 1]),
        NDArray.zeros([0, 5], dtype: .float32),
        NDArray(scalar: 3, dtype: .int32),
    ]

    @Test(arguments: cases, [false, true])
    func roundTrips(_ a: NDArray, compressed: Bool) throws {
        let dir = try IOTestSupport.temporaryDirectory()
        defer { IOTestSupport.cleanUp(dir) }
        let url = dir.appendingPathComponent("a.idx")
        try IDX.write(a, to: url, compressed: compressed)
        let raw = try Data(contentsOf: url)
        #expect((raw.prefix(2) == Data([0x1F, 0x8B])) == compressed)
        let back = try IDX.read(url)
        #expect(back == a && back.dtype == a.dtype, "\(a.dtype) \(a.shape)")
    }

    /// The header and elements are big-endian, as the format specifies.
    @Test func writesBigEndian() throws {
        let data = try IDX.encode(NDArray([1, 258] as [Int32]))
        #expect(Array(data) == [0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 1, 2])
    }

    /// int16 (type 0x0B) has no dtype here and reads as int32.
    @Test func readsInt16AsInt32() throws {
        let bytes: [UInt8] = [0, 0, 0x0B, 2, 0, 0, 0, 1, 0, 0, 0, 3, 0x80, 0x00, 0xFF, 0xFF, 0x01, 0x02]
        let a = try IDX.decode(Data(bytes))
        #expect(a.dtype == .int32 && a.shape == [1, 3])
        #expect(a.asArray(Int32.self) == [-32768, -1, 258])
    }

    /// Concatenated gzip members decompress to the concatenation of their contents.
    @Test func readsMultiMemberGzip() throws {
        let plain = try IDX.encode(NDArray.arange(0, 100, dtype: .float32))
        let half = plain.count / 2
        let first = plain.prefix(half).withUnsafeBytes { Zlib.deflate($0, windowBits: Zlib.gzipWindow) }
        let second = plain.suffix(from: half).withUnsafeBytes { Zlib.deflate($0, windowBits: Zlib.gzipWindow) }
        #expect(try IDX.decode(first + second) == NDArray.arange(0, 100, dtype: .float32))
    }

    @Test func unsupportedDTypeWriteThrows() {
        for dtype: DType in [.int64, .bool, .float16, .bfloat16] {
            let e = IOTestSupport.error { _ = try IDX.encode(NDArray.zeros([2], dtype: dtype)) }
            guard case .unsupportedDType = e else { Issue.record("\(dtype): got \(String(describing: e))"); continue }
        }
    }
}
