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
        let gx = grad(outputs: [F.softplusStable(x)], inputs: [x], enableDoubleBackprop: true)[0]!
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
}
