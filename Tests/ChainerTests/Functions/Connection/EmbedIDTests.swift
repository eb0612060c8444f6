import Testing
@testable import Chainer
import ChainerTesting

/// embedID against NumPy row lookups, with ignored labels giving zero rows and no gradient.
@Suite struct EmbedIDTests {
    @Test(arguments: ["plain", "ignore"]) func embedID(_ name: String) throws {
        let c = try WindowCase("embed/" + name)
        let ignore = c.params["ignoreLabel"] as? Int
        let row = FunctionSpec("embedID/" + name, inputs: { [c["x"], c["W"]] }, reference: { _ in [c["y"]] }) { v in
            [F.embedID(v[0], v[1], ignoreLabel: ignore)]
        }
        try runSpec(row)
    }

    @Test func ignoredLabelsGetNoGradientAndRepeatedIdsAccumulate() throws {
        let W = Variable(NDArray.normal([4, 3], dtype: .float64))
        let ids = NDArray([2, -1, 2, 0] as [Int32])
        let y = F.embedID(ids, W, ignoreLabel: -1)
        #expect(y.array[1].scalars == [0, 0, 0])
        F.sum(y).backward()
        #expect(W.grad!.scalars == [1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0])
        let viaVariable = F.embedID(Variable(ids, requiresGrad: false), W, ignoreLabel: -1)
        #expect(viaVariable.array == y.array)
    }
}
