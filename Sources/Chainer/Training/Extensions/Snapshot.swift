import ChainerArray
import Foundation

/// Saves the trainer's whole state (model parameters, optimizer counters and state, iterator position, triggers,
/// extensions, elapsed time, random generator) as a compressed `.npz` file in the output directory, written to a
/// temporary file and renamed, so a run killed at any moment leaves only complete snapshots (Chainer's
/// `extensions.snapshot`). `{.updater.iteration}` and `{.updater.epoch}` in the file name are filled in, with any
/// format spec (`snapshot_{.updater.iteration:06d}`).
///
/// The keys are Chainer 7.8.1's, so Chainer resumes from these files and this trainer from Chainer's
/// (`Trainer.stateDict` lists them); the one addition is `_generator_state`.
public final class Snapshot: Extension {
    /// The file-name template.
    public let filename: String
    /// How many snapshots matching the template to keep in the output directory, newest first (zero or negative:
    /// all). Files from earlier runs count too, as in Chainer.
    public let nRetains: Int
    /// Whether `initialize` resumes from the newest snapshot in the output directory.
    public let autoload: Bool
    /// Whether a snapshot is also written when training stops with an error.
    public let snapshotOnError: Bool
    /// What is saved: nil for the whole trainer, else one object (`snapshotObject`).
    public let target: (any Serializable)?
    private let trigger: (Int, IntervalUnit)
    /// `filename` parsed once.
    private let template: SnapshotName
    /// Asked at each trigger; a snapshot is written only when it says yes (Chainer's `condition`).
    private let condition: (() -> Bool)?

    /// A snapshot of the trainer (`target` nil) or of one object, every `trigger` at which `condition` (if any)
    /// holds.
    public init(target: (any Serializable)? = nil, filename: String = "snapshot_iter_{.updater.iteration}",
                trigger: (Int, IntervalUnit) = (1, .epoch), nRetains: Int = -1, autoload: Bool = false,
                snapshotOnError: Bool = false, condition: (() -> Bool)? = nil) {
        self.condition = condition
        self.target = target
        self.filename = filename
        template = SnapshotName(filename)
        self.trigger = trigger
        self.snapshotOnError = snapshotOnError
        self.nRetains = nRetains
        self.autoload = autoload
    }

    /// "_Snapshot", the name Chainer 7.8.1 registers `extensions.snapshot()` under (its class name), so snapshot
    /// keys such as `extension_triggers/_Snapshot/…` match.
    public override var defaultName: String { "_Snapshot" }
    /// Once per epoch unless given.
    public override var defaultTrigger: (Int, IntervalUnit) { trigger }
    /// After every other extension, so their states are current.
    public override var priority: Int { Extension.prioritySnapshot }

    /// The file name for the trainer's current position.
    public func resolvedName(_ trainer: Trainer) -> String {
        template.filled(iteration: trainer.updater.iteration, epoch: trainer.updater.epoch)
    }

    /// Removes temporary files a killed run left mid-write (`.<name>.<UUID>.tmp` for a name of this template); with
    /// `autoload`, resumes from (or loads the target from) the newest snapshot matching the template, if any.
    public override func initialize(_ trainer: Trainer) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: trainer.out.path)) ?? []
        for name in names {
            if let target = FileAccess.targetOfTemporary(name), template.numbers(in: target) != nil {
                try? FileManager.default.removeItem(at: trainer.out.appendingPathComponent(name))
            }
        }
        guard autoload, let latest = snapshotFiles(in: trainer.out).last else { return }
        if let target { try loadNPZ(latest, into: target) } else { try trainer.resume(from: latest.path) }
    }

    /// Writes the snapshot (when `condition` allows), then removes the oldest matching files beyond `nRetains`.
    public override func callAsFunction(_ trainer: Trainer) throws {
        if let condition, !condition() { return }
        try write(trainer)
    }

    private func write(_ trainer: Trainer) throws {
        let url = trainer.out.appendingPathComponent(resolvedName(trainer))
        if let target { try saveNPZ(target, to: url) } else { try trainer.writeSnapshot(to: url) }
        guard nRetains > 0 else { return }
        for stale in snapshotFiles(in: trainer.out).dropLast(nRetains) where stale != url {
            try? FileManager.default.removeItem(at: stale)
        }
    }

    /// With `snapshotOnError`, saves the state reached when training failed.
    public override func onError(_ trainer: Trainer, _ error: any Error) {
        if snapshotOnError { try? write(trainer) }   // whatever `condition` says, as Chainer's
    }

    /// The files in `dir` that the template could have written, oldest first: ordered by the numbers filled into
    /// the template (iteration, epoch), then by modification time.
    private func snapshotFiles(in dir: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let found = names.compactMap { name in template.numbers(in: name).map { (numbers: $0, url: dir.appendingPathComponent(name)) } }
        func modified(_ url: URL) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
        }
        return found.sorted { a, b in
            a.numbers != b.numbers ? a.numbers.lexicographicallyPrecedes(b.numbers) : modified(a.url) < modified(b.url)
        }.map(\.url)
    }

}

/// Chainer's `extensions.snapshot()`: the whole trainer, once per epoch by default.
public func snapshot(filename: String = "snapshot_iter_{.updater.iteration}", trigger: (Int, IntervalUnit) = (1, .epoch),
                     nRetains: Int = -1, autoload: Bool = false, snapshotOnError: Bool = false,
                     condition: (() -> Bool)? = nil) -> Snapshot {
    Snapshot(filename: filename, trigger: trigger, nRetains: nRetains, autoload: autoload, snapshotOnError: snapshotOnError,
             condition: condition)
}

/// Chainer's `extensions.snapshot_object`: one object's state (a link's parameters and persistent values as
/// `saveNPZ` writes them, keys "l1/W", …; or an optimizer's, an updater's, an iterator's), written atomically;
/// `{.updater.iteration}` and `{.updater.epoch}` in the name are filled in.
public func snapshotObject(_ target: any Serializable, filename: String, trigger: (Int, IntervalUnit) = (1, .epoch),
                           nRetains: Int = -1, autoload: Bool = false, snapshotOnError: Bool = false,
                           condition: (() -> Bool)? = nil) -> Snapshot {
    Snapshot(target: target, filename: filename, trigger: trigger, nRetains: nRetains, autoload: autoload,
             snapshotOnError: snapshotOnError, condition: condition)
}

/// `snapshotObject(_:filename:trigger:nRetains:autoload:snapshotOnError:condition:)` with the file name positional, as
/// Chainer's.
public func snapshotObject(_ target: any Serializable, _ filename: String, trigger: (Int, IntervalUnit) = (1, .epoch),
                           nRetains: Int = -1, autoload: Bool = false, snapshotOnError: Bool = false,
                           condition: (() -> Bool)? = nil) -> Snapshot {
    snapshotObject(target, filename: filename, trigger: trigger, nRetains: nRetains, autoload: autoload,
                   snapshotOnError: snapshotOnError, condition: condition)
}
