import Testing
@testable import Chainer

/// Debug mode stops at the first NaN or Inf in a forward output or a gradient, naming the function and where it was
/// applied; outside debug mode the same computations run through.
@Suite struct DebugModeTests {
    static func stderr(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func forwardNaNNamesTheFunction() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            usingConfig(\.debug, true) { _ = F.log(Variable(NDArray([1.0, -1.0]))) }
        }
        let message = Self.stderr(result)
        #expect(message.contains("Log: forward output 0"), "\(message)")
        #expect(message.contains("NaN or Inf"), "\(message)")
    }

    @Test func forwardNaNNamesTheCallSite() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            usingConfig(\.debug, true) { _ = F.clip(Variable(NDArray([Double.nan, 1.0])), -1, 1) }
        }
        let message = Self.stderr(result)
        #expect(message.contains("Clip: forward output 0"), "\(message)")
        #expect(message.contains("DebugModeTests.swift"), "\(message)")
    }

    @Test func backwardInfNamesTheFunction() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            usingConfig(\.debug, true) {
                let x = Variable(NDArray([0.0, 4.0]))
                F.sum(F.sqrt(x)).backward()     // d√x/dx at 0 is Inf
            }
        }
        let message = Self.stderr(result)
        #expect(message.contains("Sqrt: backward output 0"), "\(message)")
    }

    @Test func withoutDebugNaNsPassThrough() {
        let x = Variable(NDArray([0.0, 4.0]))
        let y = F.log(x - 1.0)
        #expect(y.array.scalars[0].isNaN)
        F.sum(F.sqrt(x)).backward()
        #expect(x.grad!.scalars[0].isInfinite)
    }
}
