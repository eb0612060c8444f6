import Testing
@testable import ChainerArray

/// One test per name that outside code relies on, spelled exactly as it is used (`seed(_:)`'s is
/// `RandomTests.seedFunction`, kept in that serialized suite since the generator is process-wide).
@Suite struct NamedAPITests {
    @Test func initFromFloatsWithShape() {
        let a = NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        #expect(a.shape == [2, 3] && a.dtype == .float32)
        #expect(a.asArray(Float.self) == [1, 2, 3, 4, 5, 6])
    }

    @Test func zerosAndOnesWithDType() {
        let z = NDArray.zeros([2, 2], dtype: .float64), o = NDArray.ones([3], dtype: .int32)
        #expect(z.dtype == .float64 && z.shape == [2, 2] && z.asArray(Double.self) == [0, 0, 0, 0])
        #expect(o.dtype == .int32 && o.asArray(Int32.self) == [1, 1, 1])
        #expect(NDArray.zeros([2]).dtype == .float32 && NDArray.ones([2]).dtype == .float32)
    }

    @Test func arange() {
        let a = NDArray.arange(15)
        #expect(a.shape == [15] && a.dtype == .float32)
        #expect(a.asArray(Float.self) == (0..<15).map(Float.init))
    }

    @Test func shapeAndDType() {
        let a = NDArray.zeros([4, 0, 2], dtype: .bfloat16)
        #expect(a.shape == [4, 0, 2])
        #expect(a.dtype == .bfloat16)
    }

    @Test func astype() {
        let a = NDArray([1.7, -1.7, 0] as [Float]).astype(.int32)
        #expect(a.dtype == .int32 && a.asArray(Int32.self) == [1, -1, 0])
        #expect(NDArray([0, 2] as [Float]).astype(.bool).asArray(Bool.self) == [false, true])
    }

    @Test func asArrayFloat() {
        let a = NDArray([1, 2, 3, 4] as [Double], shape: [2, 2]).T
        #expect(a.asArray(Float.self) == [1, 3, 2, 4])
    }

    @Test func exp() {
        let x = NDArray([0, 1, -1] as [Float])
        expectArray(x.exp(), NDArray([1, 2.718281828459045, 0.36787944117144233], shape: [3], dtype: .float32), rtol: 1e-6)
    }

    @Test func tanh() {
        let x = NDArray([0, 0.5, -3] as [Float])
        let expected = NDArray([0, 0.46211715726000974, -0.99505475368673046], shape: [3], dtype: .float32)
        expectArray(x.tanh(), expected, rtol: 1e-6)
    }

    @Test func operators() {
        let a = NDArray([1, 2, 3] as [Float]), b = NDArray([4, 5, 6] as [Float])
        #expect((a + b).asArray(Float.self) == [5, 7, 9])
        #expect((a - b).asArray(Float.self) == [-3, -3, -3])
        #expect((a * b).asArray(Float.self) == [4, 10, 18])
        #expect((b / a).asArray(Float.self) == [4, 2.5, 2])
        #expect((-a).asArray(Float.self) == [-1, -2, -3])
        #expect((a * 2 + 1).asArray(Float.self) == [3, 5, 7])
        #expect((a .< b).asArray(Bool.self) == [true, true, true])
    }

    @Test func sumAxesKeepDims() {
        let a = NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        let s = a.sum(axes: [1], keepDims: false)
        #expect(s.shape == [2] && s.asArray(Float.self) == [6, 15])
        #expect(a.sum(axes: [1], keepDims: true).shape == [2, 1])
    }

    @Test func maxAxis() {
        let a = NDArray([1, 9, 3, 4, 5, 6] as [Float], shape: [2, 3])
        #expect(a.max(axis: 0).asArray(Float.self) == [4, 9, 6])
    }

    @Test func argmaxAxis() {
        let a = NDArray([1, 9, 3, 4, 5, 6] as [Float], shape: [2, 3])
        let i = a.argmax(axis: 1)
        #expect(i.dtype == .int64 && i.asArray(Int64.self) == [1, 2])
    }

    @Test func transposedWithPermutation() {
        let a = NDArray.arange(6).reshaped([2, 3])
        let t = a.transposed([1, 0])
        #expect(t.shape == [3, 2] && t.asArray(Float.self) == [0, 3, 1, 4, 2, 5])
    }

    @Test func reshaped() {
        let a = NDArray.arange(15).reshaped([3, 5])
        let r = a.reshaped([15])
        #expect(r.shape == [15] && r.asArray(Float.self) == (0..<15).map(Float.init))
    }
}

/// Misuse stops the process with a message; these run in a child process (exit tests).
@Suite struct MisuseTests {
    @Test func badReshapeStops() async {
        await #expect(processExitsWith: .failure) { _ = NDArray.arange(6).reshaped([4, -1]) }
        await #expect(processExitsWith: .failure) { _ = NDArray.arange(6).reshaped([-1, -1]) }
        await #expect(processExitsWith: .failure) { _ = NDArray.arange(6).reshaped([5]) }
    }

    @Test func badAxesStop() async {
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([2, 3]).transposed([0, 0]) }
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([2, 3]).sum(axis: 2) }
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([2, 3]).squeeze(axis: 0) }
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([2, 3])[2] }
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([2, 3])[0, 0, 0] }
    }

    @Test func shapeMismatchesStop() async {
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([2, 3]) + NDArray.zeros([2]) }
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([2, 3]).broadcast(to: [3, 3]) }
        await #expect(processExitsWith: .failure) {
            var a = NDArray.zeros([2])
            a += NDArray.zeros([2, 2])
        }
    }

    @Test func emptyMaxAndArgmaxStop() async {
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([0]).max() }
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([0, 3]).min(axis: 0) }
        await #expect(processExitsWith: .failure) { _ = NDArray.zeros([0]).argmax() }
    }
}

@Test func arangeTakesIntegerVariables() {
    let n = 6, start = 2
    #expect(NDArray.arange(n).asArray(Float.self) == [0, 1, 2, 3, 4, 5])
    #expect(NDArray.arange(start, n, 2, dtype: .int64).asArray(Int64.self) == [2, 4])
    #expect(NDArray.arange(0, 1, 0.25).asArray(Float.self) == [0, 0.25, 0.5, 0.75])
}
