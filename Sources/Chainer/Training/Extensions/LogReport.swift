import ChainerArray
import Foundation

/// Accumulates the observation of every iteration and, each time its trigger fires, appends the means to the log
/// with `epoch`, `iteration` and `elapsed_time`, writing the whole log to `out/<filename>` as the JSON list Chainer
/// writes (`json.dump(log, indent=4)`), replaced atomically.
public final class LogReport: Extension {
    /// One log entry: values by key (`epoch` and `iteration` are whole numbers).
    public typealias Entry = [String: Double]

    /// The entries written so far.
    public private(set) var log: [Entry] = []
    private let keys: [String]?
    private let trigger: IntervalTrigger
    private let postprocess: ((inout Entry) -> Void)?
    /// The log file name inside the trainer's output directory (nil: not written).
    public let filename: String?
    private var summary = DictSummary()

    /// Logs the means of `keys` (all observed keys when nil) every `trigger`.
    public init(keys: [String]? = nil, trigger: (Int, IntervalUnit) = (1, .epoch),
                postprocess: ((inout Entry) -> Void)? = nil, filename: String? = "log") {
        self.keys = keys
        self.trigger = IntervalTrigger(trigger.0, trigger.1)
        self.postprocess = postprocess
        self.filename = filename
    }

    /// Adds this iteration's observation; on the trigger, appends an entry and writes the file.
    public override func callAsFunction(_ trainer: Trainer) throws {
        let observation = trainer.observation
        if let keys {
            var picked: [String: Double] = [:]
            for k in keys { if let v = observation[k] { picked[k] = v } }
            summary.add(picked)
        } else {
            summary.add(observation)
        }
        // Called before training (callBeforeTraining), it writes the entry at once, as Chainer's does.
        guard trainer.isBeforeTraining || trigger(trainer) else { return }
        var entry = summary.computeMean()
        entry["epoch"] = Double(trainer.updater.epoch)
        entry["iteration"] = Double(trainer.updater.iteration)
        entry["elapsed_time"] = trainer.elapsedTime
        postprocess?(&entry)
        log.append(entry)
        if let filename { try write(to: trainer.out.appendingPathComponent(LogReport.fill(filename, entry))) }
        summary = DictSummary()
    }

    /// The file name with `{key}` fields filled from the entry (Chainer's `log_name.format(**stats)`, e.g.
    /// "log_{iteration}"); whole-number epochs and iterations print as integers, other values as Python's `str`.
    static func fill(_ template: String, _ entry: Entry) -> String {
        guard template.contains("{") else { return template }
        var out = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            if let v = entry[key] {
                out += ["epoch", "iteration"].contains(key) && v.rounded() == v ? String(Int(v)) : PythonFormat.jsonFloat(v)
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The log as Chainer's JSON: observed keys (sorted), then `epoch`, `iteration`, `elapsed_time`.
    public func json() -> String { LogReport.json(log) }

    /// Chainer's JSON layout for a list of entries.
    static func json(_ log: [Entry]) -> String {
        if log.isEmpty { return "[]" }
        let tail = ["epoch", "iteration", "elapsed_time"]
        let integral: Set<String> = ["epoch", "iteration"]
        let objects = log.map { entry -> String in
            let keys = entry.keys.filter { !tail.contains($0) }.sorted() + tail.filter { entry[$0] != nil }
            let fields = keys.map { k -> String in
                let v = entry[k]!
                let value = integral.contains(k) ? PythonFormat.jsonCount(v) : PythonFormat.jsonFloat(v)
                return "        " + jsonString(k) + ": " + value
            }
            return "    {\n" + fields.joined(separator: ",\n") + "\n    }"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]"
    }

    /// A JSON string literal with Python's `ensure_ascii` escaping.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value > 0x7E:
                for unit in String(u).utf16 { out += String(format: "\\u%04x", unit) }
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    private func write(to url: URL) throws {
        try Data(json().utf8).write(to: url, options: .atomic)
    }

    /// Chainer's layout: `_log` (the JSON log, text), `_summary/…` (the means of the unfinished interval) and
    /// `_trigger/…` (the internal trigger's position).
    public override func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = ["_log": NDArray(Array(json().utf8))]
        s.merge(summary.stateDict(), prefix: "_summary/")
        s.merge(trigger.stateDict(), prefix: "_trigger/")
        return s
    }

    /// `_log` and `_summary/_names`.
    public override var textStateKeys: Set<String> { Set(["_log"] + DictSummary.textStateKeys.map { "_summary/" + $0 }) }

    /// Restores the log, the unfinished interval's sums and the trigger.
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        guard let bytes = state["_log"] else { throw .missingKey("_log") }
        let restoredLog = try LogReport.parse(Data(bytes.asArray(UInt8.self)))
        let restored = try DictSummary(state: state.subState("_summary/"))
        try trigger.loadStateDict(state.subState("_trigger/"))
        log = restoredLog
        summary = restored
    }

    /// A log in JSON. JSONDecoder reads every float exactly (JSONSerialization on Linux can be an ulp off, which
    /// would break exact resumes); JSON5 mode accepts the NaN and Infinity that Python writes.
    static func parse(_ data: Data) throws(SerializationError) -> [Entry] {
        guard let entries = decodePythonJSON([[String: Double]].self, data) else {
            throw .badValue("_log is not a JSON list of objects of numbers")
        }
        return entries
    }

    /// JSON that Python's `json.dumps` wrote, decoded exactly (see `parse`), or nil when it is not a `T`.
    static func decodePythonJSON<T: Decodable>(_ type: T.Type, _ data: Data) -> T? {
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        return try? decoder.decode(type, from: data)
    }

    /// A JSON list of strings as Python's `json.dumps` writes it.
    static func jsonList(_ items: [String]) -> String { "[" + items.map(jsonString).joined(separator: ", ") + "]" }
}
