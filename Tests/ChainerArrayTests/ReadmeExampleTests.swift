import Foundation
import Testing
import ChainerArray

/// The README's example, kept compiling and running.
@Test func readmeExampleRuns() throws {
    seed(0)
    let x = NDArray.normal([4, 3])                     // float32 by default
    let w = NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [3, 2])
    let y = (x.matmul(w) + 1).tanh()                   // broadcasting, eager
    let s = y.sum(axes: [1], keepDims: true)
    #expect(s.shape == [4, 1] && s.dtype == .float32)
    #expect(s.description.hasPrefix("array([["))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString).npy")
    defer { try? FileManager.default.removeItem(at: url) }
    try y.write(npy: url)
    #expect(try NDArray(npy: url) == y)
}
