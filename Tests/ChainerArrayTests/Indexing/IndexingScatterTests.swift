import Testing
@testable import ChainerArray

@Suite struct IndexingScatterTests {
    @Test func scatterAddAccumulates() {
        for dt in DType.allCases {
            let name = numpyName(dt)
            let z = NDArray.zeros([4, 3], dtype: dt)
            expectArray(z.scatterAdd(ix("sidx0"), ix("sv0").astype(dt)), ix("scatter0_\(name)").astype(dt), "\(dt) axis 0")
            let base = ix("base1").astype(dt)
            expectArray(base.scatterAdd(ix("sidx1"), ix("sv1").astype(dt), axis: 1), ix("scatter1_\(name)").astype(dt), "\(dt) axis 1")
            var inPlace = base
            inPlace.scatterAddInPlace(NDArray([3, 3, 3]), NDArray.ones([], dtype: dt), axis: -1)
            expectArray(inPlace, ix("scatter_b_\(name)").astype(dt), "\(dt) broadcast value")
            expectArray(base, ix("base1").astype(dt), "\(dt) original untouched")
        }
    }

    @Test func scatterAddNonContiguous() {
        var t = ix("base1").astype(.float32).copy().T  // uniquely held, transposed
        t.scatterAddInPlace(NDArray([1, 1] as [Int32]), NDArray.full([5, 2], 0.5, dtype: .float32), axis: 1)
        var expected = ix("base1").astype(.float32).T.copy()
        expected[NDIndex.all, 1] = expected[NDIndex.all, 1] + 1
        expectArray(t, expected)
        let empty = NDArray.zeros([3]).scatterAdd(NDArray([Int]()), NDArray.zeros([0]))
        expectArray(empty, NDArray.zeros([3]))
    }

    @Test func bincount() {
        expectArray(ix("b").bincount(), ix("bincount"))
        expectArray(ix("b").astype(.uint8).bincount(weights: ix("bw")), ix("bincount_w"))
        expectArray(ix("b").astype(.int32).bincount(minlength: 10), ix("bincount_min"))
        expectArray(NDArray([Int]()).bincount(minlength: 2), NDArray([0, 0]))
        expectArray(ix("b")[stride(from: 0, to: 7, by: 2)].bincount(), NDArray([1, 1, 1, 0, 0, 0, 0, 1]))
    }

    @Test func oneHot() {
        expectArray(ix("lab").oneHot(5), ix("onehot"))
        expectArray(ix("lab").T.astype(.int8).oneHot(5, dtype: .bool), ix("onehot").transposed([1, 0, 2]).astype(.bool))
        #expect(NDArray([Int]()).oneHot(3).shape == [0, 3])
    }

    @Test func misuseStops() async {
        await #expect(processExitsWith: .failure) { _ = NDArray([1, -1]).bincount() }
        await #expect(processExitsWith: .failure) { _ = NDArray([0, 5]).oneHot(5) }
    }
}
