import Foundation

/// Fills a new array of a given shape and dtype (Chainer's `chainer.Initializer`). Links take one for each parameter
/// (`initialW:`, `initialBias:`); a number or an array also works as one (a constant).
///
/// ```swift
/// let w = Initializers.HeNormal()([64, 3, 3, 3], dtype: .float32)
/// let fc = L.Linear(100, 10, initialW: Initializers.GlorotUniform(), initialBias: 0.1)
/// ```
public protocol Initializer: Sendable {
    /// A new array of `shape` and `dtype` filled by this initializer.
    func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray
}

extension Initializer {
    /// A new array of `shape` in the configured default dtype (`Config.current.dtype`).
    public func callAsFunction(_ shape: [Int]) -> NDArray { self(shape, dtype: Config.current.dtype) }
}

/// Chainer's `chainer.initializers` namespace.
public enum Initializers {
    /// Chainer's `get_fans`: (fan-in, fan-out) of a weight shape (out, in, kernel...).
    public static func fans(_ shape: [Int], file: StaticString = #fileID, line: UInt = #line) -> (fanIn: Int, fanOut: Int) {
        precondition(shape.count >= 2, "Initializers.fans: shape must have at least two axes, got \(shape) (\(file):\(line))")
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    /// Which fan a He initializer scales by.
    public enum FanOption: Sendable { case fanIn, fanOut }

    /// The initializer a link uses when none is given: Chainer's `_get_initializer(None)` (LeCunNormal).
    static func resolve(_ initializer: (any Initializer)?, default fallback: any Initializer = LeCunNormal()) -> any Initializer {
        initializer ?? fallback
    }
}

extension Double: Initializer {
    /// Every element is this value (Chainer accepts a scalar as an initializer).
    public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { NDArray.full(shape, self, dtype: dtype) }
}

extension Float: Initializer {
    /// Every element is this value.
    public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { NDArray.full(shape, Double(self), dtype: dtype) }
}

extension Int: Initializer {
    /// Every element is this value.
    public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray { NDArray.full(shape, Double(self), dtype: dtype) }
}

extension NDArray: Initializer {
    /// This array broadcast to `shape` and cast to `dtype` (a copy; Chainer accepts an array as an initializer).
    public func callAsFunction(_ shape: [Int], dtype: DType) -> NDArray {
        Initializers.Constant(self)(shape, dtype: dtype)
    }
}
