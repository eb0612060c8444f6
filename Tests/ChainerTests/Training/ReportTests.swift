import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// Expected strings come from Python (scripts/fixtures/training_refs.py): `repr`, `json.dumps(indent=4)` and
/// Chainer 7's PrintReport templates.
@Suite struct ReportTests {
    @Test func floatsAreWrittenAsPythonReprs() {
        let values: [Double] = [0.1, 1e-05, 1e16, 1e15, 123456789.123, 2.5e-5, 0.0001, 100.0, 1.0 / 3, -2.75, Double.leastNonzeroMagnitude,
                                1.7976931348623157e308, 12345678901234567.0]
        let python = ["0.1", "1e-05", "1e+16", "1000000000000000.0", "123456789.123", "2.5e-05", "0.0001", "100.0",
                      "0.3333333333333333", "-2.75", "5e-324", "1.7976931348623157e+308", "1.2345678901234568e+16"]
        #expect(values.map(PythonFormat.jsonFloat) == python)
        #expect(PythonFormat.jsonFloat(.nan) == "NaN")
    }

    @Test func logJSONMatchesChainersLayout() {
        let entry: LogReport.Entry = ["main/accuracy": 0.5, "main/loss": 0.123456789, "validation/main/loss": 1e-05,
                                      "epoch": 1, "iteration": 10, "elapsed_time": 1.5]
        let python = "[\n    {\n        \"main/accuracy\": 0.5,\n        \"main/loss\": 0.123456789,\n        \"validation/main/loss\": 1e-05,\n        \"epoch\": 1,\n        \"iteration\": 10,\n        \"elapsed_time\": 1.5\n    }\n]"
        #expect(LogReport.json([entry]) == python)
        #expect(LogReport.json([]) == "[]")
    }

    @Test func printReportTable() {
        let report = PrintReport(["epoch", "main/loss", "validation/main/accuracy", "elapsed_time"], out: TextCollector().sink)
        #expect(report.header == "epoch       main/loss   validation/main/accuracy  elapsed_time\n")
        #expect(report.row(["epoch": 1, "main/loss": 0.123456789, "elapsed_time": 1234567.5])
                == "1           0.123457                              1.23457e+06   \n")
    }

    @Test func logReportAveragesObservationsPerInterval() throws {
        let updater = CountingUpdater(iterationsPerEpoch: 2)
        let out = temporaryOutput()
        let trainer = Trainer(updater, stop: (2, .epoch), out: out)
        trainer.extend(LambdaExtension(priority: Extension.priorityWriter) { t in
            report(["value": Double(t.updater.iteration)])
        })
        let log = LogReport()
        trainer.extend(log)
        let text = TextCollector()
        trainer.extend(PrintReport(["epoch", "iteration", "value"], out: text.sink))
        trainer.extend(PlotReport(["value", "missing"], filename: "value.svg"))
        try trainer.run()
        let svg = try String(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("value.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        let polylines = svg.components(separatedBy: "<polyline").dropFirst()
        #expect(polylines.count == 1)
        #expect(polylines.first!.components(separatedBy: "points=\"")[1].split(separator: "\"")[0].split(separator: " ").count == 2)
        #expect(svg.contains(">missing</text>"))
        #expect(log.log.count == 2)
        #expect(log.log[0]["value"] == 1.5 && log.log[1]["value"] == 3.5)
        #expect(log.log.map { $0["epoch"]! } == [1, 2] && log.log.map { $0["iteration"]! } == [2, 4])
        let data = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("log"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(Set(parsed[0].keys) == ["value", "epoch", "iteration", "elapsed_time"])
        #expect(parsed[1]["iteration"] as? Int == 4)
        let lines = text.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0] == "epoch       iteration   value     ")
        #expect(lines[1] == "1           2           1.5         ")
        #expect(lines[2] == "2           4           3.5         ")
    }

    @Test func progressBarWritesPlainLinesOffTerminal() throws {
        let trainer = Trainer(CountingUpdater(iterationsPerEpoch: 10), stop: (3, .epoch), out: temporaryOutput())
        let text = TextCollector()
        trainer.extend(ProgressBar(updateInterval: 10, out: text.sink))
        try trainer.run()
        let lines = text.text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("total 33.33%, this epoch  0.00%, 10 iter, 1 epoch / 3 epochs,"))
        #expect(lines[2].hasPrefix("total 100.00%"))
        #expect(!text.text.contains("\u{1B}"))
    }
}
