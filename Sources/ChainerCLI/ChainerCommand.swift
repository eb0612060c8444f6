import ArgumentParser

/// The `chainer` command-line tool.
struct ChainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chainer",
        abstract: "swift-chainer: Chainer's define-by-run deep learning framework, native in Swift.",
        discussion: """
        Examples:
          chainer mnist --epoch 3        train an MLP on MNIST (log, plots, snapshots in result/)
          chainer mnist --arch lenet     the same with LeNet
          chainer info                   CPU kernels, BLAS and threads found
          chainer bench array            NumPy's benchmark cases, as JSON lines
          chainer bench array add_1M     one case
          chainer bench overhead         define-by-run cost per op
        """,
        subcommands: [MNIST.self, Info.self, Bench.self])
}
