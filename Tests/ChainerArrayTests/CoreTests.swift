import Testing
@testable import ChainerArray

@Test func basics() {
    let a = NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
    #expect(a.shape == [2, 3])
    #expect((a + 1).asArray(Float.self) == [2, 3, 4, 5, 6, 7])
    #expect(a.T.copy().asArray(Float.self) == [1, 4, 2, 5, 3, 6])
    #expect(a.sum(axes: [1], keepDims: false).asArray(Float.self) == [6, 15])
    #expect(a.max(axis: 0).asArray(Float.self) == [4, 5, 6])
    #expect(a.argmax(axis: 1).asArray(Int64.self) == [2, 2])
    #expect(a[1, 1..<3].asArray(Float.self) == [5, 6])
    #expect(a.exp().asArray(Float.self)[0] == Float(2.7182817))
}
