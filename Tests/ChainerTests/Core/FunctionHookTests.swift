import Foundation
import Testing
@testable import Chainer

/// Function hooks: custom pre/post hooks, global installation and removal, scoping, and the standard TimerHook and
/// PrintHook.
@Suite struct FunctionHookTests {
    /// Records every call it sees (thread-safe: a global hook also sees other tests' functions).
    final class Recorder: FunctionHooks.Hook, @unchecked Sendable {
        private let lock = NSLock()
        private var events: [String] = []
        func forwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray]) {
            lock.lock(); events.append("pre \(function.label) \(inputs.map(\.shape))"); lock.unlock()
        }
        func forwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray], _ outputs: [NDArray]) {
            lock.lock(); events.append("post \(function.label) \(outputs.map(\.shape))"); lock.unlock()
        }
        var seen: [String] { lock.lock(); defer { lock.unlock() }; return events }
    }

    /// A function no other test applies, so a global hook's record of it is this test's own.
    final class Marker: FunctionNode {
        override var label: String { "FunctionHookTestsMarker" }
        override func forward(_ x: [NDArray]) -> [NDArray] { [x[0] * 2.0] }
        override func backward(_ i: [Int], _ gy: [Variable?]) -> [Variable?] { [gy[0]! * 2.0] }
    }

    @Test func customHookSeesInputsBeforeAndOutputsAfterForward() {
        let hook = Recorder()
        let x = Variable(NDArray.ones([2, 3]))
        FunctionHooks.using(hook) { _ = F.sum(F.relu(x), axis: 1) }
        #expect(hook.seen == ["pre relu [[2, 3]]", "post relu [[2, 3]]", "pre Sum [[2, 3]]", "post Sum [[2]]"])
        // Outside the scope the hook is gone.
        _ = F.relu(x)
        #expect(hook.seen.count == 4)
    }

    @Test func nestedScopesRunOuterHooksFirst() {
        let outer = Recorder(), inner = Recorder()
        FunctionHooks.using(outer) {
            _ = F.exp(Variable(NDArray.ones([1])))
            FunctionHooks.using(inner) { _ = F.log(Variable(NDArray.ones([1]))) }
        }
        #expect(outer.seen.filter { $0.hasPrefix("pre") } == ["pre exp [[1]]", "pre log [[1]]"])
        #expect(inner.seen == ["pre log [[1]]", "post log [[1]]"])
    }

    @Test func globalHookSeesFunctionsUntilRemoved() {
        let hook = Recorder()
        let x = Variable(NDArray.ones([2]))
        FunctionHooks.add(hook)
        _ = Marker().applySingle([x])
        FunctionHooks.remove(hook)
        _ = Marker().applySingle([x])
        #expect(hook.seen.filter { $0.contains("FunctionHookTestsMarker") } ==
                ["pre FunctionHookTestsMarker [[2]]", "post FunctionHookTestsMarker [[2]]"])
    }

    @Test func hooksRunInNoBackpropModeToo() {
        let hook = Recorder()
        FunctionHooks.using(hook) { noBackpropMode { _ = F.tanh(Variable(NDArray.ones([3]))) } }
        #expect(hook.seen == ["pre tanh [[3]]", "post tanh [[3]]"])
    }

    @Test func timerHookSummarisesCallsPerFunction() {
        let timer = FunctionHooks.TimerHook()
        let x = Variable(NDArray.ones([4]))
        FunctionHooks.using(timer) {
            for _ in 0..<3 { _ = F.tanh(x) }
            _ = F.exp(x)
        }
        let summary = timer.summary()
        #expect(summary["tanh"]?.calls == 3 && summary["exp"]?.calls == 1)
        #expect(timer.callHistory.count == 4)
        #expect(timer.callHistory.allSatisfy { $0.1 >= 0 })
        #expect(Swift.abs(timer.totalTime() - timer.callHistory.reduce(0) { $0 + $1.1 }) < 1e-12)
    }

    @Test func printHookWritesOneLinePerFunction() {
        var lines: [String] = []
        let printer = FunctionHooks.PrintHook { lines.append($0) }
        FunctionHooks.using(printer) {
            _ = F.matmul(Variable(NDArray.ones([2, 3], dtype: .float64)), Variable(NDArray.ones([3, 4], dtype: .float64)))
        }
        #expect(lines == ["function MatMul: inputs [[2, 3] float64, [3, 4] float64]"])
    }
}
