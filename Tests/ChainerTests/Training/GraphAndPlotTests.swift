import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Chainer
import ChainerArray

/// DumpGraph, unchainVariables, PlotReport's and VariableStatisticsPlot's images.
@Suite struct GraphAndPlotTests {
    /// The element names of an XML document, in order (nil when it does not parse).
    private func elements(_ url: URL) throws -> [String]? {
        final class Collector: NSObject, XMLParserDelegate {
            var names: [String] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String] = [:]) { names.append(name) }
        }
        let parser = XMLParser(data: try Data(contentsOf: url))
        let collector = Collector()
        parser.delegate = collector
        return parser.parse() ? collector.names : nil
    }

    @Test func dumpGraphWritesTheLossGraphOnce() throws {
        let (train, test) = try fixtureDatasets()
        let out = temporaryOutput()
        let (trainer, model, _) = withSeed(6) {
            fixtureTrainer(train: train, test: test, stop: IntervalTrigger(3, .iteration), out: out)
        }
        trainer.extend(dumpGraph("main/loss"))
        try withSeed(6) { try trainer.run() }
        let dot = try String(contentsOfFile: out + "/cg.dot", encoding: .utf8)
        #expect(dot.hasPrefix("digraph"))
        // The same graph built directly: as many function and variable nodes.
        let batch = concatExamples((0..<4).map { train[$0] })
        let loss = model(batch.map { Variable($0, requiresGrad: false) })
        let graph = buildComputationalGraph([loss])
        #expect(dot.components(separatedBy: "shape=\"record\"").count - 1 == graph.functions.count)
        #expect(dot.components(separatedBy: "shape=\"octagon\"").count - 1 == graph.variables.count)
        #expect(graph.functions.count >= 4)  // linear, relu, linear, softmax cross entropy
        // As in Chainer's dump, the labels feed SoftmaxCrossEntropy as an int32 variable.
        #expect(dot.contains("(4), int32"))
        #expect(!trainer.reporter.keepsGraphs && trainer.reporter.graphs.isEmpty)
    }

    @Test func dumpGraphOfAnUnreportedKeyFails() throws {
        let (train, test) = try fixtureDatasets()
        let (trainer, _, _) = withSeed(6) {
            fixtureTrainer(train: train, test: test, stop: IntervalTrigger(2, .iteration), out: temporaryOutput())
        }
        trainer.extend(dumpGraph("main/nothing"))
        #expect(throws: DumpGraph.MissingGraph.self) { try trainer.run() }
    }

    @Test func unchainVariablesReleasesTheKeptGraphsAfterTheReaders() throws {
        let (train, test) = try fixtureDatasets()
        let (trainer, _, _) = withSeed(6) {
            fixtureTrainer(train: train, test: test, stop: IntervalTrigger(2, .iteration), out: temporaryOutput())
        }
        trainer.reporter.keepsGraphs = true
        var before: [Int] = [], after: [Int] = []
        trainer.extend(LambdaExtension(name: "before", priority: Extension.priorityReader) { before.append($0.reporter.graphs.count) })
        trainer.extend(unchainVariables())
        trainer.extend(LambdaExtension(name: "after", priority: Extension.prioritySnapshot) { after.append($0.reporter.graphs.count) })
        try withSeed(6) { try trainer.run() }
        #expect(before == [2, 2])  // main/loss and main/accuracy
        #expect(after == [0, 0])
    }

    @Test func plotReportWritesAnSVGThatParses() throws {
        let (train, test) = try fixtureDatasets()
        let out = temporaryOutput()
        let (trainer, _, _) = withSeed(7) {
            fixtureTrainer(train: train, test: test, stop: IntervalTrigger(3, .epoch), out: out)
        }
        trainer.extend(PlotReport(["main/loss", "validation/main/loss"], filename: "loss.svg"))
        try withSeed(7) { try trainer.run() }
        let names = try #require(try elements(URL(fileURLWithPath: out + "/loss.svg")))
        #expect(names.first == "svg")
        #expect(names.filter { $0 == "polyline" }.count == 2)
        #expect(names.filter { $0 == "circle" }.count == 6)  // 3 epochs, 2 keys
    }

    @Test func variableStatisticsPlotDrawsDataAndGradients() throws {
        let (train, test) = try fixtureDatasets()
        let out = temporaryOutput()
        let (trainer, model, _) = withSeed(8) {
            fixtureTrainer(train: train, test: test, stop: IntervalTrigger(4, .iteration), out: out)
        }
        let plot = VariableStatisticsPlot(model, percentileSigmas: [0, 50, 100], trigger: (2, .iteration),
                                          filename: "statistics.svg")
        trainer.extend(plot)
        try withSeed(8) { try trainer.run() }
        let names = try #require(try elements(URL(fileURLWithPath: out + "/statistics.svg")))
        #expect(names.filter { $0 == "svg" }.count == 3)  // the document and its two panels
        #expect(names.filter { $0 == "polyline" }.count == 2 * 6)  // 3 percentiles, mean, mean ± std
        // The last row is the statistics of the final parameters.
        let state = plot.stateDict()
        #expect(state["_iterations"]!.asArray(Double.self) == [2, 4])
        let last = state["_data"]![1].asArray(Double.self)
        #expect(last == plot.statistics(model.params().map(\.array)))
        let restored = VariableStatisticsPlot(model, percentileSigmas: [0, 50, 100])
        try restored.loadStateDict(state)
        #expect(restored.svg() == plot.svg())
    }

    @Test func statisticsFollowNumPy() {
        let plot = VariableStatisticsPlot(parameters: { [] }, percentileSigmas: [0, 25, 50, 100])
        // numpy: mean 3, std sqrt(2), percentile([1..5], [0, 25, 50, 100]) = 1, 2, 3, 5.
        #expect(plot.statistics([NDArray([Float(5), 1, 4]), NDArray([Float(2), 3])]) == [3, 2.0.squareRoot(), 1, 2, 3, 5])
        #expect(plot.statistics([]).allSatisfy { $0.isNaN })
    }
}
