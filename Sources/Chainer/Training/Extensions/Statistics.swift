import ChainerArray

/// Reports `numerator / denominator` summed over an interval, as `resultKey` (Chainer's `MicroAverage`): e.g.
/// accuracy over a whole epoch from per-batch correct counts and batch sizes.
public final class MicroAverage: Extension {
    private let numeratorKey: String, denominatorKey: String, resultKey: String
    private let trigger: IntervalTrigger
    private var numerator = 0.0, denominator = 0.0

    /// Averages `numeratorKey` over `denominatorKey` every `trigger`.
    public init(_ numeratorKey: String, _ denominatorKey: String, _ resultKey: String, trigger: (Int, IntervalUnit) = (1, .epoch)) {
        self.numeratorKey = numeratorKey
        self.denominatorKey = denominatorKey
        self.resultKey = resultKey
        self.trigger = IntervalTrigger(trigger.0, trigger.1)
    }

    /// After writers, before readers.
    public override var priority: Int { Extension.priorityEditor }

    /// Accumulates; at the interval's end, reports the ratio.
    public override func callAsFunction(_ trainer: Trainer) throws {
        let observation = trainer.observation
        guard let n = observation[numeratorKey], let d = observation[denominatorKey] else { return }
        numerator += n
        denominator += d
        if trigger(trainer) {
            report([resultKey: numerator / denominator])
            numerator = 0
            denominator = 0
        }
    }

    /// Chainer's keys `_numerator`, `_denominator` and the trigger's.
    public override func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = ["_numerator": NDArray(numerator), "_denominator": NDArray(denominator)]
        s.merge(trigger.stateDict(), prefix: "trigger/")
        return s
    }

    /// Restores the sums and the trigger (Chainer saves only the sums: its snapshots leave the trigger as it is).
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        numerator = try state.double("_numerator")
        denominator = try state.double("_denominator")
        try state.loadSubState("trigger/", optional: true, into: trigger.loadStateDict)
    }
}

/// Reports statistics of parameters and gradients as `<prefix/><name><param path>/<data|grad>/<statistic>`
/// (Chainer's `ParameterStatistics`), where a link's name is, as Chainer's `link.name`, the attribute name it has in
/// its parent in the trained model ("predictor" for `L.Classifier`'s), or "None" for the model itself: mean, std, min, max, zeros and `percentile/0…6` (the ±3σ…0σ…+3σ points
/// of a normal distribution). They are taken every iteration and their means over each `trigger` interval are
/// reported, as in Chainer; the percentiles sort every watched array, so they cost time on large models.
public final class ParameterStatistics: Extension {
    private let links: [(String?, Link)]
    /// Chainer's `link.name` of each unnamed watched link, found in the trainer's models (on the first call).
    private var foundNames: [ObjectIdentifier: String]?
    private let prefix: String
    private let reportParams: Bool, reportGrads: Bool
    private let reportTrigger: IntervalTrigger
    private var summary = DictSummary()
    /// The percentiles reported, in percent (Chainer's).
    static let percentiles = [0.13, 2.28, 15.87, 50, 84.13, 97.72, 99.87]

    /// Watches `links`, each named (the name starts its keys; "" for none), reporting every `trigger`.
    public init(_ links: [(String, Link)], reportParams: Bool = true, reportGrads: Bool = true, prefix: String = "",
                trigger: (Int, IntervalUnit) = (1, .epoch)) {
        self.links = links.map { ($0.0, $0.1) }
        self.prefix = prefix
        self.reportParams = reportParams
        self.reportGrads = reportGrads
        reportTrigger = IntervalTrigger(trigger.0, trigger.1)
    }

    /// Watches `links` (Chainer's `ParameterStatistics([model.predictor, ...])`), each named as Chainer names it.
    public init(_ links: [Link], reportParams: Bool = true, reportGrads: Bool = true, prefix: String = "",
                trigger: (Int, IntervalUnit) = (1, .epoch)) {
        self.links = links.map { (nil, $0) }
        self.prefix = prefix
        self.reportParams = reportParams
        self.reportGrads = reportGrads
        reportTrigger = IntervalTrigger(trigger.0, trigger.1)
    }

    /// Watches one link, named `name` or, by default, as Chainer names it.
    public convenience init(_ link: Link, name: String? = nil, reportParams: Bool = true, reportGrads: Bool = true,
                            prefix: String = "", trigger: (Int, IntervalUnit) = (1, .epoch)) {
        if let name {
            self.init([(name, link)], reportParams: reportParams, reportGrads: reportGrads, prefix: prefix, trigger: trigger)
        } else {
            self.init([link], reportParams: reportParams, reportGrads: reportGrads, prefix: prefix, trigger: trigger)
        }
    }

    /// "parameter_statistics", Chainer's name (its snapshots' keys use it).
    public override var defaultName: String { "parameter_statistics" }
    /// Every iteration: the statistics are gathered each time and reported at the end of each interval.
    public override var defaultTrigger: (Int, IntervalUnit) { (1, .iteration) }
    /// Before readers.
    public override var priority: Int { Extension.priorityWriter }

    /// Adds this iteration's statistics; at the interval's end, reports their means.
    public override func callAsFunction(_ trainer: Trainer) throws {
        if foundNames == nil { foundNames = findNames(in: trainer) }
        summary.add(statistics())
        guard reportTrigger(trainer) else { return }
        report(summary.computeMean())
        summary = DictSummary()
    }

    /// Names each unnamed watched link after its property in the optimizers' targets (the last part of its path),
    /// as Chainer's `link.name`; a target itself stays "None".
    private func findNames(in trainer: Trainer) -> [ObjectIdentifier: String] {
        var names: [ObjectIdentifier: String] = [:]
        guard links.contains(where: { $0.0 == nil }) else { return names }
        for (_, optimizer) in trainer.updater.optimizers {
            guard let target = optimizer.target else { continue }
            for (path, link) in target.namedLinks(skipSelf: true) where names[ObjectIdentifier(link)] == nil {
                names[ObjectIdentifier(link)] = String(path.split(separator: "/").last ?? "None")
            }
        }
        return names
    }

    /// The statistics of the watched arrays now, by key.
    public func statistics() -> [String: Double] {
        var values: [String: Double] = [:]
        for (given, link) in links {
            let name = given ?? foundNames?[ObjectIdentifier(link)] ?? "None"
            for (path, p) in link.namedParams() where p.isInitialized && p.size > 0 {
                var kinds: [(String, NDArray)] = []
                if reportParams { kinds.append(("data", p.array)) }
                if reportGrads, let g = p.grad { kinds.append(("grad", g)) }
                for (kind, a) in kinds {
                    let base = (prefix.isEmpty ? "" : prefix + "/") + name + path + "/" + kind + "/"
                    let x = a.astype(.float64)
                    let mean = x.mean().item()
                    values[base + "mean"] = mean
                    values[base + "std"] = ((x - mean) * (x - mean)).mean().item().squareRoot()
                    values[base + "min"] = x.min().item()
                    values[base + "max"] = x.max().item()
                    values[base + "zeros"] = Double(x.scalars.filter { $0 == 0 }.count)
                    // NumPy's percentiles of an array holding NaN are all NaN.
                    let scalars = x.scalars
                    let points = scalars.contains(where: \.isNaN) ? Self.percentiles.map { _ in Double.nan }
                        : linearPercentiles(scalars.sorted(), Self.percentiles)
                    for (k, v) in points.enumerated() { values[base + "percentile/\(k)"] = v }
                }
            }
        }
        return values
    }

    /// The unreported interval's sums and the trigger's position.
    public override func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = [:]
        s.merge(summary.stateDict(), prefix: "_summary/")
        s.merge(reportTrigger.stateDict(), prefix: "_trigger/")
        return s
    }

    /// Restores the unreported interval and the trigger.
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        if state.keys.contains(where: { $0.hasPrefix("_summary/") }) {
            summary = try DictSummary(state: state.subState("_summary/"))
        }
        try reportTrigger.loadStateDict(state.subState("_trigger/"))
    }

    /// `_summary/_names`.
    public override var textStateKeys: Set<String> { Set(DictSummary.textStateKeys.map { "_summary/" + $0 }) }
}

/// The percentiles `qs` (in percent) of ascending `sorted` values, interpolated linearly between the two nearest
/// ranks as NumPy's default (NaN for no values).
func linearPercentiles(_ sorted: [Double], _ qs: [Double]) -> [Double] {
    guard !sorted.isEmpty else { return qs.map { _ in .nan } }
    return qs.map { q in
        let position = q / 100 * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = Swift.min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
