import Foundation

extension LinkHooks {
    /// Measures the forward time of every link, by link class (Chainer's `chainer.link_hooks.TimerHook`). Nested
    /// links' times overlap their parents'; `totalTime()` counts only the outermost calls.
    ///
    /// ```swift
    /// let timer = LinkHooks.TimerHook()
    /// LinkHooks.using(timer) { _ = model(x) }
    /// print(timer.summary()["Linear"]!)
    /// ```
    public final class TimerHook: LinkHook, @unchecked Sendable {
        private let lock = NSLock()
        private var running: [UInt64] = []
        private var total = 0.0
        /// (link class name, seconds) for every call, in the order the calls finished.
        public private(set) var callHistory: [(String, Double)] = []

        /// Creates a timer hook.
        public override init(name: String = "TimerHook") { super.init(name: name) }

        public override func forwardPreprocess(_ call: LinkHookCall) {
            lock.lock(); running.append(DispatchTime.now().uptimeNanoseconds); lock.unlock()
        }

        public override func forwardPostprocess(_ call: LinkHookCall) {
            let end = DispatchTime.now().uptimeNanoseconds
            lock.lock(); defer { lock.unlock() }
            guard let start = running.popLast() else { return }
            let seconds = Double(end - start) / 1e9
            callHistory.append((String(describing: type(of: call.link)), seconds))
            if running.isEmpty { total += seconds }
        }

        /// Seconds spent in the outermost link calls.
        public func totalTime() -> Double {
            lock.lock(); defer { lock.unlock() }
            return total
        }

        /// Calls and seconds per link class.
        public func summary() -> [String: (calls: Int, seconds: Double)] {
            lock.lock(); defer { lock.unlock() }
            var out: [String: (calls: Int, seconds: Double)] = [:]
            for (name, t) in callHistory {
                let old = out[name] ?? (0, 0)
                out[name] = (old.calls + 1, old.seconds + t)
            }
            return out
        }

        /// A table of link class, elapsed time and calls, in the order each class first finished (Chainer's
        /// `print_report` with unit "auto_foreach").
        public func report() -> String {
            let sums = summary()
            var order: [String] = []
            for (name, _) in callHistory where !order.contains(name) { order.append(name) }
            func format(_ s: Double) -> String {
                let (f, unit): (Double, String) = s >= 1 ? (1, "sec") : s >= 1e-3 ? (1e3, "ms") : s >= 1e-6 ? (1e6, "us") : (1e9, "ns")
                return String(format: "%.2f", s * f) + unit
            }
            let rows = [["LinkName", "ElapsedTime", "Occurrence"]]
                + order.map { [$0, format(sums[$0]!.seconds), String(sums[$0]!.calls)] }
            let widths = (0..<3).map { c in rows.map { $0[c].count }.max()! }
            return rows.map { row in
                (0..<3).map { String(repeating: " ", count: widths[$0] - row[$0].count) + row[$0] }.joined(separator: "  ")
            }.joined(separator: "\n")
        }
    }
}
