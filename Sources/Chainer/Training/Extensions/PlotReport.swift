import ChainerArray
import Foundation

/// Draws `keys` against `xKey` as a line chart in the output directory (Chainer's `PlotReport`, drawn with no
/// plotting program): a PNG image when `filename` ends in ".png", SVG otherwise. As Chainer's, it runs every
/// iteration, averages the observed keys over its own `trigger` interval (no LogReport needed), adds a point per key
/// at the interval's end and redraws.
///
/// ```swift
/// trainer.extend(PlotReport(["main/loss", "validation/main/loss"], xKey: "epoch", filename: "loss.png"))
/// ```
public final class PlotReport: Extension {
    /// The plotted keys.
    public let keys: [String]
    /// The key of the horizontal axis: "epoch", "iteration" or an observed key.
    public let xKey: String
    /// The file name inside the output directory.
    public let filename: String
    private let trigger: IntervalTrigger
    private var summary = DictSummary()
    /// The points so far, per key.
    public private(set) var data: [String: [(x: Double, y: Double)]]

    /// Plots `keys` (means over each `trigger` interval) against `xKey` into `out/filename`; Chainer's defaults.
    public init(_ keys: [String], xKey: String = "iteration", trigger: (Int, IntervalUnit) = (1, .epoch),
                filename: String = "plot.png") {
        self.keys = keys
        self.xKey = xKey
        self.trigger = IntervalTrigger(trigger.0, trigger.1)
        self.filename = filename
        data = Dictionary(uniqueKeysWithValues: keys.map { ($0, []) })
    }

    /// Every iteration: the plot's own trigger decides when to draw.
    public override var defaultTrigger: (Int, IntervalUnit) { (1, .iteration) }

    /// Whether the file is written as PNG rather than SVG.
    public var writesPNG: Bool { filename.lowercased().hasSuffix(".png") }

    /// Adds this iteration's values of the keys; at the interval's end, adds their means as points and redraws.
    public override func callAsFunction(_ trainer: Trainer) throws {
        let observation = trainer.observation
        summary.add(observation.filter { keys.contains($0.key) })
        guard trainer.isBeforeTraining || trigger(trainer) else { return }
        var stats = summary.computeMean()
        summary = DictSummary()
        stats["epoch"] = Double(trainer.updater.epoch)
        stats["iteration"] = Double(trainer.updater.iteration)
        guard let x = stats[xKey] else {
            preconditionFailure("PlotReport: the x key \(xKey) is neither epoch, iteration nor an observed key")
        }
        for key in keys { if let y = stats[key] { data[key, default: []].append((x, y)) } }
        let drawn = chart
        guard drawn.series.contains(where: { !$0.points.isEmpty }) else { return }
        let url = trainer.out.appendingPathComponent(filename)
        if writesPNG {
            try PNG.write(drawn.raster(), to: url)
        } else {
            try FileAccess.writeAtomically(Data(drawn.document().utf8), to: url)
        }
    }

    private var stateKey: String { "_plot_" + filename }

    /// Chainer's `_plot_<filename>`: the points as JSON text, `{"main/loss": [[1, 0.3], …], …}` (so either framework
    /// resumes from the other's snapshots); plus, ours only, the unfinished interval's sums and the trigger.
    public override func stateDict() -> [String: NDArray] {
        let body = keys.map { key in
            LogReport.jsonString(key) + ": [" + (data[key] ?? []).map { "[\(PythonFormat.jsonCount($0.x)), \(PythonFormat.jsonFloat($0.y))]" }
                .joined(separator: ", ") + "]"
        }
        var s: [String: NDArray] = [stateKey: NDArray(Array(("{" + body.joined(separator: ", ") + "}").utf8))]
        s.merge(summary.stateDict(), prefix: "_summary/")
        s.merge(trigger.stateDict(), prefix: "_trigger/")
        return s
    }

    /// `_plot_<filename>` and the summary's names.
    public override var textStateKeys: Set<String> { Set([stateKey] + DictSummary.textStateKeys.map { "_summary/" + $0 }) }

    /// Restores the points (and, from our snapshots, the interval's sums and the trigger).
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        guard let bytes = state[stateKey] else { throw .missingKey(stateKey) }
        guard let points = LogReport.decodePythonJSON([String: [[Double]]].self, Data(bytes.asArray(UInt8.self))),
              points.values.allSatisfy({ $0.allSatisfy { $0.count == 2 } }) else {
            throw .badValue("\(stateKey) is not a JSON object of [x, y] lists")
        }
        let restored = try state.subState("_summary/").isEmpty ? DictSummary() : DictSummary(state: state.subState("_summary/"))
        try state.loadSubState("_trigger/", optional: true, into: trigger.loadStateDict)
        summary = restored
        data = Dictionary(uniqueKeysWithValues: keys.map { key in (key, (points[key] ?? []).map { (x: $0[0], y: $0[1]) }) })
    }

    /// The chart of the points so far (or of a LogReport's `log`, when given) as SVG text.
    public func svg(_ log: [LogReport.Entry]? = nil) -> String { (log.map(chart(of:)) ?? chart).document() }

    /// The chart of the points so far (or of a LogReport's `log`, when given) as a uint8 `(height, width, 3)` image.
    public func image(_ log: [LogReport.Entry]? = nil) -> NDArray { (log.map(chart(of:)) ?? chart).raster() }

    private var chart: LineChart {
        LineChart(keys.map { LineChart.Series($0, (data[$0] ?? []).map { ($0.x, $0.y) }) }, xLabel: xKey)
    }

    /// One series per key, of the log entries that hold both it and `xKey`.
    private func chart(of log: [LogReport.Entry]) -> LineChart {
        LineChart(keys.map { key in LineChart.Series(key, log.compactMap { e in e[xKey].flatMap { x in e[key].map { (x, $0) } } }) },
                  xLabel: xKey)
    }
}
