import Testing
@testable import Chainer
import ChainerTesting

/// Gradient checks and reference values for the functions an MLP classifier is built from.
@Suite struct NetworkFunctionTests {
    static func randn(_ shape: [Int]) -> NDArray { NDArray.normal(shape, dtype: .float64) }

    @Test(arguments: [([3, 4], [4, 5]), ([2, 3, 4], [4, 2]), ([4], [4, 3]), ([3, 4], [4]), ([2, 1, 3, 4], [5, 4, 2])])
    func matmul(_ shapes: ([Int], [Int])) throws {
        let (a, b) = (Self.randn(shapes.0), Self.randn(shapes.1))
        let y = F.matmul(Variable(a), Variable(b))
        #expect(y.array.allClose(a.matmul(b)))
        try checkBackward({ [F.matmul($0[0], $0[1])] }, inputs: [a, b], gradOutputs: [Self.randn(y.shape)])
        try checkDoubleBackward({ [F.matmul($0[0], $0[1])] }, inputs: [a, b], gradOutputs: [Self.randn(y.shape)])
    }

    @Test func linear() throws {
        let x = Self.randn([5, 3]), W = Self.randn([4, 3]), b = Self.randn([4])
        let y = F.linear(Variable(x), Variable(W), Variable(b))
        #expect(y.array.allClose(x.matmul(W.T) + b))
        try checkBackward({ [F.linear($0[0], $0[1], $0[2])] }, inputs: [x, W, b], gradOutputs: [Self.randn([5, 4])])
        try checkDoubleBackward({ [F.linear($0[0], $0[1], $0[2])] }, inputs: [x, W, b], gradOutputs: [Self.randn([5, 4])])
    }

    @Test func softmaxAndLogSoftmax() throws {
        let x = Self.randn([3, 5])
        let s = F.softmax(Variable(x)).array
        #expect(s.sum(axis: 1).allClose(NDArray.ones([3], dtype: .float64)))
        #expect(F.logSoftmax(Variable(x)).array.allClose(s.log()))
        for f in [{ F.softmax($0) }, { F.logSoftmax($0) }] as [(Variable) -> Variable] {
            try checkBackward({ [f($0[0])] }, inputs: [x], gradOutputs: [Self.randn([3, 5])])
            try checkDoubleBackward({ [f($0[0])] }, inputs: [x], gradOutputs: [Self.randn([3, 5])])
        }
    }

    @Test func softmaxCrossEntropy() throws {
        // Uniform logits: the loss is log(C) for every counted sample.
        let uniform = Variable(NDArray.zeros([4, 10], dtype: .float64))
        let t = NDArray([1, 2, -1, 9] as [Int32])
        #expect(Swift.abs(F.softmaxCrossEntropy(uniform, t).item() - Foundation.log(10.0)) < 1e-12)
        let perSample = F.softmaxCrossEntropy(uniform, t, reduce: .no).array.scalars
        #expect(perSample[2] == 0)
        // Against a direct computation.
        let x = Self.randn([4, 10])
        let lse = x.logsumexp(axis: 1)
        let expected = [0, 1, 3].map { i in lse.scalars[i] - x[i, Int(t.scalars[i])].item() }.reduce(0, +) / 3
        #expect(Swift.abs(F.softmaxCrossEntropy(Variable(x), t).item() - expected) < 1e-12)
        try checkBackward({ [F.softmaxCrossEntropy($0[0], t)] }, inputs: [x])
        try checkDoubleBackward({ [F.softmaxCrossEntropy($0[0], t)] }, inputs: [x], gradOutputs: [NDArray(scalar: 1.3)])
    }

    @Test func meanSquaredErrorAndSelectItem() throws {
        let a = Self.randn([3, 4]), b = Self.randn([3, 4])
        #expect(Swift.abs(F.meanSquaredError(Variable(a), Variable(b)).item() - (a - b).square().mean().item()) < 1e-12)
        try checkBackward({ [F.meanSquaredError($0[0], $0[1])] }, inputs: [a, b])
        let t = NDArray([3, 0, 2] as [Int64])
        #expect(F.selectItem(Variable(a), t).array.scalars == [a[0, 3].item(), a[1, 0].item(), a[2, 2].item()])
        try checkBackward({ [F.selectItem($0[0], t)] }, inputs: [a], gradOutputs: [Self.randn([3])])
    }

    @Test func accuracyIgnoresLabels() {
        let y = Variable(NDArray([0.1, 0.9, 0.8, 0.2, 0.3, 0.7] as [Float], shape: [3, 2]))
        #expect(F.accuracy(y, NDArray([1, 0, 0] as [Int32])).item() == Double(Float(2.0 / 3.0)))
        #expect(F.accuracy(y, NDArray([1, 0, -1] as [Int32]), ignoreLabel: -1).item() == 1)
    }

    @Test func dropoutScalesKeptUnitsAndIsIdentityInTestMode() {
        let x = Variable(NDArray.ones([1000], dtype: .float64))
        let y = F.dropout(x, ratio: 0.25)
        let values = Set(y.array.scalars)
        #expect(values.isSubset(of: [0, 1 / 0.75]))
        F.sum(y).backward()
        #expect(x.grad!.allClose(y.array))
        let kept = y.array.scalars.filter { $0 != 0 }.count
        #expect(kept > 650 && kept < 850)
        usingConfig(\.train, false) { #expect(F.dropout(x).array == x.array) }
    }
}

import Foundation
