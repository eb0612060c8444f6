import Foundation

/// A line chart drawn with no plotting program, as SVG text or (see `ChartRaster.swift`) as an RGB image: axes with
/// five ticks, one polyline with markers per series, and a legend. PlotReport and VariableStatisticsPlot draw with it.
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
        let layout = ChartLayout(self)
        let f = layout.frame
        // The grid goes first so that the frame covers the grid lines on its edges.
        var out = layout.gridlines.map { LineChart.line($0, stroke: ChartLayout.gridColor) }.joined()
        out += "<rect x=\"\(f.x)\" y=\"\(f.y)\" width=\"\(f.width)\" height=\"\(f.height)\" fill=\"none\" stroke=\"black\"/>\n"
        for t in layout.tickMarks { out += LineChart.line(t, stroke: "black") }
        for label in layout.labels { out += LineChart.text(label) }
        for (k, s) in series.enumerated() {
            let color = ChartLayout.color(k)
            let dash = s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            if !s.points.isEmpty {
                let points = s.points.map(layout.position)
                let path = points.map { "\($0.x),\($0.y)" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(dash) points=\"\(path)\"/>\n"
                for p in points { out += "<circle cx=\"\(p.x)\" cy=\"\(p.y)\" r=\"2.5\" fill=\"\(color)\"/>\n" }
            }
            let entry = layout.legend[k]
            out += LineChart.line(entry.swatch, stroke: color, extra: " stroke-width=\"2\"" + dash)
            out += LineChart.text(entry.label)
        }
        return out
    }

    /// An SVG `line` element.
    private static func line(_ s: ChartLayout.Segment, stroke: String, extra: String = "") -> String {
        "<line x1=\"\(s.x1)\" y1=\"\(s.y1)\" x2=\"\(s.x2)\" y2=\"\(s.y2)\" stroke=\"\(stroke)\"\(extra)/>\n"
    }

    /// An SVG `text` element.
    private static func text(_ label: ChartLayout.Label) -> String {
        let anchor = switch label.anchor {
        case .start: ""
        case .middle: " text-anchor=\"middle\""
        case .end: " text-anchor=\"end\""
        }
        let size = label.size == 12 ? "" : " font-size=\"\(PythonFormat.g(label.size))\""
        return "<text x=\"\(label.x)\" y=\"\(label.baseline)\"\(anchor)\(size)>\(escape(label.text))</text>\n"
    }

    /// Text with XML's special characters escaped.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
