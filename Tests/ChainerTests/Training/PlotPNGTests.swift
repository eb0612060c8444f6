import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// PlotReport's PNG charts: the file, the pixels the rasteriser lights, and the bitmap font.
@Suite struct PlotPNGTests {
    /// The colour of pixel (x, y) of a decoded `(height, width, 3)` image.
    private func pixel(_ image: [UInt8], width: Int, _ x: Int, _ y: Int) -> RasterCanvas.Color {
        let i = 3 * (y * width + x)
        return RasterCanvas.Color(r: image[i], g: image[i + 1], b: image[i + 2])
    }

    @Test func aPNGNameGivesAPNGOfTheSeriesColours() throws {
        let (train, test) = try fixtureDatasets()
        let out = temporaryOutput()
        let (trainer, _, _) = withSeed(7) {
            fixtureTrainer(train: train, test: test, stop: IntervalTrigger(3, .epoch), out: out)
        }
        trainer.extend(PlotReport(["main/loss", "validation/main/loss"], xKey: "epoch", filename: "loss.png"))
        try withSeed(7) { try trainer.run() }
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/loss.png"))
        #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let image = try PNG.decode(data)
        #expect(image.dtype == .uint8 && image.shape == [420, 640, 3])
        let bytes = image.asArray(UInt8.self)
        let colours = Set((0..<(420 * 640)).map { pixel(bytes, width: 640, $0 % 640, $0 / 640) })
        #expect(colours.contains(RasterCanvas.Color(hex: "#1f77b4")))  // main/loss
        #expect(colours.contains(RasterCanvas.Color(hex: "#ff7f0e")))  // validation/main/loss
        #expect(colours.contains(.black))  // frame, ticks and text
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.contains("loss") } == ["loss.png"])
    }

    @Test func variableStatisticsPlotWritesAPNGForAPNGName() throws {
        let (train, test) = try fixtureDatasets()
        let out = temporaryOutput()
        let (trainer, model, _) = withSeed(8) {
            fixtureTrainer(train: train, test: test, stop: IntervalTrigger(4, .iteration), out: out)
        }
        trainer.extend(VariableStatisticsPlot(model, percentileSigmas: [0, 50, 100], trigger: (2, .iteration),
                                              filename: "statistics.png"))
        try withSeed(8) { try trainer.run() }
        let image = try PNG.read(URL(fileURLWithPath: out + "/statistics.png"))
        #expect(image.shape == [420, 1280, 3])  // the data and gradient panels side by side
    }

    @Test func theExtensionChoosesTheFormatAndKeepsItsTrigger() {
        #expect(PlotReport(["a"], filename: "a.png").writesPNG)
        #expect(PlotReport(["a"], filename: "A.PNG").writesPNG)
        #expect(!PlotReport(["a"], filename: "a.svg").writesPNG)
        #expect(!PlotReport(["a"], filename: "png").writesPNG)
        // Chainer's defaults: plot.png against the iteration; the extension runs every iteration (its own trigger
        // says when to add points).
        #expect(PlotReport(["a"]).writesPNG && PlotReport(["a"]).filename == "plot.png" && PlotReport(["a"]).xKey == "iteration")
        #expect(PlotReport(["a"], trigger: (50, .iteration)).defaultTrigger == (1, .iteration))
    }

    /// Chainer 7.8.1's PlotReport(['x'], trigger=(2, 'iteration')) with `x = iteration` reported every iteration and
    /// no LogReport: the means of each pair of iterations, at iterations 2, 4, …, 10.
    @Test func thePlotAveragesOverItsOwnTriggerWithoutALogReport() throws {
        let out = temporaryOutput()
        let trainer = Trainer(CountingUpdater(iterationsPerEpoch: 4), stop: (10, .iteration), out: out)
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { t in report(["x": Double(t.updater.iteration)]) })
        let plot = PlotReport(["x"], trigger: (2, .iteration), filename: "p.svg")
        trainer.extend(plot)
        try trainer.run()
        #expect(plot.data["x"]!.map { [$0.x, $0.y] } == [[2, 1.5], [4, 3.5], [6, 5.5], [8, 7.5], [10, 9.5]])
        #expect(FileManager.default.fileExists(atPath: out + "/p.svg"))
        let restored = PlotReport(["x"], trigger: (2, .iteration), filename: "p.svg")
        try restored.loadStateDict(plot.stateDict())
        #expect(restored.data["x"]!.map { [$0.x, $0.y] } == plot.data["x"]!.map { [$0.x, $0.y] } && restored.svg() == plot.svg())
    }

    @Test func aStraightSeriesLightsThePixelsOnItsLine() throws {
        let log: [LogReport.Entry] = (1...5).map { ["epoch": Double($0), "a": Double($0)] }
        let report = PlotReport(["a"], xKey: "epoch", filename: "a.png")
        let image = report.image(log)
        #expect(image.shape == [420, 640, 3])
        let bytes = image.asArray(UInt8.self)
        let layout = ChartLayout(LineChart([LineChart.Series("a", log.map { ($0["epoch"]!, $0["a"]!) })], xLabel: "epoch"))
        let f = layout.frame
        let blue = RasterCanvas.Color(hex: "#1f77b4"), grid = RasterCanvas.Color(hex: ChartLayout.gridColor)
        // The line runs from the frame's bottom-left corner to its top-right one.
        #expect(layout.position((1, 1)) == (f.x, f.y + f.height))
        #expect(layout.position((5, 5)) == (f.x + f.width, f.y))
        var checked = 0
        for px in Int(f.x) + 4..<Int(f.x + f.width) - 4 {
            let y = f.y + f.height - (Double(px) + 0.5 - f.x) / f.width * f.height
            let py = Int(y.rounded(.down))
            #expect(pixel(bytes, width: 640, px, py) == blue, "column \(px)")
            // Five rows off the line, inside the frame, only the background or a grid line shows.
            for row in [py - 5, py + 5] where row > Int(f.y) && row < Int(f.y + f.height) {
                let other = pixel(bytes, width: 640, px, row)
                #expect(other == .white || other == grid, "column \(px), row \(row)")
            }
            checked += 1
        }
        #expect(checked > 500)
    }

    /// Ticks fall on round values inside the data's range, about five of them, labelled to the step's decimals.
    @Test func ticksAreRoundNumbers() {
        #expect(ChartLayout.roundTicks(0.302704, 2.29898).map(\.1) == ["0.5", "1.0", "1.5", "2.0"])
        #expect(ChartLayout.roundTicks(1, 20).map(\.1) == ["5", "10", "15", "20"])
        #expect(ChartLayout.roundTicks(0.9405, 0.9815).map(\.1) == ["0.95", "0.96", "0.97", "0.98"])
        #expect(ChartLayout.roundTicks(0, 10).map(\.0) == [0, 2.5, 5, 7.5, 10])
        #expect(ChartLayout.roundTicks(-1e-3, 1e-3).map(\.1) == ["-0.0010", "-0.0005", "0.0000", "0.0005", "0.0010"])
        #expect(ChartLayout.roundTicks(1, 1).isEmpty)
        #expect(ChartLayout.roundTicks(0, 100).map(\.1) == ["0", "25", "50", "75", "100"])
        #expect(ChartLayout.roundTicks(0, 1000).map(\.1) == ["0", "250", "500", "750", "1000"])
        #expect(ChartLayout.roundTicks(0, 4e12).map(\.1) == ["0", "1e+12", "2e+12", "3e+12", "4e+12"])
        #expect(ChartLayout.roundTicks(-1e308, 1e308).isEmpty && ChartLayout.roundTicks(0, Double.leastNonzeroMagnitude).isEmpty)
    }

    @Test func aDashedSeriesLeavesGaps() {
        // The range 0...3 puts the dashed line at a third of the height, clear of the grid lines at quarters.
        var chart = LineChart([LineChart.Series("flat", [(0, 1), (1, 1)], dash: "4,4"),
                               LineChart.Series("low", [(0, 0), (1, 0)]), LineChart.Series("high", [(0, 3), (1, 3)])],
                              xLabel: "x")
        chart.width = 200
        let bytes = chart.raster().asArray(UInt8.self)
        let layout = ChartLayout(chart)
        let row = Int(layout.position((0, 1)).y.rounded(.down))
        let blue = RasterCanvas.Color(hex: "#1f77b4")
        let lit = (Int(layout.frame.x) + 8..<Int(layout.frame.x + layout.frame.width) - 8).map {
            pixel(bytes, width: 200, $0, row) == blue
        }
        // Four pixels drawn, four skipped, all along.
        #expect(lit.filter { $0 }.count > lit.count / 3 && lit.filter { !$0 }.count > lit.count / 3)
        #expect(zip(lit, lit.dropFirst()).filter { $0 != $1 }.count > lit.count / 5)
        #expect(LineChart.dashLengths("4,3") == [4, 3] && LineChart.dashLengths("1") == [1, 1])
        #expect(LineChart.dashLengths(nil).isEmpty && LineChart.dashLengths("0,0").isEmpty)
    }

    @Test func chartsSideBySideEachGetTheirOwnPanel() {
        // A single point is drawn as a dot at the centre of its chart's frame.
        let chart = LineChart([LineChart.Series("one", [(1, 1)])], xLabel: "x")
        let image = LineChart.raster([chart, chart])
        #expect(image.shape == [420, 1280, 3])
        let bytes = image.asArray(UInt8.self)
        let centre = ChartLayout(chart).position((1, 1))
        let blue = RasterCanvas.Color(hex: "#1f77b4")
        #expect(pixel(bytes, width: 1280, Int(centre.x), Int(centre.y)) == blue)
        #expect(pixel(bytes, width: 1280, 640 + Int(centre.x), Int(centre.y)) == blue)
    }

    @Test func theBitmapFontDrawsPrintableASCII() {
        var inked: [(Int, Int)] = []
        BitmapFont.forEachPixel(of: "-", x: 10, baseline: 20) { inked.append(($0, $1)) }
        #expect(inked.map(\.0) == [10, 11, 12, 13, 14] && inked.allSatisfy { $0.1 == 16 })
        // Every printable character but the space has ink, within its cell.
        for code in 0x21...0x7E {
            var cells: [(Int, Int)] = []
            BitmapFont.forEachPixel(of: String(UnicodeScalar(UInt8(code))), x: 0, baseline: 7) { cells.append(($0, $1)) }
            #expect(!cells.isEmpty && cells.allSatisfy { (0..<5).contains($0.0) && (0..<8).contains($0.1) }, "\(code)")
        }
        #expect(BitmapFont.width(of: "") == 0 && BitmapFont.width(of: "loss") == 23)
        var unknown: [(Int, Int)] = [], question: [(Int, Int)] = []
        BitmapFont.forEachPixel(of: "é", x: 0, baseline: 7) { unknown.append(($0, $1)) }
        BitmapFont.forEachPixel(of: "?", x: 0, baseline: 7) { question.append(($0, $1)) }
        #expect(unknown.map(\.0) == question.map(\.0) && unknown.map(\.1) == question.map(\.1))
    }
}
