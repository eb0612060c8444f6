import Foundation

/// Draws the LogReport's values of `keys` against `xKey` as an SVG line chart in the output directory (Chainer's
/// `PlotReport`, written as SVG so no plotting program is needed). Redrawn whenever the log grows.
public final class PlotReport: Extension {
    /// The plotted keys.
    public let keys: [String]
    /// The key of the horizontal axis ("epoch" or "iteration").
    public let xKey: String
    /// The file name inside the output directory.
    public let filename: String
    private let logReportName: String
    private var plotted = 0

    /// Plots `keys` from the LogReport named `logReport` into `out/filename`.
    public init(_ keys: [String], xKey: String = "epoch", filename: String = "plot.svg", logReport: String = "LogReport") {
        self.keys = keys
        self.xKey = xKey
        self.filename = filename
        logReportName = logReport
    }

    /// Redraws when the log has new entries.
    public override func callAsFunction(_ trainer: Trainer) throws {
        guard let logReport = trainer.getExtension(logReportName) as? LogReport else {
            preconditionFailure("PlotReport: no LogReport named \(logReportName) is registered with the trainer")
        }
        guard logReport.log.count > plotted else { return }
        plotted = logReport.log.count
        try Data(svg(logReport.log).utf8).write(to: trainer.out.appendingPathComponent(filename), options: .atomic)
    }

    /// The chart of `log` as SVG text.
    public func svg(_ log: [LogReport.Entry]) -> String {
        let width = 640.0, height = 420.0, left = 70.0, right = 20.0, top = 20.0, bottom = 90.0
        let series = keys.map { key in log.compactMap { e -> (Double, Double)? in
            guard let x = e[xKey], let y = e[key], x.isFinite, y.isFinite else { return nil }
            return (x, y)
        } }
        let points = series.flatMap { $0 }
        var (x0, x1) = (points.map(\.0).min() ?? 0, points.map(\.0).max() ?? 1)
        var (y0, y1) = (points.map(\.1).min() ?? 0, points.map(\.1).max() ?? 1)
        if x1 <= x0 { x0 -= 0.5; x1 += 0.5 }
        if y1 <= y0 { y0 -= 0.5; y1 += 0.5 }
        let pw = width - left - right, ph = height - top - bottom
        func sx(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func sy(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * ph }
        let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <rect x="\(left)" y="\(top)" width="\(pw)" height="\(ph)" fill="none" stroke="black"/>

        """
        for i in 0...4 {
            let fy = Double(i) / 4, fx = Double(i) / 4
            let yv = y0 + fy * (y1 - y0), xv = x0 + fx * (x1 - x0)
            out += "<line x1=\"\(left)\" y1=\"\(sy(yv))\" x2=\"\(left + pw)\" y2=\"\(sy(yv))\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(left - 6)\" y=\"\(sy(yv) + 4)\" text-anchor=\"end\">\(PythonFormat.g(yv))</text>\n"
            out += "<text x=\"\(sx(xv))\" y=\"\(top + ph + 16)\" text-anchor=\"middle\">\(PythonFormat.g(xv))</text>\n"
        }
        out += "<text x=\"\(left + pw / 2)\" y=\"\(top + ph + 34)\" text-anchor=\"middle\">\(escape(xKey))</text>\n"
        for (k, (key, pts)) in zip(keys, series).enumerated() {
            let color = colors[k % colors.count]
            if !pts.isEmpty {
                let path = pts.map { "\(sx($0.0)),\(sy($0.1))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
                for p in pts { out += "<circle cx=\"\(sx(p.0))\" cy=\"\(sy(p.1))\" r=\"2.5\" fill=\"\(color)\"/>\n" }
            }
            let ly = top + ph + 52 + Double(k / 2) * 16, lx = left + Double(k % 2) * pw / 2
            out += "<line x1=\"\(lx)\" y1=\"\(ly - 4)\" x2=\"\(lx + 20)\" y2=\"\(ly - 4)\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(lx + 26)\" y=\"\(ly)\">\(escape(key))</text>\n"
        }
        return out + "</svg>\n"
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
