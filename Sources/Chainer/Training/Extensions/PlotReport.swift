import ChainerArray
import Foundation

/// Draws the LogReport's values of `keys` against `xKey` as a line chart in the output directory (Chainer's
/// `PlotReport`, drawn with no plotting program): a PNG image when `filename` ends in ".png", SVG otherwise.
/// Redrawn whenever the log has grown.
public final class PlotReport: Extension {
    /// The plotted keys.
    public let keys: [String]
    /// The key of the horizontal axis ("epoch" or "iteration").
    public let xKey: String
    /// The file name inside the output directory.
    public let filename: String
    private let trigger: (Int, IntervalUnit)
    private let logReportName: String
    private var plotted = 0
    /// The plotted points per key, kept for snapshots in Chainer's layout.
    private var points: [LineChart.Series] = []

    /// Plots `keys` from the LogReport named `logReport` into `out/filename` every `trigger`.
    public init(_ keys: [String], xKey: String = "epoch", trigger: (Int, IntervalUnit) = (1, .epoch),
                filename: String = "plot.svg", logReport: String = "LogReport") {
        self.keys = keys
        self.xKey = xKey
        self.trigger = trigger
        self.filename = filename
        logReportName = logReport
    }

    /// The trigger given at construction (every epoch unless told otherwise, as Chainer's).
    public override var defaultTrigger: (Int, IntervalUnit) { trigger }

    /// Whether the file is written as PNG rather than SVG.
    public var writesPNG: Bool { filename.lowercased().hasSuffix(".png") }

    /// Redraws when the log has new entries.
    public override func callAsFunction(_ trainer: Trainer) throws {
        guard let logReport = trainer.getExtension(logReportName) as? LogReport else {
            preconditionFailure("PlotReport: no LogReport named \(logReportName) is registered with the trainer")
        }
        guard logReport.log.count > plotted else { return }
        plotted = logReport.log.count
        let url = trainer.out.appendingPathComponent(filename)
        let drawn = chart(logReport.log)
        points = drawn.series
        if writesPNG {
            try PNG.write(drawn.raster(), to: url)
        } else {
            try Data(drawn.document().utf8).write(to: url, options: .atomic)
        }
    }

    private var stateKey: String { "_plot_" + filename }

    /// Chainer's `_plot_<filename>`: the points as JSON text, `{"main/loss": [[1, 0.3], …], …}`, so Chainer resumes
    /// from these snapshots. Loading ignores it: the plot is redrawn from the restored LogReport.
    public override func stateDict() -> [String: NDArray] {
        let body = points.map { s in
            LogReport.jsonString(s.name) + ": [" + s.points.map { "[\(PythonFormat.jsonCount($0.0)), \(PythonFormat.jsonFloat($0.1))]" }
                .joined(separator: ", ") + "]"
        }
        return [stateKey: NDArray(Array(("{" + body.joined(separator: ", ") + "}").utf8))]
    }

    /// `_plot_<filename>`.
    public override var textStateKeys: Set<String> { [stateKey] }

    /// The chart of `log` as SVG text.
    public func svg(_ log: [LogReport.Entry]) -> String { chart(log).document() }

    /// The chart of `log` as a uint8 `(height, width, 3)` RGB image.
    public func image(_ log: [LogReport.Entry]) -> NDArray { chart(log).raster() }

    /// One series per key, of the entries that hold both it and `xKey`.
    private func chart(_ log: [LogReport.Entry]) -> LineChart {
        let series = keys.map { key in
            LineChart.Series(key, log.compactMap { e in e[xKey].flatMap { x in e[key].map { (x, $0) } } })
        }
        return LineChart(series, xLabel: xKey)
    }
}
