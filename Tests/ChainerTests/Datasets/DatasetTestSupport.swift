import Foundation
@testable import Chainer
import ChainerArray

/// Temporary dataset roots and files in the real download formats, for the loader and store tests. Every store
/// made here points its mirror at a closed local port, so a test can never reach the network or ~/.chainer.
enum DatasetTestSupport {
    /// A port nothing listens on (the discard service, not run on test machines): a connection is refused at once.
    static let closedPort = "http://127.0.0.1:9/"

    /// A fresh empty dataset root.
    static func root() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainer-dataset-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `files` (name, bytes) into `root/pfnet/chainer/<name>/` and returns a store that trusts exactly their
    /// SHA-256 sums and downloads from `mirror`.
    static func store(root: URL, dataset: String, files: [(String, Data)], mirror: String = closedPort) throws -> DatasetStore {
        let dir = root.appendingPathComponent("pfnet/chainer/\(dataset)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var sums: [String: String] = [:]
        for (name, data) in files {
            try data.write(to: dir.appendingPathComponent(name))
            sums[name] = SHA256.hex(data)
        }
        return DatasetStore(root: root, mirror: mirror, sha256Overrides: sums)
    }

    /// Pseudo-random bytes from a fixed formula (no generator state shared between tests).
    static func bytes(_ count: Int, seed: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761 &+ seed &* 97) >> 7) } }

    /// An MNIST-format pair of gzip IDX files: `count` uint8 images (count, 28, 28) and labels.
    static func mnistFiles(count: Int, seed: Int) throws -> (images: Data, labels: Data, pixels: [UInt8], labelValues: [UInt8]) {
        let pixels = bytes(count * 784, seed: seed)
        let labelValues = (0..<count).map { UInt8(($0 * 3 + seed) % 10) }
        let images = try IDX.encode(NDArray(pixels, shape: [count, 28, 28]), compressed: true)
        let labels = try IDX.encode(NDArray(labelValues, shape: [count]), compressed: true)
        return (images, labels, pixels, labelValues)
    }

    /// A POSIX ustar archive of regular files (the layout `tar` writes: 512-byte headers, data padded to 512, two
    /// zero blocks at the end).
    static func tar(_ members: [(String, Data)]) -> Data {
        var out = Data()
        for (name, data) in members {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) { for (i, b) in text.utf8.enumerated() { header[offset + i] = b } }
            func octal(_ value: Int, at offset: Int, width: Int) {
                let digits = String(value, radix: 8)
                put(String(repeating: "0", count: width - 1 - digits.count) + digits, at: offset)
            }
            put(name, at: 0)
            octal(0o644, at: 100, width: 8)
            octal(0, at: 108, width: 8)
            octal(0, at: 116, width: 8)
            octal(data.count, at: 124, width: 12)
            octal(0, at: 136, width: 12)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257)
            put("00", at: 263)
            let sum = header.enumerated().reduce(0) { $0 + ((148..<156).contains($1.offset) ? 32 : Int($1.element)) }
            octal(sum, at: 148, width: 7)
            header[155] = 0x20
            out.append(contentsOf: header)
            out.append(data)
            out.append(Data(count: (512 - data.count % 512) % 512))
        }
        out.append(Data(count: 1024))
        return out
    }
}
