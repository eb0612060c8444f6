import Testing
@testable import Chainer
import ChainerTesting

/// `scaledDotProductAttention` against NumPy (scripts/fixtures/normloss.py), with gradient checks.
@Suite struct ScaledDotProductAttentionTests {
    static let names = ["plain", "booleanMask", "additiveMask", "causal"]

    static func row(_ name: String, _ fx: [String: NDArray]) -> FunctionSpec {
        switch name {
        case "plain":
            return FunctionSpec(name, inputs: { [fx["q"]!, fx["k"]!, fx["v"]!] }, reference: { _ in [fx["plain"]!] }) {
                [F.scaledDotProductAttention($0[0], $0[1], $0[2])]
            }
        case "booleanMask":
            return FunctionSpec(name, inputs: { [fx["q"]!, fx["k"]!, fx["v"]!] }, reference: { _ in [fx["masked"]!] }) {
                [F.scaledDotProductAttention($0[0], $0[1], $0[2], mask: fx["mask"]!)]
            }
        case "additiveMask":
            return FunctionSpec(name, inputs: { [fx["q"]!, fx["k"]!, fx["v"]!] }, reference: { _ in [fx["additive"]!] }) {
                [F.scaledDotProductAttention($0[0], $0[1], $0[2], mask: fx["addmask"]!)]
            }
        default:
            return FunctionSpec(name, inputs: { [fx["cq"]!, fx["ck"]!, fx["cv"]!] }, reference: { _ in [fx["causal"]!] }) {
                [F.scaledDotProductAttention($0[0], $0[1], $0[2], causal: true)]
            }
        }
    }

    @Test(arguments: names)
    func spec(_ name: String) throws {
        try runSpec(Self.row(name, try Fixture.load("attention")))
    }

    @Test func maskedKeysGetNoGradient() throws {
        let fx = try Fixture.load("attention")
        let (q, k, v) = (Variable(fx["q"]!), Variable(fx["k"]!), Variable(fx["v"]!))
        // Key 4 is masked for every query: its value row receives no gradient.
        var keep = NDArray.ones([3, 5], dtype: .bool)
        keep = NDArray.where(NDArray.arange(5.0, dtype: .int64).reshaped([1, 5]) .== 4.0, NDArray.zeros([3, 5], dtype: .bool), keep)
        F.sum(F.scaledDotProductAttention(q, k, v, mask: keep)).backward()
        expectArray(v.grad![NDIndex.all, 4..., NDIndex.all].contiguous(), NDArray.zeros([2, 1, 3], dtype: .float64))
        #expect(v.grad!.isfinite().all().item() == 1 && k.grad!.isfinite().all().item() == 1)
    }
}
