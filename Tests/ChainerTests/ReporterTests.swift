import Testing
@testable import Chainer

@Suite struct ReporterTests {
    final class Observer {}

    @Test func observerNamesPrefixReports() {
        let reporter = Reporter()
        let main = Observer()
        reporter.addObserver("main", main)
        let (_, observation) = reporter.scope {
            report(["loss": 0.5], observer: main)
            report(["lr": 0.1])
            report(["accuracy": Variable(NDArray(scalar: 0.75))], observer: main)
            report(["n": 2, "x": Variable(NDArray(scalar: 0.25))], main)   // Chainer's positional observer
        }
        #expect(observation == ["main/loss": 0.5, "lr": 0.1, "main/accuracy": 0.75, "main/n": 2, "main/x": 0.25])
        #expect(reporter.observation.isEmpty)
    }

    @Test func reportOutsideAScopeIsIgnored() {
        report(["x": 1])
        let (_, obs) = reportScope { report(["y": 2]) }
        #expect(obs == ["y": 2])
    }

    @Test func summaries() {
        var s = Summary()
        for v in [1.0, 2, 3, 4] { s.add(v) }
        #expect(s.computeMean() == 2.5)
        #expect(Swift.abs(s.makeStatistics().std - 1.118033988749895) < 1e-12)
        var d = DictSummary()
        d.add(["a": 1, "b": 10])
        d.add(["a": 3])
        #expect(d.computeMean() == ["a": 2, "b": 10])
    }

    @Test func graphExportNamesFunctionsAndVariables() {
        let x = Variable(NDArray.ones([2, 3]), name: "x")
        let y = F.sum(F.tanh(x) * 2.0)
        let g = buildComputationalGraph([y])
        #expect(g.functions.map(\.label).sorted() == ["MulConstant", "Sum", "Tanh"])
        #expect(g.variables.count == 4)
        let dot = g.dump()
        #expect(dot.hasPrefix("digraph"))
        #expect(dot.contains("label=\"x: (2, 3), float32\""))
    }

    @Test func hooksSeeEveryFunction() {
        let timer = FunctionHooks.TimerHook()
        var lines: [String] = []
        let printer = FunctionHooks.PrintHook { lines.append($0) }
        FunctionHooks.using(timer) {
            FunctionHooks.using(printer) { _ = F.relu(Variable(NDArray.ones([2]))) + 1.0 }
        }
        #expect(timer.callHistory.map(\.0) == ["ReLU", "AddConstant"])
        #expect(lines.first == "function ReLU: inputs [[2] float32]")
        #expect(timer.totalTime() >= 0)
    }
}
