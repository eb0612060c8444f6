import ArgumentParser
import Foundation
import Testing
@testable import ChainerCLI

/// The flags of `chainer mnist` and `chainer bench`: what Chainer's example accepts is accepted, and each refusal
/// names the flag and its value in one line.
@Suite struct CommandLineTests {
    /// The one-line message ArgumentParser prints for `arguments`, or nil when they parse.
    private func refusal<C: ParsableCommand>(_ command: C.Type, _ arguments: [String]) -> String? {
        do {
            _ = try command.parse(arguments)
            return nil
        } catch {
            return command.message(for: error)
        }
    }

    @Test func mnistAcceptsChainersForms() {
        #expect(refusal(MNIST.self, ["-b", "50", "-e", "1", "-u", "10", "--arch", "lenet", "-o", "out"]) == nil)
        // Chainer's example: any frequency (max(1, f)), --resume with --autoload, --gpu -1 for the CPU.
        #expect(refusal(MNIST.self, ["--frequency", "0"]) == nil)
        #expect(refusal(MNIST.self, ["--resume", "result/snapshot_iter_80", "--autoload"]) == nil)
        #expect(refusal(MNIST.self, ["-g", "-1"]) == nil && refusal(MNIST.self, ["-d", "@numpy"]) == nil)
        #expect(refusal(MNIST.self, ["-d", "-1"]) == nil && refusal(MNIST.self, ["--device", "-1"]) == nil)
    }

    @Test func mnistNamesTheBadFlag() {
        #expect(refusal(MNIST.self, ["--batchsize", "0"]) == "--batchsize must be positive, not 0")
        #expect(refusal(MNIST.self, ["--unit", "-5"]) == "--unit must be positive, not -5")
        #expect(refusal(MNIST.self, ["--arch", "foo"]) == "--arch must be mlp or lenet, not foo")
        #expect(refusal(MNIST.self, ["--snapshot-interval", "0"]) == "--snapshot-interval must be positive, not 0")
        #expect(refusal(MNIST.self, ["--gpu", "0"])?.contains("CPU only") == true)
        #expect(refusal(MNIST.self, ["-d", "0"])?.contains("CPU only") == true)
    }

    @Test func benchRefusesWhatDoesNotApply() {
        #expect(refusal(Bench.self, ["array", "add_1M", "--reps", "3"]) == nil)
        #expect(refusal(Bench.self, ["array", "nosuch"])?.hasPrefix("unknown array case nosuch") == true)
        #expect(refusal(Bench.self, ["mlp", "--rss"]) == "--rss applies to the overhead workload only")
        #expect(refusal(Bench.self, ["lstm", "--reps", "3"]) == "--reps applies to the array and overhead workloads only")
        #expect(refusal(Bench.self, ["foo"])?.hasPrefix("unknown workload 'foo'") == true)
    }

    /// A bad --out stops before training with the reason; a file-system error reads as one line.
    @Test func outputDirectoryProblemsAreOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("afile").path
        try Data().write(to: URL(fileURLWithPath: file))
        #expect(throws: CLIError.self) { try CLIError.preparing(output: file) }
        do { try CLIError.preparing(output: file + "/sub") } catch {
            #expect("\(error)" == "--out \(file)/sub: cannot create the directory (\(file) is a file)")
        }
        try CLIError.preparing(output: dir.appendingPathComponent("new/result").path)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("new/result").path))
        // Writing over a directory: Foundation's error becomes "cannot write PATH: it is a directory".
        do { try Data().write(to: dir) } catch {
            #expect(CLIError(describing: error).description == "cannot write \(dir.path): it is a directory")
        }
    }
}
