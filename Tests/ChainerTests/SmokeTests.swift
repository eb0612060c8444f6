import Testing
import Chainer

@Test func chainerReexportsArrays() {
    let a = NDArray([1, 2, 3] as [Float])
    #expect((a + a).asArray(Float.self) == [2, 4, 6])
    #expect(!chainerVersion.isEmpty)
}
