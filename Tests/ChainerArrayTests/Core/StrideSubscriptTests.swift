import Testing
@testable import ChainerArray

/// Strides as subscripts select the indices they produce, negative ones counting from the end as in NumPy.
@Test func strideSubscriptsSelectTheIndicesTheyProduce() {
    let v = NDArray.arange(10)
    func picked(_ a: NDArray) -> [Int64] { a.asArray(Int64.self) }
    #expect(picked(v[stride(from: -4, to: -1, by: 1)]) == [6, 7, 8])          // v[-4:-1]
    #expect(picked(v[stride(from: -3, to: 0, by: 1)]) == [7, 8, 9])           // v[-3:]
    #expect(picked(v[stride(from: -1, to: -5, by: -1)]) == [9, 8, 7, 6])      // v[-1:-5:-1]
    #expect(picked(v[stride(from: -1, to: -2, by: -1)]) == [9])               // v[-1:-2:-1]
    #expect(picked(v[stride(from: 5, to: -1, by: -1)]) == [5, 4, 3, 2, 1, 0]) // down to 0 inclusive
    #expect(picked(v[stride(from: 1, to: 8, by: 3)]) == [1, 4, 7])
    #expect(picked(v[stride(from: 0, through: 4, by: 2)]) == [0, 2, 4])
    #expect(picked(v[stride(from: -2, through: -1, by: 1)]) == [8, 9])
    #expect(picked(v[stride(from: 3, to: 3, by: 1)]) == [])
}
