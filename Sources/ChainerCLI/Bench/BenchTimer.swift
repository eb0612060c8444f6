import Chainer
import Foundation

/// Timing and JSON output shared by the benchmarks.
enum BenchTimer {
    /// Median wall time of `reps` calls after one warm-up call, in milliseconds.
    static func medianMilliseconds<R>(reps: Int, _ f: () -> R) -> Double {
        _ = f()
        var times: [Double] = []
        for _ in 0..<max(reps, 1) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = f()
            let t1 = DispatchTime.now().uptimeNanoseconds
            withExtendedLifetime(r) {}
            times.append(Double(t1 - t0) / 1e6)
        }
        times.sort()
        return times[times.count / 2]
    }

    /// Prints one JSON line with the framework fields the peer scripts print, plus the thread count.
    static func emit(_ fields: [String: Any]) {
        var all: [String: Any] = ["framework": "swift-chainer", "version": chainerVersion, "threads": Parallel.threadCount]
        all.merge(fields) { $1 }
        let data = try! JSONSerialization.data(withJSONObject: all, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        FileHandle.standardOutput.synchronizeFile()
    }
}
