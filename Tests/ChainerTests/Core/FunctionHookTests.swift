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
        func backwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?]) {
            let kept = inputs.map { $0.map { "\($0.shape)" } ?? "-" }.joined(separator: " ")
            lock.lock(); events.append("bpre \(function.label) in \(kept) gy \(outputGrads.map { $0?.shape ?? [] })"); lock.unlock()
        }
        func backwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray?], _ outputGrads: [NDArray?]) {
            lock.lock(); events.append("bpost \(function.label)"); lock.unlock()
        }
        var seen: [String] { lock.lock(); defer { lock.unlock() }; return events }
    }

    /// Implements only the forward methods: the backward ones default to nothing.
    final class ForwardOnly: FunctionHooks.Hook, @unchecked Sendable {
        nonisolated(unsafe) var count = 0
        func forwardPreprocess(_ function: FunctionNode, _ inputs: [NDArray]) { count += 1 }
        func forwardPostprocess(_ function: FunctionNode, _ inputs: [NDArray], _ outputs: [NDArray]) {}
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
        #expect(hook.seen == ["pre ReLU [[2, 3]]", "post ReLU [[2, 3]]", "pre Sum [[2, 3]]", "post Sum [[2]]"])
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
        #expect(outer.seen.filter { $0.hasPrefix("pre") } == ["pre Exp [[1]]", "pre Log [[1]]"])
        #expect(inner.seen == ["pre Log [[1]]", "post Log [[1]]"])
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
        #expect(hook.seen == ["pre Tanh [[3]]", "post Tanh [[3]]"])
    }

    @Test func backwardCallsHooksAroundEachFunctionInBackwardOrder() {
        let hook = Recorder()
        let x = Variable(NDArray.ones([2, 3])), w = Variable(NDArray.ones([3, 4]))
        FunctionHooks.using(hook) {
            let y = F.sum(F.relu(F.matmul(x, w)))
            y.backward()
        }
        let backward = hook.seen.filter { $0.hasPrefix("b") }
        // Sum keeps no input, relu keeps its output only, MatMul keeps both inputs.
        #expect(backward == ["bpre Sum in - gy [[]]", "bpost Sum",
                             "bpre ReLU in - gy [[2, 4]]", "bpost ReLU",
                             "bpre MatMul in [2, 3] [3, 4] gy [[2, 4]]", "bpost MatMul"])
        #expect(x.grad != nil && w.grad != nil)
    }

    @Test func backwardOutsideTheScopeCallsNoHook() {
        let hook = Recorder()
        let x = Variable(NDArray.ones([3]))
        let y = FunctionHooks.using(hook) { F.sum(F.tanh(x)) }
        y.backward()
        #expect(!hook.seen.contains { $0.hasPrefix("b") })
    }

    @Test func doubleBackpropCallsBackwardHooksToo() {
        let hook = Recorder()
        let x = Variable(NDArray([1.0, 2.0], shape: [2], dtype: .float64))
        FunctionHooks.using(hook) {
            let y = F.sum(x * x)
            y.backward(enableDoubleBackprop: true)
        }
        #expect(hook.seen.filter { $0.hasPrefix("bpost") } == ["bpost Sum", "bpost Mul"])
        #expect(x.grad!.asArray(Double.self) == [2, 4])
    }

    @Test func hooksWithoutBackwardMethodsStillWork() {
        let hook = ForwardOnly()
        let x = Variable(NDArray.ones([2]))
        FunctionHooks.using(hook) { F.sum(F.exp(x)).backward() }
        #expect(hook.count == 2)
        #expect(x.grad!.asArray(Float.self) == [Float(M_E), Float(M_E)])
    }

    @Test func timerHookTimesBackwardAsASecondEntry() {
        let timer = FunctionHooks.TimerHook()
        let x = Variable(NDArray.ones([4]))
        FunctionHooks.using(timer) { F.sum(F.tanh(x)).backward() }
        #expect(timer.callHistory.map(\.0) == ["Tanh", "Sum", "Sum", "Tanh"])
        #expect(timer.summary()["Tanh"]?.calls == 2)
    }

    @Test func timerHookSummarisesCallsPerFunction() {
        let timer = FunctionHooks.TimerHook()
        let x = Variable(NDArray.ones([4]))
        FunctionHooks.using(timer) {
            for _ in 0..<3 { _ = F.tanh(x) }
            _ = F.exp(x)
        }
        let summary = timer.summary()
        #expect(summary["Tanh"]?.calls == 3 && summary["Exp"]?.calls == 1)
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

    @Test func printHookWritesTheBackwardWithItsOutputGradients() {
        var lines: [String] = []
        let printer = FunctionHooks.PrintHook { lines.append($0) }
        FunctionHooks.using(printer) { F.sum(Variable(NDArray.ones([2], dtype: .float64)) * 3.0).backward() }
        #expect(lines.suffix(2) == ["function Sum: backward, output gradients [[] float64]",
                                    "function MulConstant: backward, output gradients [[2] float64]"])
    }
}
