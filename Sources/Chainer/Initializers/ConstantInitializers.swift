extension Initializers {
    /// Fills with a value or an array broadcast to the shape (Chainer's `Constant`).
    public struct Constant: Initializer {
        /// The fill value (a 0-dimensional array for a scalar).
        public let fillValue: NDArray
        /// Fills with `value`.
        public init(_ value: Double) { fillValue = NDArray(scalar: value, dtype: .float64) }
        /// Fills with `array` broadcast to the requested shape.
        public init(_ array: NDArray) { fillValue = array }
        /// The filled array.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            if fillValue.ndim == 0 { return NDArray.full(shape, fillValue.item(), dtype: dtype) }
            precondition(fillValue.ndim <= shape.count
                && zip(fillValue.shape.reversed(), shape.reversed()).allSatisfy { $0 == $1 || $0 == 1 },
                "Constant: fill value of shape \(fillValue.shape) (\(fillValue.dtype)) does not broadcast to \(shape)")
            return fillValue.broadcast(to: shape).astype(dtype)
        }
    }

    /// Fills with zeros (Chainer's `Zero`).
    public struct Zero: Initializer {
        /// Creates the initializer.
        public init() {}
        /// An array of zeros.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { NDArray.zeros(shape, dtype: dtype) }
    }

    /// Fills with ones (Chainer's `One`).
    public struct One: Initializer {
        /// Creates the initializer.
        public init() {}
        /// An array of ones.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { NDArray.full(shape, 1, dtype: dtype) }
    }

    /// Fills with NaN, to catch parameters used before real initialisation (Chainer's `NaN`).
    public struct NaN: Initializer {
        /// Creates the initializer.
        public init() {}
        /// An array of NaNs (floating-point dtypes only).
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            precondition(dtype.isFloatingPoint, "NaN: dtype must be floating point, got \(dtype)")
            return NDArray.full(shape, .nan, dtype: dtype)
        }
    }

    /// `scale` times the identity matrix (Chainer's `Identity`); the shape must be square 2-D.
    public struct Identity: Initializer {
        /// The diagonal value.
        public let scale: Double
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// The scaled identity.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            precondition(shape.count == 2 && shape[0] == shape[1], "Identity: shape must be square 2-D, got \(shape)")
            return (NDArray.eye(shape[0], dtype: .float64) * scale).astype(dtype)
        }
    }
}
