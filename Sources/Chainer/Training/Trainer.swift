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
        /// Whether it also runs once before the first iteration (Chainer's `call_before_training`).
        public var callBeforeTraining = false
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

    /// A trainer stopping when `stop` returns true (any callable, as Chainer's `stop_trigger`).
    public convenience init(_ updater: any Updater, stop: @escaping (Trainer) -> Bool, out: String = "result") {
        self.init(updater, stop: ClosureTrigger(stop), out: out)
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
    /// stop triggers such as `EarlyStoppingTrigger` read). Extensions may add to it during an iteration
    /// (`trainer.observation["lr"] = 0.1`, as Chainer's do); a value set is reported. Set outside an iteration (in
    /// an extension's `finalize`), it only changes what later reads see, as writing to Chainer's dict does.
    public var observation: [String: Double] {
        get { inIteration ? reporter.observation : lastObservation }
        set {
            guard inIteration else { return lastObservation = newValue }
            reporter.report(newValue.filter { reporter.observation[$0.key] != $0.value })
        }
    }

    /// Seconds since `run()` started (plus the time recorded in a loaded snapshot).
    public var elapsedTime: Double { elapsedOffset + (startTime.map { Date().timeIntervalSince($0) } ?? 0) }

    /// Registers an extension; `trigger` defaults to the extension's own, `name` to its default name (made unique
    /// with "_1", "_2", … as Chainer does). With `callBeforeTraining` it also runs once before the first iteration
    /// (an Evaluator, LogReport and PrintReport so give the untrained model's row at epoch 0).
    public func extend(_ ext: Extension, name: String? = nil, trigger: (Int, IntervalUnit)? = nil, priority: Int? = nil,
                       callBeforeTraining: Bool = false) {
        let t = trigger ?? ext.defaultTrigger
        extend(ext, name: name, trigger: IntervalTrigger(t.0, t.1), priority: priority, callBeforeTraining: callBeforeTraining)
    }

    /// Registers an extension run when `trigger` fires.
    public func extend(_ ext: Extension, name: String? = nil, trigger: any Trigger, priority: Int? = nil,
                       callBeforeTraining: Bool = false) {
        let base = name ?? ext.name ?? ext.defaultName
        var unique = base, ordinal = 0
        while extensions.contains(where: { $0.name == unique }) {
            ordinal += 1
            unique = "\(base)_\(ordinal)"
        }
        ext.name = unique
        extensions.append(Entry(extension: ext, trigger: trigger, priority: priority ?? ext.priority, name: unique,
                                callBeforeTraining: callBeforeTraining))
    }

    /// Registers an extension run at the iterations where `trigger` returns true (Chainer accepts any callable as a
    /// trigger).
    public func extend(_ ext: Extension, name: String? = nil, trigger: @escaping (Trainer) -> Bool, priority: Int? = nil,
                       callBeforeTraining: Bool = false) {
        extend(ext, name: name, trigger: ClosureTrigger(trigger), priority: priority, callBeforeTraining: callBeforeTraining)
    }

    /// Registers a closure as an extension run at the iterations where `trigger` returns true.
    public func extend(_ body: @escaping (Trainer) throws -> Void, name: String? = nil,
                       trigger: @escaping (Trainer) -> Bool, priority: Int = Extension.priorityReader) {
        extend(body, name: name, trigger: ClosureTrigger(trigger), priority: priority)
    }

    /// Registers a closure as an extension (Chainer's `trainer.extend(function)`); it runs every iteration unless
    /// given a trigger.
    public func extend(_ body: @escaping (Trainer) throws -> Void, name: String? = nil,
                       trigger: (Int, IntervalUnit) = (1, .iteration), priority: Int = Extension.priorityReader) {
        extend(LambdaExtension(name: name ?? "LambdaExtension", trigger: trigger, priority: priority, body))
    }

    /// Registers a closure as an extension run when `trigger` fires.
    public func extend(_ body: @escaping (Trainer) throws -> Void, name: String? = nil, trigger: any Trigger,
                       priority: Int = Extension.priorityReader) {
        extend(LambdaExtension(name: name ?? "LambdaExtension", priority: priority, body), trigger: trigger)
    }

    /// Whether no update has run yet (Chainer's `is_before_training`): extensions called before training check it.
    public var isBeforeTraining: Bool { updater.iteration == 0 }

    /// The extension registered under `name`.
    public func getExtension(_ name: String) -> Extension? { extensions.first { $0.name == name }?.extension }

    /// Why `run()` refused to start.
    public struct RunError: Error, CustomStringConvertible {
        /// A one-line explanation.
        public let description: String
    }

    /// Runs the loop until the stop trigger fires. Extensions run in priority order (stable), and are finalized
    /// even when an iteration throws. A finished run cannot run again (Chainer's RuntimeError); one that threw can.
    public func run() throws {
        guard !done else { throw RunError(description: "Trainer.run: cannot run the training loop multiple times") }
        do { try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true) } catch {
            throw RunError(description: "Trainer.run: cannot create the output directory \(out.path): "
                           + ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError ?? error as NSError).localizedDescription)
        }
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
        }
        do {
            if isBeforeTraining && ordered.contains(where: \.callBeforeTraining) {
                inIteration = true
                defer { inIteration = false }
                lastObservation = try reporter.scope {
                    for entry in ordered where entry.callBeforeTraining { try entry.extension(self) }
                }.observation
            }
            while !stopTrigger(self) {
                inIteration = true
                defer { inIteration = false }
                lastObservation = try reporter.scope {
                    try updater.tryUpdate()
                    for entry in ordered where entry.trigger(self) {
                        try entry.extension(self)
                    }
                }.observation
            }
        } catch {
            for entry in ordered { entry.extension.onError(self, error) }
            throw error
        }
        done = true
    }

    /// Everything needed to resume, in Chainer 7.8.1's layout: `updater/…` (model, optimizers, iterator),
    /// `stop_trigger/…`, `extensions/<name>/…`, `extension_triggers/<name>/…`, `_snapshot_elapsed_time`; plus,
    /// ours only, `_generator_state` (the random generator's Philox key, counter and stream as int64[4]) so dropout
    /// masks and shuffles after a resume are the ones an uninterrupted run draws.
    public func stateDict() -> [String: NDArray] {
        var s: [String: NDArray] = ["_snapshot_elapsed_time": NDArray(elapsedTime)]
        s.merge(updater.stateDict(), prefix: "updater/")
        s.merge(stopTrigger.stateDict(), prefix: "stop_trigger/")
        for e in extensions {
            s.merge(e.extension.stateDict(), prefix: "extensions/\(e.name)/")
            s.merge(e.trigger.stateDict(), prefix: "extension_triggers/\(e.name)/")
        }
        s[Trainer.generatorKey] = Trainer.encode(generatorState())
        // A snapshot taken inside an iteration comes before the stop trigger has seen that iteration's observation;
        // the resumed run hands it to its first check (an early-stopping trigger checking at that iteration).
        if inIteration { s.merge(observation.mapValues { NDArray($0) }, prefix: Trainer.observationPrefix) }
        return s
    }

    /// Where `stateDict()` keeps the observation the stop trigger has not seen yet (ours only).
    static let observationPrefix = "_observation/"

    /// Restores a state written by `stateDict()` or by Chainer (register the same extensions first). An extension
    /// or trigger the snapshot has no keys for (one added since) starts fresh; a missing key is reported with its
    /// whole path. The random generator is restored when the state carries it (Chainer's snapshots do not). A state
    /// that fails partway (a damaged or foreign snapshot) leaves the trainer as it was.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        let backup = LoadBackup(updater)
        // Triggers and extensions have whole states to put back.
        let stop = stopTrigger.stateDict(), kept = extensions.map { ($0.extension.stateDict(), $0.trigger.stateDict()) }
        let (offset, generator, observed) = (elapsedOffset, generatorState(), lastObservation)
        do { try apply(state) } catch {
            backup.restore()
            try? stopTrigger.loadStateDict(stop)
            for (e, (own, trigger)) in zip(extensions, kept) {
                try? e.extension.loadStateDict(own)
                try? e.trigger.loadStateDict(trigger)
            }
            (elapsedOffset, lastObservation) = (offset, observed)
            setGeneratorState(generator)
            throw error
        }
    }

    private func apply(_ state: [String: NDArray]) throws(SerializationError) {
        let generator = try state[Trainer.generatorKey].map { a throws(SerializationError) in try Trainer.decodeGenerator(a) }
        try state.loadSubState("updater/", into: updater.loadStateDict)
        try state.loadSubState("stop_trigger/", optional: true, into: stopTrigger.loadStateDict)
        for e in extensions {
            try state.loadSubState("extensions/\(e.name)/", optional: true, into: e.extension.loadStateDict)
            try state.loadSubState("extension_triggers/\(e.name)/", optional: true, into: e.trigger.loadStateDict)
        }
        elapsedOffset = try state.double("_snapshot_elapsed_time")
        if let generator { setGeneratorState(generator) }
        lastObservation = state.subState(Trainer.observationPrefix).mapValues { $0.item() }
    }

    /// The keys of `stateDict()` that hold text (saved as NumPy strings, as Chainer saves Python strings).
    public var textStateKeys: Set<String> {
        var keys = Set(stopTrigger.textStateKeys.map { "stop_trigger/" + $0 })
        for e in extensions {
            keys.formUnion(e.extension.textStateKeys.map { "extensions/\(e.name)/" + $0 })
            keys.formUnion(e.trigger.textStateKeys.map { "extension_triggers/\(e.name)/" + $0 })
        }
        return keys
    }

    /// Writes `stateDict()` to an `.npz` file through a temporary file and a rename, so the file under `url` is
    /// always a complete snapshot.
    public func writeSnapshot(to url: URL) throws(SerializationError) {
        try saveNPZ(self, to: url)
    }

    static let generatorKey = "_generator_state"

    private static func encode(_ g: Philox) -> NDArray {
        NDArray([Int64(g.key.0), Int64(g.key.1), Int64(bitPattern: g.counter), Int64(bitPattern: g.stream)], shape: [4])
    }

    private static func decodeGenerator(_ a: NDArray) throws(SerializationError) -> Philox {
        guard a.shape == [4], a.dtype == .int64 else {
            throw .badValue("\(generatorKey) has shape \(a.shape) and dtype \(a.dtype), expected int64[4]")
        }
        let v = a.asArray(Int64.self)
        guard (0...Int64(UInt32.max)).contains(v[0]), (0...Int64(UInt32.max)).contains(v[1]) else {
            throw .badValue("\(generatorKey) holds a key outside 32 bits: \(v[0]), \(v[1])")
        }
        var g = Philox(seed: 0)
        g.key = (UInt32(v[0]), UInt32(v[1]))
        g.counter = UInt64(bitPattern: v[2])
        g.stream = UInt64(bitPattern: v[3])
        return g
    }

    /// Restores the trainer from a snapshot file written by `snapshot()`.
    public func resume(from path: String) throws(SerializationError) {
        let state: [String: NDArray]
        do { state = try NPZ.read(URL(fileURLWithPath: path)) } catch {
            // NPZ's reasons name the file already ("cannot read PATH: …"); the others are about its content.
            if case .io(let reason) = error { throw .io(reason) }
            throw .io("\(path): \(error)")
        }
        try loadStateDict(state)
    }
}
