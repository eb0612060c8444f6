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
        let series = keys.map { key in
            LineChart.Series(key, log.compactMap { e in e[xKey].flatMap { x in e[key].map { (x, $0) } } })
        }
        return LineChart(series, xLabel: xKey).document()
    }
}
