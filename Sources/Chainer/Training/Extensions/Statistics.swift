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

    /// Restores the sums and the trigger.
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        numerator = try state.double("_numerator")
        denominator = try state.double("_denominator")
        try trigger.loadStateDict(state.subState("trigger/"))
    }
}

/// Reports statistics of parameters and gradients as `<prefix/><name><param path>/<data|grad>/<statistic>`
/// (Chainer's `ParameterStatistics`; statistics mean, std, min, max and zeros).
public final class ParameterStatistics: Extension {
    private let links: [(String, Link)]
    private let prefix: String
    private let reportParams: Bool, reportGrads: Bool
    private let trigger: (Int, IntervalUnit)

    /// Watches `links`, each named (the name starts its keys; "" for none), every `trigger`.
    public init(_ links: [(String, Link)], reportParams: Bool = true, reportGrads: Bool = true, prefix: String = "",
                trigger: (Int, IntervalUnit) = (1, .epoch)) {
        self.links = links
        self.prefix = prefix
        self.reportParams = reportParams
        self.reportGrads = reportGrads
        self.trigger = trigger
    }

    /// Watches one link named `name`.
    public convenience init(_ link: Link, name: String = "main", reportParams: Bool = true, reportGrads: Bool = true,
                            prefix: String = "", trigger: (Int, IntervalUnit) = (1, .epoch)) {
        self.init([(name, link)], reportParams: reportParams, reportGrads: reportGrads, prefix: prefix, trigger: trigger)
    }

    /// Once per epoch unless given.
    public override var defaultTrigger: (Int, IntervalUnit) { trigger }
    /// Before readers.
    public override var priority: Int { Extension.priorityWriter }

    /// Reports the statistics.
    public override func callAsFunction(_ trainer: Trainer) throws {
        var values: [String: Double] = [:]
        for (name, link) in links {
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
                }
            }
        }
        report(values)
    }
}
