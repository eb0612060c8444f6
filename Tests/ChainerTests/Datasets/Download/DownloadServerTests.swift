import Foundation
import Testing
@testable import Chainer

/// Real downloads over HTTP from a server on 127.0.0.1 that the test starts (Python's http.server), into a
/// temporary root: the path a user's first `Datasets.fashionMNIST()` takes, without the internet.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs /usr/bin/python3 to serve files"))
struct DownloadServerTests {
    /// A static file server over `directory`, stopped by `stop()`.
    private final class Server {
        let process = Process()
        let url: String

        init(directory: URL) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", directory.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line says "Serving HTTP on 127.0.0.1 port N (http://127.0.0.1:N/) ...".
            var text = ""
            while !text.contains("\n") {
                let chunk = pipe.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            guard let range = text.range(of: "port "), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
                kill(process.processIdentifier, SIGKILL)
                throw DatasetError.downloadFailed("the test server did not start: \(text)")
            }
            url = "http://127.0.0.1:\(port)/"
        }

        /// SIGKILL, because a child of the test runner inherits a signal mask that blocks SIGTERM.
        func stop() {
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    private let manifest = DatasetManifest(name: "toy", title: "Toy", files: [
        DatasetFile(name: "a.bin", url: "https://example.invalid/a.bin", sha256: ""),
        DatasetFile(name: "b.txt", url: "https://example.invalid/b.txt", sha256: ""),
    ])

    /// Files named like Foundation's download-task temporaries (`<UUID>.tmp`) in the system temporary directory.
    private static func foundationTemporaries() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []
        return Set(names.filter { $0.hasSuffix(".tmp") && UUID(uuidString: String($0.dropLast(4))) != nil })
    }

    @Test func downloadsVerifiesAndCaches() throws {
        let served = try DatasetTestSupport.root()
        let root = try DatasetTestSupport.root()
        defer { for d in [served, root] { try? FileManager.default.removeItem(at: d) } }
        let a = Data(DatasetTestSupport.bytes(200_000, seed: 1)), b = Data("hello\n".utf8)
        var store = try DatasetTestSupport.store(root: served, dataset: "toy", files: [("a.bin", a), ("b.txt", b)])
        let server = try Server(directory: served)
        defer { server.stop() }
        store.root = root
        store.mirror = server.url

        let paths = try store.fetch(manifest)
        #expect(try Data(contentsOf: paths[0]) == a && Data(contentsOf: paths[1]) == b)
        let dir = root.appendingPathComponent("pfnet/chainer/toy")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["a.bin", "b.txt"])
        // Cached now: the same files come back with the server gone.
        server.stop()
        #expect(try store.fetch(manifest) == paths)
    }

    @Test func httpErrorsAndWrongSumsAreReportedAndNothingIsKept() throws {
        let served = try DatasetTestSupport.root()
        let root = try DatasetTestSupport.root()
        defer { for d in [served, root] { try? FileManager.default.removeItem(at: d) } }
        var store = try DatasetTestSupport.store(root: served, dataset: "toy", files: [("a.bin", Data([1, 2, 3]))])
        let server = try Server(directory: served)
        defer { server.stop() }
        store.root = root
        store.mirror = server.url
        let dir = root.appendingPathComponent("pfnet/chainer/toy")

        let missing = DatasetManifest(name: "toy", title: "Toy", files: [DatasetFile(name: "c.bin", url: "", sha256: "")])
        let strayBefore = Self.foundationTemporaries()
        defer { #expect(Self.foundationTemporaries().isSubset(of: strayBefore), "a failed download left a file in /tmp") }
        do {
            _ = try store.fetch(missing)
            Issue.record("expected a 404")
        } catch {
            guard case .downloadFailed(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("HTTP 404") && message.contains("\(server.url)pfnet/chainer/toy/c.bin"))
            #expect(message.contains("\(dir.path)/"))
        }

        store.sha256Overrides["a.bin"] = String(repeating: "0", count: 64)
        let one = DatasetManifest(name: "toy", title: "Toy", files: [manifest.files[0]])
        do {
            _ = try store.fetch(one)
            Issue.record("expected the wrong sum to be refused")
        } catch {
            guard case .checksumMismatch(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("a.bin") && message.contains("not kept"))
            #expect(message.contains(SHA256.hex(Data([1, 2, 3]))))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
