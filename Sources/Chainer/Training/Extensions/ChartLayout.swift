import Foundation

/// Where each part of a `LineChart` goes, in the chart's own pixel coordinates (y grows downwards), so that the
/// SVG and the PNG renderers draw the same picture.
struct ChartLayout {
    /// Which point of a text its position names.
    enum Anchor { case start, middle, end }

    /// A line of text placed by its baseline.
    struct Label {
        var text: String
        var x: Double, baseline: Double
        var anchor: Anchor
        /// The font size in pixels the SVG asks for (the PNG's bitmap font has one size).
        var size: Double = 12
    }

    /// A straight line from (x1, y1) to (x2, y2).
    struct Segment { var x1, y1, x2, y2: Double }

    /// One legend row: a short stroke in the series' colour and dash, then its name.
    struct LegendEntry {
        var swatch: Segment
        var label: Label
    }

    /// The series' colours, by index (the default matplotlib cycle, as Chainer's plots).
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    /// The horizontal grid lines' colour.
    static let gridColor = "#ddd"
    /// The length of a tick mark outside the frame.
    static let tickLength = 4.0

    /// The colour of series `k`.
    static func color(_ k: Int) -> String { palette[k % palette.count] }

    /// The framed plot area.
    let frame: (x: Double, y: Double, width: Double, height: Double)
    /// The data values at the frame's edges.
    private let xLow, xHigh, yLow, yHigh: Double
    /// One horizontal line per vertical-axis tick, across the frame.
    let gridlines: [Segment]
    /// The short marks outside the frame at each tick.
    let tickMarks: [Segment]
    /// The title, the tick values and the horizontal axis' name.
    let labels: [Label]
    /// One entry per series, in series order.
    let legend: [LegendEntry]

    /// The layout of `chart`: the frame spans the data; ticks and grid lines sit at round values inside it (about
    /// five per axis, as matplotlib places them), with a two-column legend under the axis.
    init(_ chart: LineChart) {
        let left = 70.0, right = 20.0, top = chart.title.isEmpty ? 20.0 : 36.0
        let legendRows = Double((chart.series.count + 1) / 2)
        let bottom = 56.0 + legendRows * 16
        let points = chart.series.flatMap(\.points)
        var (x0, x1) = (points.map(\.x).min() ?? 0, points.map(\.x).max() ?? 1)
        var (y0, y1) = (points.map(\.y).min() ?? 0, points.map(\.y).max() ?? 1)
        // A single value still needs a non-empty range to map onto the frame.
        if x1 <= x0 { x0 -= 0.5; x1 += 0.5 }
        if y1 <= y0 { y0 -= 0.5; y1 += 0.5 }
        xLow = x0; xHigh = x1; yLow = y0; yHigh = y1
        let pw = chart.width - left - right, ph = Swift.max(chart.height - top - bottom, 20)
        frame = (left, top, pw, ph)

        var gridlines: [Segment] = [], tickMarks: [Segment] = [], labels: [Label] = []
        if !chart.title.isEmpty { labels.append(Label(text: chart.title, x: left + pw / 2, baseline: 22, anchor: .middle, size: 14)) }
        for (yv, text) in Self.roundTicks(y0, y1) {
            let ty = top + (1 - (yv - y0) / (y1 - y0)) * ph
            gridlines.append(Segment(x1: left, y1: ty, x2: left + pw, y2: ty))
            tickMarks.append(Segment(x1: left - Self.tickLength, y1: ty, x2: left, y2: ty))
            labels.append(Label(text: text, x: left - Self.tickLength - 3, baseline: ty + 4, anchor: .end))
        }
        for (xv, text) in Self.roundTicks(x0, x1) {
            let tx = left + (xv - x0) / (x1 - x0) * pw
            tickMarks.append(Segment(x1: tx, y1: top + ph, x2: tx, y2: top + ph + Self.tickLength))
            labels.append(Label(text: text, x: tx, baseline: top + ph + 16, anchor: .middle))
        }
        labels.append(Label(text: chart.xLabel, x: left + pw / 2, baseline: top + ph + 34, anchor: .middle))
        self.gridlines = gridlines
        self.tickMarks = tickMarks
        self.labels = labels
        legend = chart.series.enumerated().map { k, s in
            let ly = top + ph + 52 + Double(k / 2) * 16, lx = left + Double(k % 2) * pw / 2
            return LegendEntry(swatch: Segment(x1: lx, y1: ly - 4, x2: lx + 20, y2: ly - 4),
                               label: Label(text: s.name, x: lx + 26, baseline: ly, anchor: .start))
        }
    }

    /// Tick values inside `low...high` at a round step (1, 2, 2.5 or 5 times a power of ten): the largest such step
    /// that still gives four ticks, as matplotlib's default locator picks. Each label is written to the step's
    /// decimals ("0.5", "1.0", "1.5").
    static func roundTicks(_ low: Double, _ high: Double) -> [(Double, String)] {
        guard high > low, low.isFinite, high.isFinite else { return [] }
        let magnitude = pow(10, log10(high - low).rounded(.down))
        // A span past Double's range (overflowing, or subnormal) gets no ticks rather than a trap.
        guard magnitude.isNormal, magnitude.isFinite else { return [] }
        func span(_ step: Double) -> (first: Double, last: Double) {
            ((low / step - 1e-9).rounded(.up), (high / step + 1e-9).rounded(.down))
        }
        let candidates = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10].map { $0 * magnitude }
        let step = candidates.last { let s = span($0); return s.last - s.first + 1 >= 4 } ?? candidates[0]
        let (first, last) = span(step)
        let exponent = Int((log10(step) + 1e-9).rounded(.down))
        // 2.5, 0.25, …: one more decimal than the power of ten (25 and 250 need none).
        let quarter = abs(step / pow(10, Double(exponent)) - 2.5) < 1e-9 && exponent <= 0
        let decimals = Swift.max(0, -exponent) + (quarter ? 1 : 0)
        return stride(from: first, through: last, by: 1).map { k in
            let v = k == 0 ? 0 : k * step
            // Very large or small values are written as %g would write them, not as long runs of digits.
            let text = (-4...6).contains(exponent) ? String(format: "%.\(decimals)f", v) : PythonFormat.g(v)
            return (v, text)
        }
    }

    /// Where the data point `p` is drawn.
    func position(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
        (frame.x + (p.x - xLow) / (xHigh - xLow) * frame.width, frame.y + (1 - (p.y - yLow) / (yHigh - yLow)) * frame.height)
    }
}
