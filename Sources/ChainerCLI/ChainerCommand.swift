import ArgumentParser

/// The `chainer` command-line tool.
struct ChainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chainer",
        abstract: "swift-chainer: Chainer's define-by-run deep learning framework, native in Swift.",
        discussion: """
        Examples:
          chainer info                 what the array library found (CPU kernels, BLAS, threads)
          chainer bench array          the array-library benchmark (JSON lines, as ../shared/bench/numpy_bench.py)
          chainer bench array add_1M   one case
        """,
        subcommands: [Info.self, Bench.self])
}
