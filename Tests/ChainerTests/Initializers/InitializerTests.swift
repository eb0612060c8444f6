import Foundation
import Testing
@testable import Chainer

@Suite struct InitializerTests {
    /// Sample mean and standard deviation.
    static func moments(_ a: NDArray) -> (mean: Double, std: Double) {
        let v = a.scalars
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)
        return (mean, variance.squareRoot())
    }

    @Test func fansFollowChainer() {
        let a = Initializers.fans([10, 20]), b = Initializers.fans([16, 3, 5, 5])
        #expect(a.fanIn == 20 && a.fanOut == 10)
        #expect(b.fanIn == 75 && b.fanOut == 400)
    }

    /// (initializer, shape, expected standard deviation) for the Gaussian ones.
    static let gaussian: [(String, any Initializer, [Int], Double)] = [
        ("Normal", Initializers.Normal(scale: 0.05), [300, 200], 0.05),
        ("Normal(1)", Initializers.Normal(1.0), [300, 200], 1),
        ("LeCunNormal", Initializers.LeCunNormal(), [300, 200], (1.0 / 200).squareRoot()),
        ("LeCunNormal conv", Initializers.LeCunNormal(scale: 2), [40, 8, 3, 3], 2 * (1.0 / 72).squareRoot()),
        ("GlorotNormal", Initializers.GlorotNormal(), [300, 200], (2.0 / 500).squareRoot()),
        ("HeNormal", Initializers.HeNormal(), [300, 200], (2.0 / 200).squareRoot()),
        ("HeNormal fanOut", Initializers.HeNormal(fanOption: .fanOut), [300, 200], (2.0 / 300).squareRoot()),
    ]

    @Test(arguments: 0..<gaussian.count) func gaussianStatistics(_ i: Int) {
        let (name, initializer, shape, std) = Self.gaussian[i]
        let a = withSeed(7) { initializer(shape, dtype: .float32) }
        #expect(a.shape == shape && a.dtype == .float32, "\(name)")
        let m = Self.moments(a)
        let n = Double(a.size)
        #expect(abs(m.mean) < 5 * std / n.squareRoot(), "\(name): mean \(m.mean)")
        #expect(abs(m.std / std - 1) < 5 / (2 * n).squareRoot(), "\(name): std \(m.std) vs \(std)")
    }

    /// (initializer, shape, expected half-width) for the uniform ones.
    static let uniform: [(String, any Initializer, [Int], Double)] = [
        ("Uniform", Initializers.Uniform(), [300, 200], 0.05),
        ("LeCunUniform", Initializers.LeCunUniform(), [300, 200], (3.0 / 200).squareRoot()),
        ("GlorotUniform", Initializers.GlorotUniform(), [300, 200], (6.0 / 500).squareRoot()),
        ("HeUniform", Initializers.HeUniform(), [30, 20, 2, 2], (6.0 / 80).squareRoot()),
    ]

    @Test(arguments: 0..<uniform.count) func uniformStatistics(_ i: Int) {
        let (name, initializer, shape, s) = Self.uniform[i]
        let a = withSeed(11) { initializer(shape, dtype: .float64) }
        #expect(a.dtype == .float64)
        let v = a.scalars
        #expect(v.allSatisfy { $0 >= -s && $0 < s }, "\(name)")
        #expect(v.min()! < -0.98 * s && v.max()! > 0.98 * s, "\(name): does not cover the range")
        let m = Self.moments(a)
        let std = s / 3.0.squareRoot()
        #expect(abs(m.mean) < 5 * std / Double(v.count).squareRoot(), "\(name)")
        #expect(abs(m.std / std - 1) < 0.03, "\(name): std \(m.std) vs \(std)")
    }

    @Test func constantsAndIdentity() {
        #expect(Initializers.Zero()([2, 3], dtype: .float32) == NDArray.zeros([2, 3]))
        #expect(Initializers.One()([4], dtype: .float16) == NDArray.full([4], 1, dtype: .float16))
        #expect(Initializers.Constant(2.5)([2], dtype: .float64) == NDArray([2.5, 2.5]))
        let row = NDArray([1.0, 2.0, 3.0])
        #expect(Initializers.Constant(row)([2, 3], dtype: .float32) == NDArray([1, 2, 3, 1, 2, 3] as [Float], shape: [2, 3]))
        #expect(row([2, 3], dtype: .float32) == NDArray([1, 2, 3, 1, 2, 3] as [Float], shape: [2, 3]))
        #expect(0.5([3], dtype: .float32) == NDArray([0.5, 0.5, 0.5] as [Float]))
        let nans = Initializers.NaN()([3], dtype: .float32).scalars
        #expect(nans.count == 3 && nans.allSatisfy { $0.isNaN })
        #expect(Initializers.Identity(scale: 2)([3, 3], dtype: .float32) == NDArray.eye(3) * 2.0)
        #expect(Identity()([2, 2]) == NDArray.eye(2))   // top-level alias, configured default dtype
    }

    @Test(arguments: [[6, 4], [4, 6], [5, 5], [3, 2, 2, 2], [8, 2, 1, 1]])
    func orthogonalRowsOrColumns(_ shape: [Int]) {
        let q = withSeed(3) { Initializers.Orthogonal()(shape, dtype: .float64) }
        #expect(q.shape == shape)
        let rows = shape[0], cols = q.size / rows
        let m = q.reshaped([rows, cols])
        // Fewer rows than columns: orthonormal rows (Q Qᵀ = s² I); otherwise orthonormal columns (Qᵀ Q = s² I).
        let gram = rows <= cols ? m.matmul(m.transposed()) : m.transposed().matmul(m)
        let k = Swift.min(rows, cols)
        #expect(gram.allClose(NDArray.eye(k, dtype: .float64) * (1.1 * 1.1), rtol: 0, atol: 1e-12))
    }

    @Test func drawsFollowTheSeededGenerator() {
        let a = withSeed(42) { Initializers.HeNormal()([5, 4], dtype: .float32) }
        let b = withSeed(42) { Initializers.HeNormal()([5, 4], dtype: .float32) }
        let c = withSeed(43) { Initializers.HeNormal()([5, 4], dtype: .float32) }
        #expect(a == b && a != c)
        let o1 = withSeed(1) { Initializers.Orthogonal()([3, 3], dtype: .float32) }
        let o2 = withSeed(1) { Initializers.Orthogonal()([3, 3], dtype: .float32) }
        #expect(o1 == o2)
    }
}

@Suite struct SamplingFilterTests {
    @Test(arguments: [[2, 2, 4, 4], [3, 1, 3, 3], [2, 2, 5, 5]])
    func filtersMatchChainer(_ shape: [Int]) throws {
        let fx = try Fixture.load("initializers")
        let key = shape.map(String.init).joined(separator: "x")
        expectArray(Initializers.UpsamplingDeconvFilter()(shape, dtype: .float64), fx["up_" + key]!, rtol: 1e-15, atol: 1e-15)
        expectArray(DownsamplingConvFilter()(shape, dtype: .float64), fx["down_" + key]!, rtol: 1e-15, atol: 1e-15)
    }
}
