import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading whole files and replacing them atomically.
public enum FileAccess {
    /// The bytes of `url` (memory-mapped when the system allows, so large files cost no copy).
    static func read(_ url: URL) throws(ArrayIOError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw .io("cannot read \(url.path): no such file")
        }
        if isDirectory.boolValue { throw .io("cannot read \(url.path): it is a directory") }
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .io("cannot read \(url.path): \(error.localizedDescription)")
        }
    }

    /// The temporary file name `writeAtomically` uses for `name`: `.<name>.<UUID>.tmp` beside it.
    static func temporaryName(for name: String) -> String { ".\(name).\(UUID().uuidString).tmp" }

    /// The name an atomic write was going to produce, when `name` is one of its temporary files (left behind by a
    /// process killed mid-write); nil for any other name.
    public static func targetOfTemporary(_ name: String) -> String? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"), name.count > 42,
              UUID(uuidString: String(name.dropLast(4).suffix(36))) != nil else { return nil }
        return String(name.dropFirst().dropLast(41))   // "." + name + "." + UUID (36) + ".tmp"
    }

    /// Writes `data` to a temporary file beside `url`, flushes it, then renames it over `url`: readers see either
    /// the old file or the complete new one, never a partial write.
    public static func writeAtomically(_ data: Data, to url: URL) throws(ArrayIOError) {
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(temporaryName(for: url.lastPathComponent))
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw .io("cannot create \(tmp.path): \(String(cString: strerror(errno)))") }
        var failure: String? = data.withUnsafeBytes { raw -> String? in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return "write to \(tmp.path) failed: \(String(cString: strerror(errno)))"
                }
                done += n
            }
            return nil
        }
        if failure == nil && fsync(fd) != 0 { failure = "fsync of \(tmp.path) failed: \(String(cString: strerror(errno)))" }
        if close(fd) != 0 && failure == nil { failure = "close of \(tmp.path) failed: \(String(cString: strerror(errno)))" }
        if failure == nil && rename(tmp.path, url.path) != 0 {
            failure = "rename to \(url.path) failed: \(String(cString: strerror(errno)))"
        }
        if let failure {
            unlink(tmp.path)
            throw .io(failure)
        }
    }
}
