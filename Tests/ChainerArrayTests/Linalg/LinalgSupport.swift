import Testing
@testable import ChainerArray

/// Cases of Fixtures/linalg.json (written by scripts/fixtures/linalg.py).
enum LinalgFixture {
    static func load() throws -> [String: NDArray] { try Fixture.load("linalg") }

    /// Tolerances that fit a result dtype (float32 sums over K up to 300 terms).
    static func tolerance(_ dtype: DType) -> (rtol: Double, atol: Double) {
        switch dtype {
        case .float64: (1e-10, 1e-10)
        case .float32: (1e-5, 1e-5)
        case .float16, .bfloat16: (1e-2, 1e-2)
        default: (0, 0)
        }
    }

    /// A view with the same values as `x` whose storage runs in the opposite order (strides reversed).
    static func columnMajor(_ x: NDArray) -> NDArray { x.ndim < 2 ? x : x.T.copy().T }
}

/// Runs `body` once on the runtime BLAS (when loaded) and once on the built-in GEMM.
func onBothGEMMPaths(_ body: (String) throws -> Void) rethrows {
    try body(BLAS.usingBuiltin ? "built-in" : "BLAS")
    try BLAS.$forceBuiltin.withValue(true) { try body("built-in (forced)") }
}
