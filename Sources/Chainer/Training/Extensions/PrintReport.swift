/// Prints the entries of a LogReport's log as Chainer's aligned table: a header of the keys, each column
/// `max(10, len(key))` wide and separated by two spaces, and one row per log entry (`{:<Wg}` formatting).
public final class PrintReport: Extension {
    /// The printed keys, in column order.
    public let entries: [String]
    private let logReportName: String
    private let logReportGiven: LogReport?
    private let out: OutputSink
    private var headerPrinted = false
    private var printed = 0
    private let widths: [Int]

    /// Prints `entries` from the LogReport registered as `logReport`.
    public init(_ entries: [String], logReport: String = "LogReport", out: OutputSink = .standardOutput) {
        self.entries = entries
        logReportName = logReport
        logReportGiven = nil
        self.out = out
        widths = entries.map { Swift.max(10, $0.count) }
    }

    /// Prints `entries` from the given LogReport (Chainer accepts the extension itself as well as its name); one
    /// not registered with the trainer is run by this extension, as Chainer does.
    public init(_ entries: [String], logReport: LogReport, out: OutputSink = .standardOutput) {
        self.entries = entries
        logReportName = logReport.name ?? logReport.defaultName
        logReportGiven = logReport
        self.out = out
        widths = entries.map { Swift.max(10, $0.count) }
    }

    /// The header line (with its newline).
    public var header: String {
        zip(entries, widths).map { e, w in e.padding(toLength: Swift.max(w, e.count), withPad: " ", startingAt: 0) }
            .joined(separator: "  ") + "\n"
    }

    /// One row (with its newline): each value as `{:<Wg}` then two spaces, blanks for missing keys.
    public func row(_ entry: LogReport.Entry) -> String {
        var line = ""
        for (key, w) in zip(entries, widths) {
            if let v = entry[key] {
                let text = PythonFormat.g(v)
                line += text.padding(toLength: Swift.max(w, text.count), withPad: " ", startingAt: 0) + "  "
            } else {
                line += String(repeating: " ", count: w + 2)
            }
        }
        return line + "\n"
    }

    /// Prints the header once, then every log entry not yet printed.
    public override func callAsFunction(_ trainer: Trainer) throws {
        if !headerPrinted {
            out.write(header)
            headerPrinted = true
        }
        if let given = logReportGiven, trainer.getExtension(given.name ?? given.defaultName) !== given {
            try given(trainer)
        }
        guard let logReport = logReportGiven ?? trainer.getExtension(logReportName) as? LogReport else {
            preconditionFailure("PrintReport: no LogReport named \(logReportName) is registered with the trainer")
        }
        let log = logReport.log
        while printed < log.count {
            if out.isTerminal { out.write("\u{1B}[J") }
            out.write(row(log[printed]))
            printed += 1
        }
    }

    /// A LogReport given as an object is saved under `_log_report/` (Chainer's keys), so its log survives a resume.
    public override func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = [:]
        if let given = logReportGiven { s.merge(given.stateDict(), prefix: "_log_report/") }
        return s
    }

    /// The given LogReport's text keys.
    public override var textStateKeys: Set<String> {
        Set(logReportGiven?.textStateKeys.map { "_log_report/" + $0 } ?? [])
    }

    /// Restores the given LogReport (when the snapshot has it); its rows print again, as Chainer's do.
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        guard let given = logReportGiven else { return }
        try state.loadSubState("_log_report/", optional: true, into: given.loadStateDict)
    }
}
