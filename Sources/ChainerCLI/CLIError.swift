import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure reported to the user as one line, instead of Foundation's raw error dump.
struct CLIError: Error, CustomStringConvertible {
    /// The line printed after "Error: ".
    let description: String

    init(_ description: String) { self.description = description }

    /// A file-system error as "cannot write PATH: reason" (the operating system's words); others as they describe
    /// themselves.
    init(describing error: any Error) {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain, let path = ns.userInfo[NSFilePathErrorKey] as? String else {
            self.init(String(describing: error))
            return
        }
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        var isDirectory: ObjCBool = false
        let directory = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        let reason = directory ? "it is a directory"
            : underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil }
            ?? ns.localizedDescription
        self.init("cannot write \(path): \(reason)")
    }

    /// Checks before training that the output directory exists or can be made, and can be written, so a bad
    /// `--out` stops at once rather than after the first iteration.
    static func preparing(output: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CLIError("--out \(output) is a file, not a directory") }
        } else {
            do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
                throw CLIError("--out \(output): cannot create the directory (\(whyNotCreatable(output)))")
            }
        }
        guard access(output, W_OK | X_OK) == 0 else {
            throw CLIError("--out \(output): cannot write there (\(String(cString: strerror(errno))))")
        }
    }

    /// Why `path` cannot be made: its nearest existing ancestor is a file, or cannot be written.
    private static func whyNotCreatable(_ path: String) -> String {
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
            ancestor.deleteLastPathComponent()
        }
        if !isDirectory.boolValue { return "\(ancestor.path) is a file" }
        if access(ancestor.path, W_OK | X_OK) != 0 { return "\(ancestor.path): \(String(cString: strerror(errno)))" }
        return "the file system refused"
    }
}
