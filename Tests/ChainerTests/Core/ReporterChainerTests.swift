import Foundation
import Testing
@testable import Chainer

/// Reporter, Summary and DictSummary against the values Chainer 7.8.1 gives (scripts/fixtures/chainer_reporter.py).
@Suite struct ReporterChainerTests {
    static func fixture() throws -> [String: Any] { try Fixture.raw("chainer_reporter") }
    static func doubles(_ v: Any?) -> [Double] { (v as! [Any]).map { ($0 as! NSNumber).doubleValue } }
    static func dict(_ v: Any?) -> [String: Double] { (v as! [String: Any]).mapValues { ($0 as! NSNumber).doubleValue } }

    @Test func weightedSummaryMatchesChainer() throws {
        let s = try Self.fixture()["summary"] as! [String: Any]
        var summary = Summary()
        for (v, w) in zip(Self.doubles(s["values"]), Self.doubles(s["weights"])) { summary.add(v, weight: w) }
        let expectedMean = (s["mean"] as! NSNumber).doubleValue, expectedStd = (s["std"] as! NSNumber).doubleValue
        #expect(Swift.abs(summary.computeMean() - expectedMean) < 1e-12)
        let stats = summary.makeStatistics()
        #expect(Swift.abs(stats.mean - expectedMean) < 1e-12)
        #expect(Swift.abs(stats.std - expectedStd) < 1e-12)
        #expect(Summary().computeMean().isNaN)
    }

    @Test func dictSummaryMatchesChainer() throws {
        let d = try Self.fixture()["dictSummary"] as! [String: Any]
        var summary = DictSummary()
        for o in d["observations"] as! [Any] { summary.add(Self.dict(o)) }
        let mean = summary.computeMean(), expectedMean = Self.dict(d["mean"])
        #expect(Set(mean.keys) == Set(expectedMean.keys))
        for (k, v) in expectedMean { #expect(Swift.abs(mean[k]! - v) < 1e-12, "\(k)") }
        let stats = summary.makeStatistics(), expectedStats = Self.dict(d["statistics"])
        #expect(Set(stats.keys) == Set(expectedStats.keys))
        for (k, v) in expectedStats { #expect(Swift.abs(stats[k]! - v) < 1e-12, "\(k)") }
    }

    @Test func observerPrefixesMatchChainer() throws {
        let expected = Self.dict(try Self.fixture()["reporter"])
        final class Link {}
        let reporter = Reporter()
        let model = Link(), head = Link()
        reporter.addObserver("main", model)
        reporter.addObservers(prefix: "main/", [("head", head)])
        let (_, observation) = reporter.scope {
            report(["loss": 0.5], observer: model)
            report(["acc": 0.25], observer: head)
            report(["lr": 0.1])
        }
        #expect(observation == expected)
    }

    @Test func nestedScopesKeepTheirOwnObservations() {
        let outer = Reporter(), inner = Reporter()
        let (_, outerObs) = outer.scope {
            report(["a": 1])
            let (_, innerObs) = inner.scope { report(["b": 2]) }
            #expect(innerObs == ["b": 2])
            #expect(Reporter.active === outer)
            report(["c": 3])
        }
        #expect(outerObs == ["a": 1, "c": 3])
        #expect(Reporter.active == nil)
    }

    @Test func variablesReportTheirValue() {
        let (_, obs) = reportScope {
            report(["loss": Variable(NDArray(scalar: 0.25, dtype: .float64))])
            report(["mean": Variable(NDArray([1.0, 2.0, 6.0]))])
        }
        #expect(obs == ["loss": 0.25, "mean": 3])
    }
}
