import ChainerArray
import Foundation

/// Saves the trainer's whole state (model parameters, optimizer counters and state, iterator position, triggers,
/// extensions, elapsed time, random generator) as a compressed `.npz` file in the output directory, written to a
/// temporary file and renamed, so a run killed at any moment leaves only complete snapshots (Chainer's
/// `extensions.snapshot`). `{.updater.iteration}` and `{.updater.epoch}` in the file name are filled in.
///
/// The keys are Chainer 7.8.1's, so Chainer resumes from these files and this trainer from Chainer's
/// (`Trainer.stateDict` lists them); the one addition is `_generator_state`.
public final class Snapshot: Extension {
    /// The file-name template.
    public let filename: String
    /// How many snapshots to keep (negative: all).
    public let nRetains: Int
    /// Whether `initialize` resumes from the newest snapshot in the output directory.
    public let autoload: Bool
    /// Whether a snapshot is also written when training stops with an error.
    public let snapshotOnError: Bool
    private var written: [URL] = []

    /// A snapshot extension.
    public init(filename: String = "snapshot_iter_{.updater.iteration}", nRetains: Int = -1, autoload: Bool = false,
                snapshotOnError: Bool = false) {
        self.filename = filename
        self.snapshotOnError = snapshotOnError
        self.nRetains = nRetains
        self.autoload = autoload
    }

    /// "_Snapshot", the name Chainer 7.8.1 registers `extensions.snapshot()` under (its class name), so snapshot
    /// keys such as `extension_triggers/_Snapshot/…` match.
    public override var defaultName: String { "_Snapshot" }
    /// Once per epoch.
    public override var defaultTrigger: (Int, IntervalUnit) { (1, .epoch) }
    /// After every other extension, so their states are current.
    public override var priority: Int { Extension.prioritySnapshot }

    /// The file name for the trainer's current position.
    public func resolvedName(_ trainer: Trainer) -> String { fillTemplate(filename, trainer) }

    /// With `autoload`, resumes from the newest snapshot matching the template, if any.
    public override func initialize(_ trainer: Trainer) throws {
        guard autoload, let latest = try latestSnapshot(in: trainer.out) else { return }
        try trainer.resume(from: latest.path)
    }

    /// Writes the snapshot, then removes the oldest beyond `nRetains`.
    public override func callAsFunction(_ trainer: Trainer) throws {
        let url = trainer.out.appendingPathComponent(resolvedName(trainer))
        try trainer.writeSnapshot(to: url)
        written.removeAll { $0 == url }
        written.append(url)
        if nRetains >= 0 {
            while written.count > nRetains { try? FileManager.default.removeItem(at: written.removeFirst()) }
        }
    }

    /// With `snapshotOnError`, saves the state reached when training failed.
    public override func onError(_ trainer: Trainer, _ error: any Error) {
        if snapshotOnError { try? self(trainer) }
    }

    private func latestSnapshot(in dir: URL) throws -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let parts = filename.components(separatedBy: "{.updater.iteration}")
        guard parts.count == 2 else { return nil }
        let candidates = names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix(parts[0]), name.hasSuffix(parts[1]), name.count > parts[0].count + parts[1].count else { return nil }
            let middle = name.dropFirst(parts[0].count).dropLast(parts[1].count)
            return Int(middle).map { ($0, name) }
        }
        return candidates.max { $0.0 < $1.0 }.map { dir.appendingPathComponent($0.1) }
    }
}

/// Chainer's `extensions.snapshot()`: the whole trainer, once per epoch by default.
public func snapshot(filename: String = "snapshot_iter_{.updater.iteration}", nRetains: Int = -1,
                     autoload: Bool = false, snapshotOnError: Bool = false) -> Snapshot {
    Snapshot(filename: filename, nRetains: nRetains, autoload: autoload, snapshotOnError: snapshotOnError)
}

/// Saves one link's parameters and persistent values as `.npz` with `saveNPZ` (keys "l1/W", … as Chainer's
/// `save_npz`), written atomically (Chainer's `snapshot_object`); `{.updater.iteration}` and `{.updater.epoch}` in
/// the name are filled in.
public func snapshotObject(_ link: Link, filename: String) -> Extension {
    LambdaExtension(name: "snapshot_object", trigger: (1, .epoch), priority: Extension.prioritySnapshot) { trainer in
        try saveNPZ(link, to: trainer.out.appendingPathComponent(fillTemplate(filename, trainer)))
    }
}

/// A snapshot file name with `{.updater.iteration}` and `{.updater.epoch}` filled in, as Chainer formats it.
private func fillTemplate(_ template: String, _ trainer: Trainer) -> String {
    template.replacingOccurrences(of: "{.updater.iteration}", with: String(trainer.updater.iteration))
        .replacingOccurrences(of: "{.updater.epoch}", with: String(trainer.updater.epoch))
}
