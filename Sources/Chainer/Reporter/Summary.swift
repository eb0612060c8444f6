/// A running weighted mean and standard deviation of one value (Chainer's `reporter.Summary`).
public struct Summary: Sendable {
    var x = 0.0, x2 = 0.0, n = 0.0

    /// An empty summary.
    public init() {}

    /// Adds a value with a weight.
    public mutating func add(_ value: Double, weight: Double = 1) {
        x += weight * value
        x2 += weight * value * value
        n += weight
    }

    /// The weighted mean (NaN when empty).
    public func computeMean() -> Double { n == 0 ? .nan : x / n }

    /// The mean and the standard deviation.
    public func makeStatistics() -> (mean: Double, std: Double) {
        let mean = computeMean()
        let variance = n == 0 ? .nan : Swift.max(x2 / n - mean * mean, 0)
        return (mean, variance.squareRoot())
    }
}

/// Summaries of several named values (Chainer's `reporter.DictSummary`).
public struct DictSummary: Sendable {
    var summaries: [String: Summary] = [:]

    /// An empty summary.
    public init() {}

    /// Adds every value of an observation (infinities and NaN too, so a diverging loss shows in the log, as in
    /// Chainer).
    public mutating func add(_ observation: [String: Double]) {
        for (k, v) in observation { summaries[k, default: Summary()].add(v) }
    }

    /// The mean of each key.
    public func computeMean() -> [String: Double] { summaries.mapValues { $0.computeMean() } }

    /// The mean of each key, and its standard deviation under "key.std".
    public func makeStatistics() -> [String: Double] {
        var out: [String: Double] = [:]
        for (k, s) in summaries {
            let (m, sd) = s.makeStatistics()
            out[k] = m
            out[k + ".std"] = sd
        }
        return out
    }
}
