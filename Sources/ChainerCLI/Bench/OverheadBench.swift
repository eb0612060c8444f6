import Chainer
import Foundation

/// The `overhead` workload of ../shared/bench: define-by-run cost per op, forward and backward together.
enum OverheadBench {
    static func run(ops: Int = 200, reps: Int = 50) {
        seed(0)
        let x = Variable(NDArray.uniform([16]))
        func step() {
            var h = x
            for _ in 0..<ops { h = F.tanh(h * 1.0001 + 0.0001) }
            F.sum(h).backward()
        }
        step()
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<reps { step() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let us = seconds / Double(reps) / Double(3 * ops) * 1e6
        BenchTimer.emit(["workload": "overhead", "us_per_op": (us * 100).rounded() / 100])
    }
}
