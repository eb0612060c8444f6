import Foundation
import Testing
@testable import ChainerArray

/// Paths and helpers shared by the file I/O tests.
enum IOTestSupport {
    /// The repository root (this file is Tests/ChainerArrayTests/IO/IOTestSupport.swift).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The NumPy-written files of scripts/fixtures/io.py.
    static func fixture(_ name: String) -> URL { Fixture.url("io").appendingPathComponent(name) }

    /// The MNIST test files: `shared/` beside the repository (as CI lays it out), or one level further up for a
    /// git worktree kept in a subfolder.
    static let mnistDirectory: URL? = {
        for up in ["../shared/data/mnist", "../../shared/data/mnist"] {
            let dir = repoRoot.appendingPathComponent(up).standardizedFileURL
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path) { return dir }
        }
        return nil
    }()

    /// A fresh empty directory, removed by the caller with `cleanUp`.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chainer-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func cleanUp(_ dir: URL) { try? FileManager.default.removeItem(at: dir) }

    /// Runs `python3 -c script args…`, returning its exit status and combined output.
    static func python(_ script: String, _ args: [String] = []) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return (-1, "cannot start python3: \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether python3 with NumPy can run here (the interop tests skip otherwise).
    static let numpyAvailable: Bool = python("import numpy").status == 0

    /// The error `body` throws, or nil.
    static func error(_ body: () throws -> Void) -> ArrayIOError? {
        do {
            try body()
            return nil
        } catch let e as ArrayIOError {
            return e
        } catch {
            Issue.record("an error outside ArrayIOError: \(error)")
            return nil
        }
    }
}
