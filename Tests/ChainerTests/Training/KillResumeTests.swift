import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// `chainer mnist` killed with SIGKILL mid-run and resumed from its last snapshot ends with the parameters of an
/// uninterrupted run of the same seed.
@Suite(.serialized) struct KillResumeTests {
    /// The built `chainer` executable: SwiftPM puts it in the build directory beside the test bundle (`swift test`
    /// builds every product of the package).
    static let executable: URL? = {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                          URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()]
        return candidates.map { $0.appendingPathComponent("chainer") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    private static let flags = ["mnist", "--unit", "50", "--epoch", "1", "--batchsize", "100", "--seed", "11",
                                "--snapshot-interval", "10"]
    private static let lastIteration = 80  // 8000 embedded training images, 100 per batch

    private func launch(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = KillResumeTests.executable!
        p.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CHAINER_NUM_THREADS"] = "1"
        p.environment = environment
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// The snapshots completed in `dir`, by iteration (temporary files are named ".snapshot_iter_N.<uuid>.tmp").
    private func snapshots(in dir: String) -> [Int: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        var out: [Int: String] = [:]
        for name in names where name.hasPrefix("snapshot_iter_") {
            if let i = Int(name.dropFirst("snapshot_iter_".count)) { out[i] = dir + "/" + name }
        }
        return out
    }

    @Test(.enabled(if: KillResumeTests.executable != nil,
                   "the chainer executable was not found beside the test bundle (build it with `swift build`)"))
    func killedRunResumesToTheSameParameters() throws {
        let uninterrupted = temporaryOutput(), killed = temporaryOutput()
        let reference = try launch(KillResumeTests.flags + ["--out", uninterrupted])
        reference.waitUntilExit()
        #expect(reference.terminationStatus == 0)

        let victim = try launch(KillResumeTests.flags + ["--out", killed])
        while victim.isRunning && snapshots(in: killed).isEmpty { usleep(500) }
        usleep(20_000)  // somewhere in the following iterations, possibly in the middle of a snapshot write
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal && victim.terminationStatus == SIGKILL,
                "the run ended before it could be killed")
        let left = snapshots(in: killed)
        let resumeFrom = try #require(left.keys.max())
        #expect(resumeFrom < KillResumeTests.lastIteration)

        let resumed = try launch(KillResumeTests.flags + ["--out", killed, "--resume", left[resumeFrom]!])
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)

        let a = try NPZ.read(URL(fileURLWithPath: snapshots(in: uninterrupted)[KillResumeTests.lastIteration]!))
        let b = try NPZ.read(URL(fileURLWithPath: try #require(snapshots(in: killed)[KillResumeTests.lastIteration])))
        let compared = a.keys.filter { $0.hasPrefix("updater/") || $0 == Trainer.generatorKey }.sorted()
        #expect(compared.contains("updater/model:main/predictor/l1/W"))
        #expect(compared.contains("updater/optimizer:main/predictor/l1/W/m"))
        for key in compared { #expect(a[key] == b[key], "\(key)") }
        let log = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: killed + "/log"))) as? [[String: Any]]
        #expect(log?.count == 1)
    }
}
