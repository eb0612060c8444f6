import Foundation

/// PNG images: grayscale (1, 2, 4, 8 bits), gray+alpha, RGB, RGBA and palette (1 to 8 bits) images, plain or
/// Adam7-interlaced, and 16-bit ones read as int32. Arrays are `(height, width, channels)`.
public enum PNG {
    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Reads a PNG file.
    public static func read(_ url: URL) throws(ArrayIOError) -> NDArray { try decode(try FileAccess.read(url)) }

    /// Decodes PNG bytes into `(height, width, channels)` uint8 (int32 for 16-bit images); palette images
    /// become RGB (RGBA when the palette has transparency).
    public static func decode(_ data: Data) throws(ArrayIOError) -> NDArray {
        let bytes = [UInt8](data)
        guard bytes.count >= 8, Array(bytes[0..<8]) == signature else { throw .badMagic("not a PNG file") }
        var pos = 8
        var header: (width: Int, height: Int, depth: Int, color: Int, interlace: Int)?
        var idat: [UInt8] = [], palette: [UInt8] = [], transparency: [UInt8] = []
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        while true {
            guard pos + 8 <= bytes.count else { throw .truncated(expected: pos + 8, got: bytes.count) }
            let length = be32(pos)
            let type = String(decoding: bytes[pos + 4..<pos + 8], as: UTF8.self)
            guard length >= 0, pos + 12 + length <= bytes.count else { throw .truncated(expected: pos + 12 + length, got: bytes.count) }
            let body = Array(bytes[pos + 8..<pos + 8 + length])
            let crc = UInt32(truncatingIfNeeded: be32(pos + 8 + length))
            let computed = bytes[pos + 4..<pos + 8 + length].withUnsafeBytes { Zlib.crc32($0) }
            guard crc == computed else { throw .crcMismatch("PNG chunk \(type)") }
            pos += 12 + length
            switch type {
            case "IHDR":
                guard length == 13 else { throw .badHeader("PNG IHDR has \(length) bytes") }
                let w = body[0..<4].reduce(0) { $0 << 8 | Int($1) }, hh = body[4..<8].reduce(0) { $0 << 8 | Int($1) }
                header = (w, hh, Int(body[8]), Int(body[9]), Int(body[12]))
            case "PLTE": palette = body
            case "tRNS": transparency = body
            case "IDAT": idat += body
            case "IEND": break
            default: continue
            }
            if type == "IEND" { break }
        }
        guard let h = header else { throw .badHeader("PNG without IHDR") }
        guard h.interlace <= 1 else { throw .badHeader("PNG interlace method \(h.interlace)") }
        let channels: Int
        switch h.color {
        case 0: channels = 1
        case 2: channels = 3
        case 3: channels = 1
        case 4: channels = 2
        case 6: channels = 4
        default: throw .badHeader("PNG color type \(h.color)")
        }
        let depthAllowed = h.depth == 8 || (h.depth == 16 && h.color != 3) || ([1, 2, 4].contains(h.depth) && (h.color == 0 || h.color == 3))
        guard depthAllowed else { throw .badHeader("PNG bit depth \(h.depth) with color type \(h.color)") }
        guard h.width > 0, h.height > 0 else { throw .badHeader("PNG of \(h.width)x\(h.height) pixels: an image has at least one") }
        guard h.width <= 1 << 24, h.height <= 1 << 24 else {
            throw .tooLarge("PNG of \(h.width)x\(h.height)")
        }
        // Adam7's passes (x0, y0, dx, dy); a plain image is one pass over everything.
        let passes = h.interlace == 1
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
        let bitsPerPixel = channels * h.depth
        func passSize(_ p: (Int, Int, Int, Int)) -> (width: Int, height: Int) {
            ((h.width - p.0 + p.2 - 1) / p.2, (h.height - p.1 + p.3 - 1) / p.3)
        }
        let expected = passes.map(passSize).reduce(0) { n, s in s.width == 0 || s.height == 0 ? n : n + s.height * ((s.width * bitsPerPixel + 7) / 8 + 1) }
        let inflated: Result<Data, ArrayIOError> = idat.withUnsafeBytes { p in
            do throws(ArrayIOError) { return .success(try Zlib.inflate(p, windowBits: 15, expectedSize: expected, limit: expected)) } catch { return .failure(error) }
        }
        let raw = [UInt8](try inflated.get())
        guard raw.count == expected else { throw .truncated(expected: expected, got: raw.count) }
        // Samples of the whole image, one byte each (two for 16-bit), filled pass by pass.
        let sampleBytes = h.depth == 16 ? 2 : 1, pixelBytes = channels * sampleBytes
        var pixels = [UInt8](repeating: 0, count: h.width * h.height * pixelBytes)
        var offset = 0
        for pass in passes {
            let size = passSize(pass)
            guard size.width > 0 && size.height > 0 else { continue }
            let rowBytes = (size.width * bitsPerPixel + 7) / 8
            let rows = try unfilter(raw, offset: offset, rowBytes: rowBytes, rows: size.height, bpp: Swift.max(1, bitsPerPixel / 8))
            offset += size.height * (rowBytes + 1)
            for y in 0..<size.height {
                for x in 0..<size.width {
                    let dst = ((pass.1 + y * pass.3) * h.width + pass.0 + x * pass.2) * pixelBytes
                    if h.depth < 8 {
                        let bit = x * h.depth, byte = rows[y * rowBytes + bit / 8]
                        let value = Int(byte >> (8 - h.depth - bit % 8)) & ((1 << h.depth) - 1)
                        // Grayscale of 2 and 4 bits scales to 0...255 as PIL expands it; 1-bit too (PIL reads those as 0/1, mode
                        // "1"), so every grayscale depth spans one range. Palette indices stay indices.
                        pixels[dst] = UInt8(h.color == 0 ? value * 255 / ((1 << h.depth) - 1) : value)
                    } else {
                        let src = y * rowBytes + x * pixelBytes
                        for k in 0..<pixelBytes { pixels[dst + k] = rows[src + k] }
                    }
                }
            }
        }
        if h.color == 3 {
            let alpha = !transparency.isEmpty
            let outChannels = alpha ? 4 : 3
            var rgb = [UInt8](repeating: 0, count: h.width * h.height * outChannels)
            for (i, index) in pixels.enumerated() {
                let k = Int(index)
                guard 3 * k + 2 < palette.count else { throw .badHeader("PNG palette index \(k) out of range") }
                for c in 0..<3 { rgb[i * outChannels + c] = palette[3 * k + c] }
                if alpha { rgb[i * outChannels + 3] = k < transparency.count ? transparency[k] : 255 }
            }
            return NDArray(rgb, shape: [h.height, h.width, outChannels])
        }
        if h.depth == 16 {
            let values = (0..<(pixels.count / 2)).map { Int32(pixels[2 * $0]) << 8 | Int32(pixels[2 * $0 + 1]) }
            return NDArray(values, shape: [h.height, h.width, channels])
        }
        return NDArray(pixels, shape: [h.height, h.width, channels])
    }

    /// The filtered rows of one pass starting at `offset` (each led by its filter byte), reconstructed.
    private static func unfilter(_ raw: [UInt8], offset: Int, rowBytes: Int, rows: Int, bpp: Int) throws(ArrayIOError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: rowBytes * rows)
        for y in 0..<rows {
            let filter = raw[offset + y * (rowBytes + 1)]
            let src = offset + y * (rowBytes + 1) + 1, dst = y * rowBytes, prev = dst - rowBytes
            for x in 0..<rowBytes {
                let a = x >= bpp ? Int(out[dst + x - bpp]) : 0
                let b = y > 0 ? Int(out[prev + x]) : 0
                let c = (x >= bpp && y > 0) ? Int(out[prev + x - bpp]) : 0
                let v = Int(raw[src + x])
                let value: Int
                switch filter {
                case 0: value = v
                case 1: value = v + a
                case 2: value = v + b
                case 3: value = v + (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    value = v + (pa <= pb && pa <= pc ? a : (pb <= pc ? b : c))
                default: throw .badHeader("PNG row filter \(filter)")
                }
                out[dst + x] = UInt8(truncatingIfNeeded: value)
            }
        }
        return out
    }

    /// Encodes a uint8 `(height, width)` or `(height, width, 1|2|3|4)` array as PNG bytes.
    public static func encode(_ array: NDArray) throws(ArrayIOError) -> Data {
        guard array.dtype == .uint8 else { throw .unsupportedDType("PNG.encode takes uint8, got \(array.dtype)") }
        guard array.ndim == 2 || (array.ndim == 3 && (1...4).contains(array.shape[2])) else {
            throw .badHeader("PNG.encode takes (H, W) or (H, W, 1...4), got \(array.shape)")
        }
        let height = array.shape[0], width = array.shape[1], channels = array.ndim == 2 ? 1 : array.shape[2]
        let color: UInt8 = [1: 0, 2: 4, 3: 2, 4: 6][channels]!
        let pixels = array.asArray(UInt8.self)
        var raw: [UInt8] = []
        raw.reserveCapacity((width * channels + 1) * height)
        for y in 0..<height {
            raw.append(0)
            raw += pixels[(y * width * channels)..<((y + 1) * width * channels)]
        }
        var out = Data(signature)
        func chunk(_ type: String, _ body: [UInt8]) {
            var piece = Data(type.utf8)
            piece.append(contentsOf: body)
            withUnsafeBytes(of: UInt32(body.count).bigEndian) { out.append(contentsOf: $0) }
            out.append(piece)
            let crc = piece.withUnsafeBytes { Zlib.crc32($0) }
            withUnsafeBytes(of: crc.bigEndian) { out.append(contentsOf: $0) }
        }
        var ihdr: [UInt8] = []
        for v in [UInt32(width), UInt32(height)] { withUnsafeBytes(of: v.bigEndian) { ihdr += $0 } }
        ihdr += [8, color, 0, 0, 0]
        chunk("IHDR", ihdr)
        chunk("IDAT", [UInt8](raw.withUnsafeBytes { Zlib.deflate($0, windowBits: 15) }))
        chunk("IEND", [])
        return out
    }

    /// Writes a uint8 image as a PNG file, replacing `url` atomically.
    public static func write(_ array: NDArray, to url: URL) throws(ArrayIOError) {
        try FileAccess.writeAtomically(try encode(array), to: url)
    }
}

extension NDArray {
    /// Reads a PNG file as `(height, width, channels)` (`PNG.read`), as `NDArray(npy:)` reads a `.npy` file.
    public init(png url: URL) throws(ArrayIOError) { self = try PNG.read(url) }

    /// Writes this `(height, width, channels)` uint8 array as a PNG file (`PNG.write`), as `write(npy:)` does `.npy`.
    public func write(png url: URL) throws(ArrayIOError) { try PNG.write(self, to: url) }
}
