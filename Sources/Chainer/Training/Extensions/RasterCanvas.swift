import ChainerArray

/// An RGB image drawn on with anti-aliased strokes and dots and bitmap-font text, for charts written as PNG.
/// Coordinates are in pixels with (0, 0) at the top-left corner of the top-left pixel, as in SVG.
struct RasterCanvas {
    /// An opaque colour.
    struct Color: Hashable {
        var r, g, b: UInt8

        /// The background.
        static let white = Color(r: 255, g: 255, b: 255)
        /// The frame, ticks and text.
        static let black = Color(r: 0, g: 0, b: 0)

        /// The colour of a CSS hex string, "#rgb" or "#rrggbb" (black when it is neither).
        init(hex: String) {
            var digits = String(hex.drop { $0 == "#" })
            if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
            let v = digits.count == 6 ? UInt32(digits, radix: 16) ?? 0 : 0
            (r, g, b) = (UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
        }

        /// The colour of these channel values.
        init(r: UInt8, g: UInt8, b: UInt8) { (self.r, self.g, self.b) = (r, g, b) }
    }

    /// The size in pixels.
    let width: Int, height: Int
    /// Row-major RGB bytes.
    private(set) var pixels: [UInt8]
    /// Added to every coordinate drawn, so several charts can share one canvas.
    var offset = (x: 0.0, y: 0.0)
    /// Per-pixel ink coverage of the stroke being drawn, so that overlapping segments of one polyline do not
    /// darken their joints by blending twice.
    private var coverage: [Float]

    /// A `width` × `height` canvas filled with `background`.
    init(width: Int, height: Int, background: Color = .white) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        coverage = [Float](repeating: 0, count: width * height)
        for i in 0..<(width * height) { (pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) = (background.r, background.g, background.b) }
    }

    /// The image as a uint8 `(height, width, 3)` array, as `PNG.encode` takes it.
    var array: NDArray { NDArray(pixels, shape: [height, width, 3]) }

    /// The colour of pixel (`x`, `y`).
    func pixel(_ x: Int, _ y: Int) -> Color {
        let i = 3 * (y * width + x)
        return Color(r: pixels[i], g: pixels[i + 1], b: pixels[i + 2])
    }

    /// Mixes `color` into pixel (`x`, `y`) with opacity `alpha`; pixels off the canvas are ignored.
    private mutating func blend(_ x: Int, _ y: Int, _ color: Color, _ alpha: Float) {
        guard x >= 0, y >= 0, x < width, y < height, alpha > 0 else { return }
        let i = 3 * (y * width + x), a = Swift.min(alpha, 1)
        func mix(_ old: UInt8, _ new: UInt8) -> UInt8 { UInt8((Float(old) + (Float(new) - Float(old)) * a).rounded()) }
        pixels[i] = mix(pixels[i], color.r)
        pixels[i + 1] = mix(pixels[i + 1], color.g)
        pixels[i + 2] = mix(pixels[i + 2], color.b)
    }

    /// Draws the polyline through `points`, `lineWidth` pixels wide with round ends, following the SVG dash
    /// pattern `dash` (lengths of drawn and skipped stretches, repeated along the whole line) when there is one.
    mutating func stroke(_ points: [(x: Double, y: Double)], color: Color, lineWidth: Double, dash: [Double] = []) {
        let points = points.map { (x: $0.x + offset.x, y: $0.y + offset.y) }
        guard let first = points.first else { return }
        let half = lineWidth / 2, period = dash.reduce(0, +)
        var touched: [Int] = []
        var along = 0.0  // the length of line before the current segment, where the dash pattern stands
        // A single point still gets a round dot, as a zero-length segment.
        let segments = points.count == 1 ? [(first, first)] : Array(zip(points, points.dropFirst()))
        for (a, b) in segments {
            let dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy, length = length2.squareRoot()
            let reach = half + 1
            let xs = Int((Swift.min(a.x, b.x) - reach).rounded(.down))...Int((Swift.max(a.x, b.x) + reach).rounded(.up))
            let ys = Int((Swift.min(a.y, b.y) - reach).rounded(.down))...Int((Swift.max(a.y, b.y) + reach).rounded(.up))
            for py in ys where py >= 0 && py < height {
                for px in xs where px >= 0 && px < width {
                    // The distance from the pixel's centre to the nearest point of the segment, at fraction t.
                    let cx = Double(px) + 0.5 - a.x, cy = Double(py) + 0.5 - a.y
                    let t = length2 > 0 ? Swift.min(Swift.max((cx * dx + cy * dy) / length2, 0), 1) : 0
                    let ex = cx - t * dx, ey = cy - t * dy
                    let d = (ex * ex + ey * ey).squareRoot()
                    // Full ink within the line, fading to none over the pixel straddling its edge.
                    var ink = Float(Swift.min(Swift.max(half + 0.5 - d, 0), 1))
                    if ink > 0, period > 0, !RasterCanvas.inDash(along + t * length, dash, period) { ink = 0 }
                    let i = py * width + px
                    if ink > coverage[i] {
                        if coverage[i] == 0 { touched.append(i) }
                        coverage[i] = ink
                    }
                }
            }
            along += length
        }
        for i in touched {
            blend(i % width, i / width, color, coverage[i])
            coverage[i] = 0
        }
    }

    /// Whether the point `distance` along a line falls in a drawn stretch of `dash`, whose lengths sum to `period`.
    private static func inDash(_ distance: Double, _ dash: [Double], _ period: Double) -> Bool {
        var rest = distance.truncatingRemainder(dividingBy: period)
        for (k, length) in dash.enumerated() {
            if rest < length { return k % 2 == 0 }
            rest -= length
        }
        return false
    }

    /// Draws the one-pixel line `segment` on whole pixels, so horizontal and vertical rules stay sharp instead of
    /// spreading half-tone over two rows.
    mutating func rule(_ segment: ChartLayout.Segment, color: Color) {
        func snap(_ v: Double) -> Double { v.rounded(.down) + 0.5 }
        stroke([(snap(segment.x1), snap(segment.y1)), (snap(segment.x2), snap(segment.y2))], color: color, lineWidth: 1)
    }

    /// A filled disc of `radius` pixels centred on `center`, with an anti-aliased rim.
    mutating func dot(_ center: (x: Double, y: Double), radius: Double, color: Color) {
        stroke([center], color: color, lineWidth: 2 * radius)
    }

    /// Writes `label` in the bitmap font, placed as its anchor says.
    mutating func text(_ label: ChartLayout.Label, color: Color) {
        let width = Double(BitmapFont.width(of: label.text))
        let left = switch label.anchor {
        case .start: label.x
        case .middle: label.x - width / 2
        case .end: label.x - width
        }
        BitmapFont.forEachPixel(of: label.text, x: Int((left + offset.x).rounded()),
                                baseline: Int((label.baseline + offset.y).rounded())) { blend($0, $1, color, 1) }
    }
}
