import ArgumentParser
import Foundation

/// `chainer bench WORKLOAD`: prints the JSON lines of ../shared/bench for side-by-side comparison with the peers.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs a benchmark and prints JSON lines comparable with ../shared/bench.",
        discussion: """
            Run in release mode. OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from this process's environment \
            before the BLAS loads (they halve OpenBLAS's sgemm here); run the peers with them unset too.
            """)

    @Argument(help: "The workload: array, overhead, mlp, lenet, lstm or resnet20.")
    var workload: String

    @Argument(help: "Only these cases (default: all).")
    var cases: [String] = []

    @Option(help: "Timed repetitions (array: per case, the median is printed, default 20; overhead: steps timed, default 50).")
    var reps: Int?

    @Flag(help: "overhead only: report resident memory (from /proc/self/statm) at the start, middle and end instead of time.")
    var rss = false

    static let workloads = ["array", "overhead", "mlp", "lenet", "lstm", "resnet20"]

    func validate() throws {
        guard Self.workloads.contains(workload) else {
            throw ValidationError("unknown workload '\(workload)' (available: \(Self.workloads.joined(separator: ", ")))")
        }
        if !cases.isEmpty {
            guard workload == "array" else { throw ValidationError("only the array workload takes case names") }
            let unknown = cases.filter { !ArrayBench.caseNames.contains($0) }
            guard unknown.isEmpty else {
                throw ValidationError("unknown array case \(unknown.joined(separator: ", ")) (available: "
                                      + ArrayBench.caseNames.joined(separator: ", ") + ")")
            }
        }
        if rss && workload != "overhead" { throw ValidationError("--rss applies to the overhead workload only") }
        if reps != nil && !["array", "overhead"].contains(workload) {
            throw ValidationError("--reps applies to the array and overhead workloads only")
        }
        if let reps, reps <= 0 { throw ValidationError("--reps must be positive, not \(reps)") }
    }

    func run() throws {
        // The BLAS is opened lazily on the first GEMM, so unsetting these here reaches its start-up code.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv("OPENBLAS_L2_SIZE")
        switch workload {
        case "array": ArrayBench.run(only: Set(cases), reps: reps ?? 20)
        case "overhead": rss ? OverheadBench.memory(steps: reps ?? 100_000) : OverheadBench.run(reps: reps ?? 50)
        case "mlp": try TrainBench.mlp()
        case "lenet": try TrainBench.lenet()
        case "lstm": ModelBench.lstm()
        case "resnet20": ModelBench.resnet20()
        default: preconditionFailure("validate() admits only \(Self.workloads)")
        }
    }
}
