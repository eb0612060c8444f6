import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// filters.png and palette.png come from scripts/fixtures/png_filters.py (rows using every PNG filter, and a
/// palette with transparency), the interlaced_*.png files from scripts/fixtures/png_interlaced.py (pypng's Adam7
/// encoder); other files are written by the tests in the real formats.
@Suite struct FileDatasetTests {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    private func directory() throws -> URL {
        let dir = URL(fileURLWithPath: scratchPath("chainer-files"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func adam7InterlacedAndTwoBitPNGs() throws {
        let rgb = try PNG.read(fixtures.appendingPathComponent("interlaced_rgb.png"))
        var expected: [UInt8] = []
        for y in 0..<9 { for x in 0..<11 { for c in 0..<3 { expected.append(UInt8((5 * x + 9 * y + 13 * c) % 256)) } } }
        #expect(rgb.shape == [9, 11, 3] && rgb.asArray(UInt8.self) == expected)
        // 2-bit gray levels expand to 0, 85, 170, 255 (as PIL reads them).
        let gray = try PNG.read(fixtures.appendingPathComponent("interlaced_gray2.png"))
        var levels: [UInt8] = []
        for y in 0..<5 { for x in 0..<7 { levels.append(UInt8((x + 2 * y) % 4 * 85)) } }
        #expect(gray.shape == [5, 7, 1] && gray.asArray(UInt8.self) == levels)
        let dataset = try ImageDataset(["interlaced_rgb.png"], root: fixtures.path)
        #expect(dataset[0].shape == [3, 9, 11])
    }

    @Test func pngRowFiltersAndPalettes() throws {
        let image = try PNG.read(fixtures.appendingPathComponent("filters.png"))
        #expect(image.shape == [5, 4, 3] && image.dtype == .uint8)
        var expected: [UInt8] = []
        for y in 0..<5 { for x in 0..<4 { for c in 0..<3 { expected.append(UInt8((3 * x + 7 * y + 11 * c) % 256 * (c + 1) % 256)) } } }
        #expect(image.asArray(UInt8.self) == expected)
        let palette = try PNG.read(fixtures.appendingPathComponent("palette.png"))
        #expect(palette.shape == [2, 3, 4])
        #expect(palette.asArray(UInt8.self) == [255, 0, 0, 128, 0, 255, 0, 255, 0, 0, 255, 255,
                                                 0, 255, 0, 255, 0, 0, 255, 255, 255, 0, 0, 128])
    }

    @Test func pngRoundTripsAndRejectsDamage() throws {
        for shape in [[3, 5], [2, 4, 1], [2, 3, 2], [4, 2, 3], [1, 1, 4]] {
            let a = NDArray((0..<shape.reduce(1, *)).map { UInt8(($0 * 37) % 256) }, shape: shape)
            let back = try PNG.decode(try PNG.encode(a))
            #expect(back.asArray(UInt8.self) == a.asArray(UInt8.self))
            #expect(back.shape == (shape.count == 2 ? shape + [1] : shape))
        }
        var bytes = [UInt8](try PNG.encode(NDArray([1, 2, 3, 4] as [UInt8], shape: [2, 2])))
        bytes[20] ^= 0xFF
        #expect(throws: ArrayIOError.self) { try PNG.decode(Data(bytes)) }
        #expect(throws: ArrayIOError.self) { try PNG.decode(Data(bytes.prefix(30))) }
        #expect(throws: ArrayIOError.self) { try PNG.decode(Data([1, 2, 3])) }
    }

    @Test func imageDatasetsReadPNGsAsCHW() throws {
        let dir = try directory()
        let rgb = NDArray((0..<24).map { UInt8($0 * 10) }, shape: [2, 4, 3])
        let gray = NDArray((0..<8).map { UInt8($0) }, shape: [2, 4])
        try PNG.write(rgb, to: dir.appendingPathComponent("a.png"))
        try PNG.write(gray, to: dir.appendingPathComponent("b.png"))
        try "a.png 3\nb.png 7\n".write(to: dir.appendingPathComponent("list.txt"), atomically: true, encoding: .utf8)
        let images = try ImageDataset(paths: ["a.png", "b.png"], root: dir.path)
        #expect(images.count == 2)
        #expect(images[0].shape == [3, 2, 4] && images[0].dtype == .float32)
        #expect(images[0].asArray(Float.self) == rgb.transposed([2, 0, 1]).astype(.float32).asArray(Float.self))
        #expect(images[1].shape == [1, 2, 4])
        let labeled = try LabeledImageDataset(listFile: dir.appendingPathComponent("list.txt").path, root: dir.path)
        #expect(labeled.count == 2 && labeled[1][1].item() == 7 && labeled[1][1].dtype == .int32)
        #expect(throws: DatasetError.self) { try ImageDataset(paths: ["missing.png"], root: dir.path) }
        // Read on access, as Chainer: a file replaced after the dataset was made is seen; preloaded ones are not.
        let preloaded = try ImageDataset(paths: ["b.png"], root: dir.path, preload: true)
        try PNG.write(gray + 1, to: dir.appendingPathComponent("b.png"))
        #expect(images[1].asArray(Float.self) == (1...8).map(Float.init))
        #expect(preloaded[0].asArray(Float.self) == (0..<8).map(Float.init) && preloaded.images.count == 1)
        #expect(throws: DatasetError.self) { try ImageDataset(paths: ["list.txt"], root: dir.path, preload: true) }
    }

    @Test func anImageThatWentBadStopsWithItsName() async {
        await #expect(processExitsWith: .failure) {
            let dir = URL(fileURLWithPath: scratchPath("chainer-bad-image"))
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try? Data([1, 2, 3]).write(to: dir.appendingPathComponent("bad.png"))
            let images = try? ImageDataset(paths: ["bad.png"], root: dir.path)
            _ = images?[0]
        }
    }

    @Test func textDatasetZipsLines() throws {
        let dir = try directory()
        try "a\nb\nc\n".write(to: dir.appendingPathComponent("x.txt"), atomically: true, encoding: .utf8)
        try "1\r\n2\r\n3".write(to: dir.appendingPathComponent("y.txt"), atomically: true, encoding: .utf8)
        let text = try TextDataset(paths: [dir.appendingPathComponent("x.txt").path, dir.appendingPathComponent("y.txt").path])
        #expect(text.count == 3 && text[1] == ["b", "2"])
        try "only\n".write(to: dir.appendingPathComponent("z.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try TextDataset(paths: [dir.appendingPathComponent("x.txt").path, dir.appendingPathComponent("z.txt").path])
            Issue.record("expected files of different lengths to be refused")
        } catch {
            #expect(error.description.contains("[3, 1]"))
        }
    }
}
