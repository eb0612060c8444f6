import ArgumentParser
import Chainer
import Foundation

/// `chainer mnist`: Chainer's MNIST example (train an MLP or LeNet on the embedded MNIST set).
struct MNIST: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mnist",
        abstract: "Trains a classifier on MNIST (the embedded 10k set: 8000 train, 2000 test).",
        discussion: """
        Example: chainer mnist --epoch 3 --arch mlp --out result

        The newest snapshot (out/snapshot_iter_N) holds the whole trainer, the random generator included: \
        --resume out/snapshot_iter_N, or --autoload, continues a stopped or killed run exactly (with the same \
        --seed and CHAINER_NUM_THREADS, the parameters end bit-identical to an uninterrupted run's).
        """)

    @Option(name: [.short, .long], parsing: .unconditional, help: "Examples per minibatch.") var batchsize = 100
    @Option(name: [.short, .long], parsing: .unconditional, help: "Passes over the training set.") var epoch = 20
    @Option(name: [.short, .long], parsing: .unconditional, help: "Hidden units of the MLP.") var unit = 1000
    @Option(help: "Model: mlp or lenet.") var arch = "mlp"
    @Option(name: [.short, .long], help: "Directory for the log, plots and snapshots.") var out = "result"
    @Option(name: [.short, .long], help: "Snapshot to resume from.") var resume: String?
    @Flag(help: "Resume from the newest snapshot in --out, if any (it wins over --resume, as in Chainer).")
    var autoload = false
    @Option(name: [.short, .long], parsing: .unconditional,
            help: "Snapshot every N epochs (-1: only at the end).") var frequency = -1
    @Option(parsing: .unconditional, help: ArgumentHelp("Snapshot every N iterations instead of every --frequency epochs.",
                                                       valueName: "N")) var snapshotInterval: Int?
    @Option(name: [.short, .long], parsing: .unconditional, help: "Device: -1 or @numpy (this build runs on the CPU).")
    var device = "-1"
    @Option(name: [.customShort("g"), .long], parsing: .unconditional, help: .hidden) var gpu: Int?
    @Option(parsing: .unconditional, help: "Random seed.") var seed: UInt64 = 0
    @Flag(help: "Do not write the loss and accuracy plots.") var noplot = false
    @Flag(help: "Use the full 70k MNIST (downloaded into the dataset root).") var full = false

    func validate() throws {
        guard ["mlp", "lenet"].contains(arch) else { throw ValidationError("--arch must be mlp or lenet, not \(arch)") }
        for (flag, value) in [("--batchsize", batchsize), ("--epoch", epoch), ("--unit", unit)] where value <= 0 {
            throw ValidationError("\(flag) must be positive, not \(value)")
        }
        if let snapshotInterval, snapshotInterval <= 0 {
            throw ValidationError("--snapshot-interval must be positive, not \(snapshotInterval)")
        }
        guard ["-1", "@numpy", "native", "@native", "cpu"].contains(device) else {
            throw ValidationError("--device \(device): this build runs on the CPU only (use -1 or @numpy)")
        }
        if let gpu, gpu >= 0 { throw ValidationError("--gpu \(gpu): this build runs on the CPU only (use -1)") }
    }

    func run() throws {
        // The table goes to stdout, which is block-buffered into a pipe or file: flushed before an error line is
        // printed on stderr, the two arrive in the order they were written.
        defer { fflush(nil) }
        Chainer.seed(seed)
        // Chainer's example's header.
        print("Device: @numpy\n# unit: \(unit)\n# arch: \(arch)\n# Minibatch-size: \(batchsize)\n# epoch: \(epoch)\n")
        let ndim = arch == "lenet" ? 3 : 1
        let (train, test) = try Datasets.mnist(ndim: ndim, full: full)
        let predictor: Link & ChainCall = arch == "lenet" ? LeNet() : MLP(unit)
        let model = L.Classifier(predictor)
        let optimizer = Adam()
        optimizer.setup(model)
        let updater = StandardUpdater(SerialIterator(train, batchSize: batchsize), optimizer)
        let trainer = Trainer(updater, stop: (epoch, .epoch), out: out)
        trainer.extend(Evaluator(SerialIterator(test, batchSize: batchsize, repeat: false, shuffle: false), model))
        // Only the newest snapshot is kept, as in Chainer's example (n_retains=1).
        let snapshots = snapshot(nRetains: 1, autoload: autoload)
        if let snapshotInterval {
            trainer.extend(snapshots, trigger: (snapshotInterval, .iteration))
        } else {
            // Chainer's example: -1 snapshots at the end only, anything else at least every epoch.
            trainer.extend(snapshots, trigger: (frequency == -1 ? epoch : max(1, frequency), .epoch))
        }
        trainer.extend(DumpGraph("main/loss"))
        trainer.extend(LogReport())
        if !noplot {
            trainer.extend(PlotReport(["main/loss", "validation/main/loss"], xKey: "epoch", filename: "loss.png"))
            trainer.extend(PlotReport(["main/accuracy", "validation/main/accuracy"], xKey: "epoch", filename: "accuracy.png"))
        }
        trainer.extend(PrintReport(["epoch", "main/loss", "validation/main/loss", "main/accuracy", "validation/main/accuracy", "elapsed_time"]))
        trainer.extend(ProgressBar())
        if let resume {
            do { try trainer.resume(from: resume) } catch { throw CLIError("cannot resume from \(resume): \(error)") }
        }
        try CLIError.preparing(output: out)
        do { try trainer.run() } catch { throw CLIError(describing: error) }
    }
}

/// The MLP of Chainer's example: 784 → unit → unit → 10 with ReLU.
final class MLP: Chain {
    let l1: L.Linear, l2: L.Linear, l3: L.Linear
    init(_ unit: Int) {
        l1 = L.Linear(nil, unit); l2 = L.Linear(unit, unit); l3 = L.Linear(unit, 10)
        super.init()
    }
    func callAsFunction(_ x: Variable) -> Variable { l3(F.relu(l2(F.relu(l1(x))))) }
}

/// LeNet-5 as in ../shared/bench: conv 5×5 1→20, pool, conv 5×5 20→50, pool, fc 800→500, fc 500→10.
final class LeNet: Chain {
    let conv1 = L.Convolution2D(1, 20, ksize: 5), conv2 = L.Convolution2D(20, 50, ksize: 5)
    let fc1 = L.Linear(800, 500), fc2 = L.Linear(500, 10)
    func callAsFunction(_ x: Variable) -> Variable {
        var h = F.maxPooling2D(F.relu(conv1(x)), ksize: 2, stride: 2)
        h = F.maxPooling2D(F.relu(conv2(h)), ksize: 2, stride: 2)
        return fc2(F.relu(fc1(h)))
    }
}
