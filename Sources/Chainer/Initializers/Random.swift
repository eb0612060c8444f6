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
    public struct LeCunNormal: Initializer, FanScaledInitializer {
        /// Multiplies the standard deviation.
        public let scale: Double
        static let rule = FanScaling(numerator: 1, uniform: false)
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { draw(shape, dtype: dtype) }
        func fan(_ f: (fanIn: Int, fanOut: Int)) -> Int { f.fanIn }
    }

    /// Gaussian with standard deviation `scale * sqrt(2 / (fanIn + fanOut))` (Chainer's `GlorotNormal`).
    public struct GlorotNormal: Initializer, FanScaledInitializer {
        /// Multiplies the standard deviation.
        public let scale: Double
        static let rule = FanScaling(numerator: 2, uniform: false)
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { draw(shape, dtype: dtype) }
        func fan(_ f: (fanIn: Int, fanOut: Int)) -> Int { f.fanIn + f.fanOut }
    }

    /// Gaussian with standard deviation `scale * sqrt(2 / fan)` (Chainer's `HeNormal`; fan-in by default).
    public struct HeNormal: Initializer, FanScaledInitializer {
        /// Multiplies the standard deviation.
        public let scale: Double
        /// Which fan the deviation uses.
        public let fanOption: FanOption
        static let rule = FanScaling(numerator: 2, uniform: false)
        /// Creates the initializer.
        public init(scale: Double = 1, fanOption: FanOption = .fanIn) { self.scale = scale; self.fanOption = fanOption }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { draw(shape, dtype: dtype) }
        func fan(_ f: (fanIn: Int, fanOut: Int)) -> Int { fanOption == .fanIn ? f.fanIn : f.fanOut }
    }

    /// Uniform with half-width `scale * sqrt(3 / fanIn)` (Chainer's `LeCunUniform`).
    public struct LeCunUniform: Initializer, FanScaledInitializer {
        /// Multiplies the half-width.
        public let scale: Double
        static let rule = FanScaling(numerator: 3, uniform: true)
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { draw(shape, dtype: dtype) }
        func fan(_ f: (fanIn: Int, fanOut: Int)) -> Int { f.fanIn }
    }

    /// Uniform with half-width `scale * sqrt(6 / (fanIn + fanOut))` (Chainer's `GlorotUniform`).
    public struct GlorotUniform: Initializer, FanScaledInitializer {
        /// Multiplies the half-width.
        public let scale: Double
        static let rule = FanScaling(numerator: 6, uniform: true)
        /// Creates the initializer.
        public init(scale: Double = 1) { self.scale = scale }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { draw(shape, dtype: dtype) }
        func fan(_ f: (fanIn: Int, fanOut: Int)) -> Int { f.fanIn + f.fanOut }
    }

    /// Uniform with half-width `scale * sqrt(6 / fan)` (Chainer's `HeUniform`; fan-in by default).
    public struct HeUniform: Initializer, FanScaledInitializer {
        /// Multiplies the half-width.
        public let scale: Double
        /// Which fan the half-width uses.
        public let fanOption: FanOption
        static let rule = FanScaling(numerator: 6, uniform: true)
        /// Creates the initializer.
        public init(scale: Double = 1, fanOption: FanOption = .fanIn) { self.scale = scale; self.fanOption = fanOption }
        /// Draws from the seeded generator.
        public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { draw(shape, dtype: dtype) }
        func fan(_ f: (fanIn: Int, fanOut: Int)) -> Int { fanOption == .fanIn ? f.fanIn : f.fanOut }
    }
}

/// How a LeCun/Glorot/He initializer turns a fan into its spread: `sqrt(numerator / fan)` as the standard deviation
/// of a Gaussian, or as the half-width of a uniform distribution.
struct FanScaling {
    let numerator: Double
    let uniform: Bool
}

/// The LeCun, Glorot and He families: one draw rule, differing only in the fan and the numerator.
protocol FanScaledInitializer {
    /// Multiplies the spread.
    var scale: Double { get }
    /// The numerator and distribution of this family.
    static var rule: FanScaling { get }
    /// The fan this family divides by.
    func fan(_ f: (fanIn: Int, fanOut: Int)) -> Int
}

extension FanScaledInitializer {
    func draw(_ shape: [Int], dtype: DType) -> NDArray {
        let spread = scale * (Self.rule.numerator / Double(fan(Initializers.fans(shape)))).squareRoot()
        return Self.rule.uniform ? Initializers.Uniform(scale: spread)(shape, dtype: dtype)
                                 : Initializers.Normal(scale: spread)(shape, dtype: dtype)
    }
}
