import Foundation

extension FunctionHooks {
    /// Measures the forward and backward time of every function, by label (Chainer's `TimerHook`: a function's
    /// backward is a second entry under its label).
    public final class TimerHook: Hook, @unchecked Sendable {
        private let lock = NSLock()
        private var starts: [ObjectIdentifier: UInt64] = [:]
        /// (function label, seconds) for every forward and backward, in order.
        public private(set) var callHistory: [(String, Double)] = []

        /// Creates a timer hook.
        public init() {}

        public func forwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray]) { start(function) }

        public func forwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray], _ outputs: [NDArray]) {
            stop(function)
        }

        public func backwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?]) {
            start(function)
        }

        public func backwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?]) {
            stop(function)
        }

        private func start(_ function: FunctionNode) {
            lock.lock(); starts[ObjectIdentifier(function)] = DispatchTime.now().uptimeNanoseconds; lock.unlock()
        }

        private func stop(_ function: FunctionNode) {
            let end = DispatchTime.now().uptimeNanoseconds
            lock.lock(); defer { lock.unlock() }
            guard let start = starts.removeValue(forKey: ObjectIdentifier(function)) else { return }
            callHistory.append((function.label, Double(end - start) / 1e9))
        }

        /// Total seconds over all calls.
        public func totalTime() -> Double { callHistory.reduce(0) { $0 + $1.1 } }

        /// Calls and seconds per function label.
        public func summary() -> [String: (calls: Int, seconds: Double)] {
            var out: [String: (calls: Int, seconds: Double)] = [:]
            for (label, t) in callHistory {
                let old = out[label] ?? (0, 0)
                out[label] = (old.calls + 1, old.seconds + t)
            }
            return out
        }
    }

    /// Prints each function with its input shapes and dtypes, and each backward with its output gradients' (Chainer's
    /// `PrintHook`).
    public final class PrintHook: Hook, @unchecked Sendable {
        private let write: (String) -> Void
        /// Prints to standard output, or hands each line to `write`.
        public init(write: @escaping (String) -> Void = { print($0) }) { self.write = write }

        public func forwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray]) {
            let desc = inputs.map { "\($0.shape) \($0.dtype)" }.joined(separator: ", ")
            write("function \(function.label): inputs [\(desc)]")
        }

        public func forwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray], _ outputs: [NDArray]) {}

        public func backwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?]) {
            let desc = outputGrads.map { $0.map { "\($0.shape) \($0.dtype)" } ?? "None" }.joined(separator: ", ")
            write("function \(function.label): backward, output gradients [\(desc)]")
        }
    }
}
