import Foundation

/// A line chart drawn as SVG with no plotting program: axes with five ticks, one polyline with markers per series,
/// and a legend. PlotReport and VariableStatisticsPlot draw with it.
public struct LineChart {
    /// One named line.
    public struct Series {
        /// The legend text.
        public var name: String
        /// The points, in drawing order (non-finite ones are dropped).
        public var points: [(x: Double, y: Double)]
        /// A dash pattern ("4,3"), or nil for a solid line.
        public var dash: String?

        /// A series named `name`.
        public init(_ name: String, _ points: [(x: Double, y: Double)], dash: String? = nil) {
            self.name = name
            self.points = points.filter { $0.x.isFinite && $0.y.isFinite }
            self.dash = dash
        }
    }

    /// The lines.
    public var series: [Series]
    /// The horizontal axis' label.
    public var xLabel: String
    /// A title above the plot area (none when empty).
    public var title: String
    /// The chart's size in pixels.
    public var width = 640.0, height = 420.0

    /// A chart of `series` against `xLabel`.
    public init(_ series: [Series], xLabel: String, title: String = "") {
        self.series = series
        self.xLabel = xLabel
        self.title = title
    }

    private static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]

    /// A complete SVG document holding this chart.
    public func document() -> String { LineChart.document([self]) }

    /// One SVG document with `charts` side by side.
    public static func document(_ charts: [LineChart]) -> String {
        let width = charts.reduce(0) { $0 + $1.width }, height = charts.map(\.height).max() ?? 0
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        var x = 0.0
        for chart in charts {
            out += "<svg x=\"\(x)\" y=\"0\" width=\"\(chart.width)\" height=\"\(chart.height)\">\n" + chart.body() + "</svg>\n"
            x += chart.width
        }
        return out + "</svg>\n"
    }

    /// The chart's elements, in its own coordinates.
    private func body() -> String {
        let left = 70.0, right = 20.0, top = title.isEmpty ? 20.0 : 36.0
        let legendRows = Double((series.count + 1) / 2)
        let bottom = 56.0 + legendRows * 16
        let points = series.flatMap(\.points)
        var (x0, x1) = (points.map(\.x).min() ?? 0, points.map(\.x).max() ?? 1)
        var (y0, y1) = (points.map(\.y).min() ?? 0, points.map(\.y).max() ?? 1)
        if x1 <= x0 { x0 -= 0.5; x1 += 0.5 }
        if y1 <= y0 { y0 -= 0.5; y1 += 0.5 }
        let pw = width - left - right, ph = Swift.max(height - top - bottom, 20)
        func sx(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func sy(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * ph }
        var out = ""
        if !title.isEmpty {
            out += "<text x=\"\(left + pw / 2)\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">\(LineChart.escape(title))</text>\n"
        }
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(pw)\" height=\"\(ph)\" fill=\"none\" stroke=\"black\"/>\n"
        for i in 0...4 {
            let f = Double(i) / 4
            let yv = y0 + f * (y1 - y0), xv = x0 + f * (x1 - x0)
            out += "<line x1=\"\(left)\" y1=\"\(sy(yv))\" x2=\"\(left + pw)\" y2=\"\(sy(yv))\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(left - 6)\" y=\"\(sy(yv) + 4)\" text-anchor=\"end\">\(PythonFormat.g(yv))</text>\n"
            out += "<text x=\"\(sx(xv))\" y=\"\(top + ph + 16)\" text-anchor=\"middle\">\(PythonFormat.g(xv))</text>\n"
        }
        out += "<text x=\"\(left + pw / 2)\" y=\"\(top + ph + 34)\" text-anchor=\"middle\">\(LineChart.escape(xLabel))</text>\n"
        for (k, s) in series.enumerated() {
            let color = LineChart.colors[k % LineChart.colors.count]
            let dash = s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            if !s.points.isEmpty {
                let path = s.points.map { "\(sx($0.x)),\(sy($0.y))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash) points=\"\(path)\"/>\n"
                for p in s.points { out += "<circle cx=\"\(sx(p.x))\" cy=\"\(sy(p.y))\" r=\"2.5\" fill=\"\(color)\"/>\n" }
            }
            let ly = top + ph + 52 + Double(k / 2) * 16, lx = left + Double(k % 2) * pw / 2
            out += "<line x1=\"\(lx)\" y1=\"\(ly - 4)\" x2=\"\(lx + 20)\" y2=\"\(ly - 4)\" stroke=\"\(color)\" stroke-width=\"2\"\(dash)/>\n"
            out += "<text x=\"\(lx + 26)\" y=\"\(ly)\">\(LineChart.escape(s.name))</text>\n"
        }
        return out
    }

    /// Text with XML's special characters escaped.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
