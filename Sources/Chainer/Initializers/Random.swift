import Foundation

extension Initializers {
    /// Gaussian with mean 0 and standard deviation `scale` (Chainer's `Normal`, default 0.05).
    public struct Normal: Initializer {
        /// The standard deviation.
        public let scale: Double
        /// Creates the initializer.
        public init(scale: Double = 0.05) { self.scale = scale }
        /// Creates the initializer (positional scale, as Chainer's `Normal(1.0)`).
        public init(_ scale: Double) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            NDArray.normal(shape, mean: 0, std: scale, dtype: dtype)
        }
    }

    /// Uniform on [-scale, scale) (Chainer's `Uniform`, default 0.05).
    public struct Uniform: Initializer {
        /// The half-width.
        public let scale: Double
        /// Creates the initializer.
        public init(scale: Double = 0.05) { self.scale = scale }
        /// Creates the initializer (positional scale).
        public init(_ scale: Double) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            NDArray.uniform(shape, low: -scale, high: scale, dtype: dtype)
        }
    }

    /// Gaussian with standard deviation `scale * sqrt(1 / fanIn)` (Chainer's `LeCunNormal`, the default for weights).
    public struct LeCunNormal: Initializer {
        /// Multiplies the standard deviation.
        public let scale: Double
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            Normal(scale: scale * (1 / Double(fans(shape).fanIn)).squareRoot())(shape, dtype: dtype)
        }
    }

    /// Gaussian with standard deviation `scale * sqrt(2 / (fanIn + fanOut))` (Chainer's `GlorotNormal`).
    public struct GlorotNormal: Initializer {
        /// Multiplies the standard deviation.
        public let scale: Double
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            let f = fans(shape)
            return Normal(scale: scale * (2 / Double(f.fanIn + f.fanOut)).squareRoot())(shape, dtype: dtype)
        }
    }

    /// Gaussian with standard deviation `scale * sqrt(2 / fan)` (Chainer's `HeNormal`; fan-in by default).
    public struct HeNormal: Initializer {
        /// Multiplies the standard deviation.
        public let scale: Double
        /// Which fan the deviation uses.
        public let fanOption: FanOption
        /// Creates the initializer.
        public init(scale: Double = 1, fanOption: FanOption = .fanIn) { self.scale = scale; self.fanOption = fanOption }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            let f = fans(shape)
            let fan = fanOption == .fanIn ? f.fanIn : f.fanOut
            return Normal(scale: scale * (2 / Double(fan)).squareRoot())(shape, dtype: dtype)
        }
    }

    /// Uniform with half-width `scale * sqrt(3 / fanIn)` (Chainer's `LeCunUniform`).
    public struct LeCunUniform: Initializer {
        /// Multiplies the half-width.
        public let scale: Double
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            Uniform(scale: scale * (3 / Double(fans(shape).fanIn)).squareRoot())(shape, dtype: dtype)
        }
    }

    /// Uniform with half-width `scale * sqrt(6 / (fanIn + fanOut))` (Chainer's `GlorotUniform`).
    public struct GlorotUniform: Initializer {
        /// Multiplies the half-width.
        public let scale: Double
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            let f = fans(shape)
            return Uniform(scale: scale * (6 / Double(f.fanIn + f.fanOut)).squareRoot())(shape, dtype: dtype)
        }
    }

    /// Uniform with half-width `scale * sqrt(6 / fan)` (Chainer's `HeUniform`; fan-in by default).
    public struct HeUniform: Initializer {
        /// Multiplies the half-width.
        public let scale: Double
        /// Which fan the half-width uses.
        public let fanOption: FanOption
        /// Creates the initializer.
        public init(scale: Double = 1, fanOption: FanOption = .fanIn) { self.scale = scale; self.fanOption = fanOption }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
            let f = fans(shape)
            let fan = fanOption == .fanIn ? f.fanIn : f.fanOut
            return Uniform(scale: scale * (6 / Double(fan)).squareRoot())(shape, dtype: dtype)
        }
    }
}
