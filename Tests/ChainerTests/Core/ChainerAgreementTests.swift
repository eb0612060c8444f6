import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// Gradients where a first implementation disagreed with Chainer 7.8.1 (reference values from Chainer itself).
@Suite struct ChainerAgreementTests {
    @Test func sigmoidCrossEntropyHasTheSigmoidGradientAtZero() {
        let z = Variable(NDArray.zeros([2, 2]))
        F.sigmoidCrossEntropy(z, NDArray([0, 1, 1, 0] as [Int32], shape: [2, 2])).backward()
        // (σ(0) − t) / 4 valid labels
        #expect(z.grad!.asArray(Float.self) == [0.125, -0.125, -0.125, 0.125])
        let x = Variable(NDArray([-3, 0.5, 2] as [Double]))
        let gx = grad(outputs: [F.softplus(x)], inputs: [x], enableDoubleBackprop: true)[0]!
        let sigmoid: [Double] = [-3.0, 0.5, 2.0].map { v in 1 / (1 + Foundation.exp(-v)) }
        let got = gx.array.asArray(Double.self)
        #expect(zip(got, sigmoid).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    @Test func kinksTakeChainersSlope() {
        let x = Variable(NDArray([0, 0] as [Double]))
        F.sum(F.leakyRelu(x, slope: 0.2)).backward()
        #expect(x.grad!.asArray(Double.self) == [0.2, 0.2])
        let y = Variable(NDArray([0] as [Double]))
        F.sum(F.selu(y)).backward()
        #expect(abs(y.grad!.item() - 1.6732632423543772 * 1.0507009873554805) < 1e-12)
        let e = Variable(NDArray([0] as [Double]))
        F.sum(F.elu(e, alpha: 0.5)).backward()
        #expect(e.grad!.item() == 0.5)
    }

    @Test func gradStartsNonScalarOutputsFromOnes() {
        let x = Variable(NDArray([1, 2, 3] as [Double]))
        let g = grad(outputs: [x * x * x], inputs: [x])[0]!
        #expect(g.array.asArray(Double.self) == [3, 12, 27])
    }

    @Test func aMixedDtypeOpGivesEachInputAGradientOfItsOwnDtype() {
        let a32 = Variable(NDArray([1, 2] as [Float])), a64 = Variable(NDArray([3, 4] as [Double]))
        F.sum(a32 * a64).backward()
        #expect(a32.grad!.dtype == .float32 && a64.grad!.dtype == .float64)
        #expect(a32.grad!.asArray(Float.self) == [3, 4])
    }

    @Test func anIntegerScalarOutOfAnArraysRangeStops() async {
        await #expect(processExitsWith: .failure) {
            _ = NDArray([1, 2] as [UInt8]) + 300
        }
        #expect((NDArray([1, 2] as [UInt8]) + 3).asArray(UInt8.self) == [4, 5])
        #expect((NDArray([1, 2] as [UInt8]) .> 300).asArray(Bool.self) == [false, false])
    }

    @Test func intAndDoubleScalarsPromoteLikePythonIntsAndFloats() {
        let i32 = NDArray([1, 2, 3] as [Int32]), u8 = NDArray([1, 2] as [UInt8]), f32 = NDArray([1, 2] as [Float])
        let flags = NDArray([true, false])
        #expect((u8 + 3).dtype == .uint8 && (i32 * 2).dtype == .int32 && (2 * i32).dtype == .int32)
        #expect((i32 - 1).asArray(Int32.self) == [0, 1, 2] && (10 - i32).asArray(Int32.self) == [9, 8, 7])
        #expect((i32 * 2.0).dtype == .float64 && (2.0 * i32).dtype == .float64 && (i32 + 0.5).asArray(Double.self) == [1.5, 2.5, 3.5])
        let two: Double = 2
        #expect((i32 * two).dtype == .float64 && (i32 * two).asArray(Double.self) == [2, 4, 6])
        #expect((f32 * 2).dtype == .float32 && (f32 * 2.0).dtype == .float32)
        #expect((flags + 1).dtype == .int64 && (flags * 1.5).dtype == .float64)
        #expect((i32 / 2).dtype == .float64 && (i32 / 2).asArray(Double.self) == [0.5, 1, 1.5])
        var counts = i32
        counts += 1
        counts *= 3
        #expect(counts.dtype == .int32 && counts.asArray(Int32.self) == [6, 9, 12])
    }

    @Test func softmaxCrossEntropyAndAccuracyTakeSpatialLabels() {
        let x = withSeed(3) { NDArray.normal([2, 3, 2, 2], dtype: .float64) }
        let t = NDArray([[0, 1, 2, 1], [2, 2, 0, -1]]).reshaped([2, 2, 2])
        // The same rows laid out by hand: position (n, i, j) is row n·4 + i·2 + j.
        let rows = x.transposed([0, 2, 3, 1]).reshaped([8, 3]).copy()
        let flat = F.softmaxCrossEntropy(Variable(rows), t.reshaped([8])).item()
        #expect(abs(F.softmaxCrossEntropy(Variable(x), t).item() - flat) < 1e-12)
        let sum = F.softmaxCrossEntropy(Variable(rows), t.reshaped([8]), normalize: false).item() * 8
        #expect(abs(F.softmaxCrossEntropy(Variable(x), t, normalize: false).item() - sum / 2) < 1e-12)
        #expect(F.softmaxCrossEntropy(Variable(x), t, reduce: .no).shape == [2, 2, 2])
        let pred = rows.argmax(axis: 1).asArray(Int64.self), labels = t.reshaped([8]).asArray(Int64.self)
        let hits = zip(pred, labels).filter { $0 == $1 }.count
        #expect(F.accuracy(Variable(x), t).item() == Double(hits) / 8)
    }

    @Test func chainerSpellingsOfCommonCalls() {
        let a = Variable(NDArray([[1.0, 2], [3, 4]])), b = Variable(NDArray([[5.0, 6], [7, 8]]))
        #expect(F.matmul(a, b, transb: true).array == a.array.matmul(b.array.T))
        #expect(F.matmul(a, b, transa: true, transb: true).array == a.array.T.matmul(b.array.T))
        #expect(F.sum(a, keepDims: true).shape == [1, 1] && F.sum(a, keepDims: true).item() == 10)
        a.data = a.data * 2
        #expect(a.array.asArray(Double.self) == [2, 4, 6, 8])
        let ints = NDArray([[1, 2], [3, 4]])
        #expect(ints.shape == [2, 2] && ints.dtype == .int64)
        #expect(NDArray.where(ints .> 2, 1.0, 0.0).asArray(Double.self) == [0, 0, 1, 1])
    }

    @Test func sequentialTakesLinksAndFunctionsPositionally() {
        let model = withSeed(1) { Sequential(L.Linear(3, 4), F.relu, L.Linear(4, 2)) }
        #expect(model.layers.count == 3 && model.namedParams().map(\.0) == ["/0/W", "/0/b", "/1/W", "/1/b"])
        let x = Variable(NDArray.ones([5, 3]))
        let manual = withSeed(1) { () -> (L.Linear, L.Linear) in (L.Linear(3, 4), L.Linear(4, 2)) }
        #expect(model(x).array == manual.1(F.relu(manual.0(x))).array)
    }

    @Test func gaussianSamplesByReparameterisation() {
        let n = 20_000
        let mean = Variable(NDArray(Array(repeating: 1.5, count: n) as [Double]))
        let lnVar = Variable(NDArray(Array(repeating: Foundation.log(4.0), count: n) as [Double]))
        let z = withSeed(11) { F.gaussian(mean, lnVar) }
        let m = z.array.mean().item(), sd = z.array.std().item()
        #expect(abs(m - 1.5) < 0.05 && abs(sd - 2) < 0.05)
        F.sum(z).backward()
        #expect(mean.grad!.asArray(Double.self).allSatisfy { $0 == 1 })
        // ∂z/∂lnVar = ½·exp(lnVar/2)·ε = ½·(z − mean)
        let expected = (z.array - 1.5) * 0.5
        #expect(zip(lnVar.grad!.asArray(Double.self), expected.asArray(Double.self)).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
