import Chainer

/// One row of a function spec table: how to call the function and what to check. `runSpec` runs the forward pass
/// against a reference, `checkBackward`, and `checkDoubleBackward` where the function supports it, over dtypes.
///
/// ```swift
/// let row = FunctionSpec("tanh", inputs: { [NDArray.normal([3, 4], dtype: .float64)] },
///                        reference: { [$0[0].tanh()] }) { [F.tanh($0[0])] }
/// try runSpec(row)
/// ```
public struct FunctionSpec: @unchecked Sendable, CustomStringConvertible {
    /// The function's name (for messages and test arguments).
    public let name: String
    /// Makes the inputs in float64 (integer inputs such as labels are passed through unchanged).
    public let inputs: () -> [NDArray]
    /// Computes the expected outputs from the float64 inputs (NumPy-style reference), or nil to skip.
    public let reference: (([NDArray]) -> [NDArray])?
    /// The function under test.
    public let function: ([Variable]) -> [Variable]
    /// Whether second-order gradients are checked.
    public let doubleBackward: Bool
    /// The float dtypes the forward pass is compared in (against the float64 reference, with per-dtype tolerances).
    public let dtypes: [DType]
    /// Gradient-check tolerances (Chainer's defaults).
    public let atol: Double, rtol: Double

    /// Describes a row.
    public init(_ name: String, inputs: @escaping () -> [NDArray], reference: (([NDArray]) -> [NDArray])? = nil,
                doubleBackward: Bool = true, dtypes: [DType] = [.float64, .float32, .float16],
                atol: Double = 1e-5, rtol: Double = 1e-4, function: @escaping ([Variable]) -> [Variable]) {
        self.name = name
        self.inputs = inputs
        self.reference = reference
        self.function = function
        self.doubleBackward = doubleBackward
        self.dtypes = dtypes
        self.atol = atol
        self.rtol = rtol
    }

    public var description: String { name }
}

/// A forward result that does not match its reference.
public struct ForwardMismatch: Error, CustomStringConvertible {
    /// What differed.
    public let description: String
}

/// Runs one spec row: forward against the reference in every dtype, then backward (and double backward) in float64.
public func runSpec(_ spec: FunctionSpec) throws {
    let xs = spec.inputs()
    if let reference = spec.reference {
        let expected = reference(xs)
        for dtype in spec.dtypes {
            let tol = defaultTolerance(for: dtype)
            let cast = xs.map { $0.dtype.isFloatingPoint ? $0.astype(dtype) : $0 }
            let ys = spec.function(cast.map { Variable($0, requiresGrad: $0.dtype.isFloatingPoint) })
            guard ys.count == expected.count else {
                throw ForwardMismatch(description: "\(spec.name): \(ys.count) outputs, reference has \(expected.count)")
            }
            for (k, (y, e)) in zip(ys, expected).enumerated() {
                if y.shape != e.shape {
                    throw ForwardMismatch(description: "\(spec.name) [\(dtype)]: output \(k) has shape \(y.shape), expected \(e.shape)")
                }
                if y.dtype.isFloatingPoint && y.dtype != dtype {
                    throw ForwardMismatch(description: "\(spec.name) [\(dtype)]: output \(k) has dtype \(y.dtype), expected \(dtype)")
                }
                if !y.array.cast(.float64).allClose(e.cast(.float64), rtol: tol.rtol, atol: tol.atol, equalNaN: true) {
                    let got = y.array.scalars.prefix(8), want = e.scalars.prefix(8)
                    throw ForwardMismatch(description: "\(spec.name) [\(dtype)]: output \(k) differs from the reference: got \(Array(got)), expected \(Array(want))")
                }
            }
        }
    }
    let probe = spec.function(xs.map { Variable($0, requiresGrad: $0.dtype.isFloatingPoint) })
    let gys = probe.map { NDArray.normal($0.shape, dtype: .float64) }
    try checkBackward(spec.function, inputs: xs, gradOutputs: gys, atol: spec.atol, rtol: spec.rtol)
    if spec.doubleBackward {
        let ggx = xs.filter(\.dtype.isFloatingPoint).map { NDArray.normal($0.shape, dtype: .float64) }
        try checkDoubleBackward(spec.function, inputs: xs, gradOutputs: gys, gradGradInputs: ggx,
                                atol: spec.atol * 10, rtol: spec.rtol * 10)
    }
}
