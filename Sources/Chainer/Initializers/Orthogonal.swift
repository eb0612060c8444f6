import Foundation

extension Initializers {
    /// A scaled orthogonal matrix over (shape[0], product of the rest) (Chainer's `Orthogonal`, default scale 1.1):
    /// orthonormal rows when there are fewer rows than columns, orthonormal columns otherwise. The QR factor of a
    /// Gaussian matrix, with R's diagonal made positive, so the draw is uniform over orthogonal matrices.
    public struct Orthogonal: Initializer {
        /// Multiplies the matrix.
        public let scale: Double
        /// Creates the initializer.
        public init(scale: Double = 1.1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            if shape.isEmpty {
                let sign = NDArray.randint(0, 2, shape: []).item() == 0 ? -1.0 : 1.0
                return NDArray.full([], scale * sign, dtype: dtype)
            }
            let rows = shape[0], cols = shape.dropFirst().reduce(1, *)
            precondition(rows * cols > 0, "Orthogonal: the array to initialise must be non-empty, got shape \(shape)")
            let transpose = cols > rows
            let m = transpose ? cols : rows, n = transpose ? rows : cols   // a tall m×n matrix
            var a = NDArray.normal([m, n], dtype: .float64).scalars   // row-major
            Orthogonal.orthonormalizeColumns(&a, m: m, n: n)
            var out = [Double](repeating: 0, count: rows * cols)
            for i in 0..<m {
                for j in 0..<n {
                    let v = a[i * n + j] * scale
                    if transpose { out[j * cols + i] = v } else { out[i * cols + j] = v }
                }
            }
            return NDArray(out, shape: shape, dtype: dtype)
        }

        /// Modified Gram–Schmidt on the columns of a row-major m×n matrix (m ≥ n): the Q of the QR factorisation
        /// whose R has a positive diagonal.
        static func orthonormalizeColumns(_ a: inout [Double], m: Int, n: Int) {
            for j in 0..<n {
                for k in 0..<j {
                    var dot = 0.0
                    for i in 0..<m { dot += a[i * n + k] * a[i * n + j] }
                    for i in 0..<m { a[i * n + j] -= dot * a[i * n + k] }
                }
                var norm = 0.0
                for i in 0..<m { norm += a[i * n + j] * a[i * n + j] }
                norm = norm.squareRoot()
                for i in 0..<m { a[i * n + j] /= norm }
            }
        }
    }
}
