import ChainerArray
import Foundation

/// Plots, every `trigger`, statistics of a link's parameters and of their gradients against the iteration: the
/// mean, mean ± std and the percentiles at `percentileSigmas` (Chainer's `VariableStatisticsPlot`, drawn with
/// `LineChart`, one panel for the data and one for the gradients, into `out/<filename>`: PNG when the name ends in
/// ".png", SVG otherwise).
public final class VariableStatisticsPlot: Extension {
    private let targets: () -> [Parameter]
    /// At most this many values (taken at an even stride, so no random draws disturb training) give the percentiles.
    public let maxSampleSize: Int
    /// Which panels are drawn.
    public let reportData: Bool, reportGrad: Bool
    /// Which lines are drawn.
    public let plotMean: Bool, plotStd: Bool
    /// The percentiles drawn, in percent.
    public let percentileSigmas: [Double]
    /// The file name inside the output directory.
    public let filename: String
    private let trigger: (Int, IntervalUnit)
    private var iterations: [Double] = []
    private var rows: [String: [[Double]]] = ["data": [], "grad": []]

    /// Watches every parameter of `link`.
    public convenience init(_ link: Link, maxSampleSize: Int = 1000, reportData: Bool = true, reportGrad: Bool = true,
                            plotMean: Bool = true, plotStd: Bool = true,
                            percentileSigmas: [Double] = [0, 0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87, 100],
                            trigger: (Int, IntervalUnit) = (1, .epoch), filename: String = "statistics.png") {
        self.init(parameters: { link.params() }, maxSampleSize: maxSampleSize, reportData: reportData,
                  reportGrad: reportGrad, plotMean: plotMean, plotStd: plotStd, percentileSigmas: percentileSigmas,
                  trigger: trigger, filename: filename)
    }

    /// Watches the given parameters (Chainer's list of variables).
    public convenience init(_ parameters: [Parameter], maxSampleSize: Int = 1000, reportData: Bool = true,
                            reportGrad: Bool = true, plotMean: Bool = true, plotStd: Bool = true,
                            percentileSigmas: [Double] = [0, 0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87, 100],
                            trigger: (Int, IntervalUnit) = (1, .epoch), filename: String = "statistics.png") {
        self.init(parameters: { parameters }, maxSampleSize: maxSampleSize, reportData: reportData,
                  reportGrad: reportGrad, plotMean: plotMean, plotStd: plotStd, percentileSigmas: percentileSigmas,
                  trigger: trigger, filename: filename)
    }

    /// Watches the parameters `parameters` returns at each draw.
    public init(parameters: @escaping () -> [Parameter], maxSampleSize: Int = 1000, reportData: Bool = true,
                reportGrad: Bool = true, plotMean: Bool = true, plotStd: Bool = true,
                percentileSigmas: [Double] = [0, 0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87, 100],
                trigger: (Int, IntervalUnit) = (1, .epoch), filename: String = "statistics.png") {
        precondition(maxSampleSize >= 1, "VariableStatisticsPlot: maxSampleSize must be positive, got \(maxSampleSize)")
        precondition(percentileSigmas.allSatisfy { (0...100).contains($0) },
                     "VariableStatisticsPlot: percentiles must lie in 0...100, got \(percentileSigmas)")
        targets = parameters
        self.maxSampleSize = maxSampleSize
        self.reportData = reportData
        self.reportGrad = reportGrad
        self.plotMean = plotMean
        self.plotStd = plotStd
        self.percentileSigmas = percentileSigmas
        self.trigger = trigger
        self.filename = filename
    }

    /// The trigger given at construction.
    public override var defaultTrigger: (Int, IntervalUnit) { trigger }

    /// Records this iteration's statistics and redraws the image.
    public override func callAsFunction(_ trainer: Trainer) throws {
        let params = targets().filter(\.isInitialized)
        iterations.append(Double(trainer.updater.iteration))
        rows["data"]!.append(statistics(params.map(\.array)))
        rows["grad"]!.append(statistics(params.compactMap(\.grad)))
        let url = trainer.out.appendingPathComponent(filename)
        if filename.lowercased().hasSuffix(".png") {
            try PNG.write(image(), to: url)
        } else {
            try Data(svg().utf8).write(to: url, options: .atomic)
        }
    }

    /// Mean, std, then the percentiles of the values of `arrays` (NaN when there are none).
    func statistics(_ arrays: [NDArray]) -> [Double] {
        let values: [Double] = arrays.flatMap(\.scalars)
        guard !values.isEmpty else { return [Double](repeating: .nan, count: 2 + percentileSigmas.count) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var squares = 0.0
        for v in values { squares += (v - mean) * (v - mean) }
        let std = (squares / n).squareRoot()
        let stride = Swift.max(1, (values.count + maxSampleSize - 1) / maxSampleSize)
        let sample = Swift.stride(from: 0, to: values.count, by: stride).map { values[$0] }.sorted()
        return [mean, std] + linearPercentiles(sample, percentileSigmas)
    }

    /// The image as SVG text.
    public func svg() -> String { LineChart.document(charts()) }

    /// The image as a uint8 `(height, width, 3)` RGB array.
    public func image() -> NDArray { LineChart.raster(charts()) }

    /// One panel per reported kind.
    private func charts() -> [LineChart] {
        var charts: [LineChart] = []
        for (kind, shown) in [("data", reportData), ("grad", reportGrad)] where shown {
            let table = rows[kind]!
            func column(_ i: Int) -> [(x: Double, y: Double)] { zip(iterations, table.map { $0[i] }).map { ($0, $1) } }
            var series: [LineChart.Series] = []
            for (k, q) in percentileSigmas.enumerated() {
                series.append(LineChart.Series("\(PythonFormat.g(q))%", column(2 + k), dash: q == 50 ? nil : "4,3"))
            }
            if plotMean { series.append(LineChart.Series("mean", column(0))) }
            if plotStd {
                let mean = column(0), std = column(1)
                series.append(LineChart.Series("mean - std", zip(mean, std).map { ($0.x, $0.y - $1.y) }, dash: "1,3"))
                series.append(LineChart.Series("mean + std", zip(mean, std).map { ($0.x, $0.y + $1.y) }, dash: "1,3"))
            }
            charts.append(LineChart(series, xLabel: "iteration", title: kind))
        }
        return charts
    }

    /// The recorded statistics: `_iterations` (float64[n]) and `_data`, `_grad` (float64[n, 2 + percentiles]).
    public override func stateDict() -> [String: NDArray] {
        let width = 2 + percentileSigmas.count
        var s: [String: NDArray] = ["_iterations": NDArray(iterations, shape: [iterations.count])]
        for (kind, table) in rows { s["_" + kind] = NDArray(table.flatMap { $0 }, shape: [table.count, width]) }
        return s
    }

    /// Restores the recorded statistics.
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        guard let x = state["_iterations"] else { throw .missingKey("_iterations") }
        var restored: [String: [[Double]]] = [:]
        let width = 2 + percentileSigmas.count
        for kind in ["data", "grad"] {
            guard let table = state["_" + kind] else { throw .missingKey("_" + kind) }
            guard table.shape == [x.size, width] else {
                throw .badValue("_\(kind) has shape \(table.shape), expected [\(x.size), \(width)]")
            }
            let flat = table.astype(.float64).asArray(Double.self)
            restored[kind] = (0..<x.size).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
        }
        iterations = x.astype(.float64).asArray(Double.self)
        rows = restored
    }
}
