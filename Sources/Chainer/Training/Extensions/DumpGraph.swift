import Foundation

/// Writes the computational graph of an observed variable (e.g. "main/loss") as Graphviz dot to `out/<filename>`
/// on the first iteration (Chainer's `extensions.dump_graph`; render with `dot -Tpng cg.dot -o cg.png`).
public final class DumpGraph: Extension {
    /// Why the graph could not be written.
    public struct MissingGraph: Error, CustomStringConvertible {
        /// The observed key that was looked up.
        public let key: String
        /// A one-line explanation.
        public var description: String { "DumpGraph: no variable was reported as \"\(key)\" in the first iteration" }
    }

    /// The observed key whose graph is written.
    public let rootName: String
    /// The file name inside the output directory.
    public let filename: String
    private var dumped = false

    /// Dumps the graph of the variable reported as `rootName`.
    public init(_ rootName: String, filename: String = "cg.dot") {
        self.rootName = rootName
        self.filename = filename
    }

    /// "dump_graph".
    public override var defaultName: String { "dump_graph" }

    /// Asks the reporter to keep the graphs of reported variables until the dump.
    public override func initialize(_ trainer: Trainer) throws {
        if !dumped { trainer.reporter.keepsGraphs = true }
    }

    /// Writes the dot file once, atomically, then stops keeping graphs.
    public override func callAsFunction(_ trainer: Trainer) throws {
        guard !dumped else { return }
        trainer.reporter.keepsGraphs = false
        guard let graph = trainer.reporter.graphs[rootName] else { throw MissingGraph(key: rootName) }
        try Data((graph.dump() + "\n").utf8).write(to: trainer.out.appendingPathComponent(filename), options: .atomic)
        dumped = true
    }

    /// Stops keeping graphs.
    public override func finalize(_ trainer: Trainer) { trainer.reporter.keepsGraphs = false }

    /// Chainer's keys: `_flag_called` (whether the graph was written) and `_original_flag`.
    public override func stateDict() -> [String: NDArray] {
        ["_original_flag": NDArray(false), "_flag_called": NDArray(dumped)]
    }

    /// Restores whether the graph was written.
    public override func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        if let called = state["_flag_called"] { dumped = called.item() != 0 }
    }
}

/// Chainer's `extensions.dump_graph(root_name, filename)`.
public func dumpGraph(_ rootName: String, filename: String = "cg.dot") -> DumpGraph {
    DumpGraph(rootName, filename: filename)
}

/// Releases, every iteration, the graphs the reporter kept for reported variables (Chainer's
/// `extensions.unchain_variables`, which unchains the observed variables to free their graphs early). Observations
/// here are numbers, so the kept graphs (see `Reporter.keepsGraphs`) are all there is to free. It runs after the
/// readers, so extensions such as DumpGraph see the graphs first.
public func unchainVariables() -> Extension {
    LambdaExtension(name: "unchain_variables", trigger: (1, .iteration), priority: 0) { trainer in
        trainer.reporter.releaseGraphs()
    }
}
