import Chainer

/// Default tolerances per dtype for comparing computed arrays (Chainer's `testing` defaults).
public func defaultTolerance(for dtype: DType) -> (atol: Double, rtol: Double) {
    switch dtype {
    case .float16: (1e-3, 1e-3)
    case .bfloat16: (1e-2, 1e-2)
    case .float32: (1e-5, 1e-4)
    default: (1e-8, 1e-6)
    }
}
