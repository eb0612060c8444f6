import ArgumentParser
import Chainer

struct ChainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chainer", abstract: "swift-chainer command-line tools.",
                                                    subcommands: [Info.self])
}

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Prints the version, CPU kernels and BLAS in use.")
    func run() { print("swift-chainer \(chainerVersion)") }
}

ChainerCommand.main()
