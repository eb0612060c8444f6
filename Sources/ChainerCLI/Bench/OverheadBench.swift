import Chainer
import Foundation

/// The `overhead` workload of ../shared/bench: define-by-run cost per op, forward and backward together.
enum OverheadBench {
    /// One step of the workload: `ops` × tanh(h * 1.0001 + 0.0001), then sum and backward.
    private static func step(_ x: Variable, ops: Int) {
        var h = x
        for _ in 0..<ops { h = F.tanh(h * 1.0001 + 0.0001) }
        F.sum(h).backward()
    }

    /// Times `reps` steps after one warm-up and prints microseconds per op (the shared workload is 50 repetitions).
    static func run(ops: Int = 200, reps: Int = 50) {
        seed(0)
        let x = Variable(NDArray.uniform([16]))
        step(x, ops: ops)
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<reps { step(x, ops: ops) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let us = seconds / Double(reps) / Double(3 * ops) * 1e6
        BenchTimer.emit(["workload": "overhead", "us_per_op": (us * 100).rounded() / 100])
    }

    /// Runs `steps` steps (clearing the leaf's gradient each time, as a training loop would) and prints the resident
    /// memory at the start, middle and end: flat figures show that no node or array outlives its step.
    static func memory(ops: Int = 200, steps: Int) {
        seed(0)
        let x = Variable(NDArray.uniform([16]))
        var samples: [String: Int] = [:]
        for i in 0..<steps {
            x.clearGrad()
            step(x, ops: ops)
            if i == 0 { samples["rss_kb_start"] = residentKilobytes() }
            if i == steps / 2 { samples["rss_kb_middle"] = residentKilobytes() }
        }
        samples["rss_kb_end"] = residentKilobytes()
        BenchTimer.emit(["workload": "overhead_memory", "steps": steps].merging(samples) { $1 })
    }

    /// Resident set size in KiB, from /proc/self/statm (0 where that file does not exist).
    static func residentKilobytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }
}
