import ArgumentParser
import Chainer

/// `chainer info`: version, CPU features, kernel clone, BLAS and threads.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Prints the version, the CPU kernels and the BLAS in use.")

    func run() {
        print("swift-chainer \(chainerVersion)")
        for line in SystemInfo.lines() { print(line) }
    }
}
