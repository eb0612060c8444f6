import ChainerArray
import Foundation

/// Runs the training loop: an update per iteration, then every extension whose trigger fires, until the stop
/// trigger fires (Chainer's `chainer.training.Trainer`). Values reported during an iteration by the optimizers'
/// targets (registered as "main", their sublinks as "main/<path>") are in `observation`.
public final class Trainer {
    /// One registered extension.
    public struct Entry {
        /// The extension.
        public let `extension`: Extension
        /// When it runs.
        public let trigger: any Trigger
        /// Its order (higher first).
        public let priority: Int
        /// Its name.
        public let name: String
    }

    /// The updater driving the steps.
    public let updater: any Updater
    /// When training stops.
    public let stopTrigger: any Trigger
    /// The output directory (created by `run()`).
    public let out: URL
    /// The reporter whose scope surrounds each iteration.
    public let reporter = Reporter()
    /// The extensions in registration order.
    public private(set) var extensions: [Entry] = []
    private var startTime: Date?
    private var elapsedOffset = 0.0
    private var done = false
    private var inIteration = false
    private var lastObservation: [String: Double] = [:]

    /// A trainer that stops after `stop` (e.g. `(20, .epoch)`), writing into `out`.
    public convenience init(_ updater: any Updater, stop: (Int, IntervalUnit), out: String = "result") {
        self.init(updater, stop: IntervalTrigger(stop.0, stop.1), out: out)
    }

    /// A trainer that stops when `stop` fires.
    public init(_ updater: any Updater, stop: any Trigger, out: String = "result") {
        self.updater = updater
        stopTrigger = stop
        self.out = URL(fileURLWithPath: out)
        for (name, optimizer) in updater.optimizers {
            guard let target = optimizer.target else { continue }
            reporter.addObserver(name, target)
            reporter.addObservers(prefix: name, target.namedLinks(skipSelf: true))
        }
    }

    /// What was reported so far in the current iteration (between iterations: the last iteration's, which is what
    /// stop triggers such as `EarlyStoppingTrigger` read).
    public var observation: [String: Double] { inIteration ? reporter.observation : lastObservation }

    /// Seconds since `run()` started (plus the time recorded in a loaded snapshot).
    public var elapsedTime: Double { elapsedOffset + (startTime.map { Date().timeIntervalSince($0) } ?? 0) }

    /// Registers an extension; `trigger` defaults to the extension's own, `name` to its default name (made unique
    /// with "_1", "_2", … as Chainer does).
    public func extend(_ ext: Extension, name: String? = nil, trigger: (Int, IntervalUnit)? = nil, priority: Int? = nil) {
        let t = trigger ?? ext.defaultTrigger
        extend(ext, name: name, trigger: IntervalTrigger(t.0, t.1), priority: priority)
    }

    /// Registers an extension run when `trigger` fires.
    public func extend(_ ext: Extension, name: String? = nil, trigger: any Trigger, priority: Int? = nil) {
        let base = name ?? ext.name ?? ext.defaultName
        var unique = base, ordinal = 0
        while extensions.contains(where: { $0.name == unique }) {
            ordinal += 1
            unique = "\(base)_\(ordinal)"
        }
        ext.name = unique
        extensions.append(Entry(extension: ext, trigger: trigger, priority: priority ?? ext.priority, name: unique))
    }

    /// The extension registered under `name`.
    public func getExtension(_ name: String) -> Extension? { extensions.first { $0.name == name }?.extension }

    /// Runs the loop until the stop trigger fires. Extensions run in priority order (stable), and are finalized
    /// even when an iteration throws.
    public func run() throws {
        precondition(!done, "Trainer.run: cannot run the training loop twice")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let ordered = extensions.enumerated().sorted { a, b in
            a.element.priority != b.element.priority ? a.element.priority > b.element.priority : a.offset < b.offset
        }.map(\.element)
        startTime = Date()
        for entry in ordered where !((entry.trigger as? OnceTrigger)?.finished ?? false) {
            try entry.extension.initialize(self)
        }
        defer {
            for entry in ordered { entry.extension.finalize(self) }
            updater.finalize()
            elapsedOffset = elapsedTime
            startTime = nil
            done = true
        }
        do {
            while !stopTrigger(self) {
                inIteration = true
                defer { inIteration = false }
                lastObservation = try reporter.scope {
                    updater.update()
                    for entry in ordered where entry.trigger(self) {
                        try entry.extension(self)
                    }
                }.observation
            }
        } catch {
            for entry in ordered { entry.extension.onError(self, error) }
            throw error
        }
    }

    /// Everything needed to resume: the updater (model, optimizers, iterator), triggers, extensions, elapsed time.
    public func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = ["elapsed_time": NDArray(elapsedTime)]
        s.merge(updater.stateDict(), prefix: "updater/")
        s.merge(stopTrigger.stateDict(), prefix: "stop_trigger/")
        for e in extensions {
            s.merge(e.extension.stateDict(), prefix: "extensions/\(e.name)/")
            s.merge(e.trigger.stateDict(), prefix: "extension_triggers/\(e.name)/")
        }
        return s
    }

    /// Restores a state written by `stateDict()` (register the same extensions first).
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        try updater.loadStateDict(state.subState("updater/"))
        try stopTrigger.loadStateDict(state.subState("stop_trigger/"))
        for e in extensions {
            try e.extension.loadStateDict(state.subState("extensions/\(e.name)/"))
            try e.trigger.loadStateDict(state.subState("extension_triggers/\(e.name)/"))
        }
        elapsedOffset = try state.double("elapsed_time")
    }

    /// Restores the trainer from a snapshot file written by `snapshot()`.
    public func resume(from path: String) throws(SerializationError) {
        let state: [String: NDArray]
        do { state = try NPZ.read(URL(fileURLWithPath: path)) } catch { throw .io("\(path): \(error)") }
        try loadStateDict(state)
    }
}
