import Foundation

/// Where report text goes: standard output by default, or a closure (tests capture it).
public struct OutputSink: @unchecked Sendable {
    private let writeText: (String) -> Void
    /// Whether the destination is a terminal (enables in-place redrawing).
    public let isTerminal: Bool

    /// Writes with `write`; `isTerminal` says whether ANSI control sequences may be used.
    public init(isTerminal: Bool = false, _ write: @escaping (String) -> Void) {
        writeText = write
        self.isTerminal = isTerminal
    }

    /// Standard output, flushed after every write.
    public static var standardOutput: OutputSink {
        OutputSink(isTerminal: isatty(STDOUT_FILENO) != 0) { text in
            fflush(nil)  // keeps order with print(), which buffers
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Writes text.
    public func write(_ text: String) { writeText(text) }
}
