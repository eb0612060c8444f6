/// A spatial argument (kernel size, stride, padding, dilation): an `Int` for both axes or a two-element `[Int]`.
/// Functions with such arguments also have an overload taking `(Int, Int)` tuples.
public protocol Spatial2D: Sendable {
    /// The (vertical, horizontal) values.
    var pair: (Int, Int) { get }
}

extension Int: Spatial2D {
    /// The same value on both axes.
    public var pair: (Int, Int) { (self, self) }
}

extension Array: Spatial2D where Element == Int {
    /// The two values of a two-element array.
    public var pair: (Int, Int) {
        precondition(count == 2, "spatial argument: expects an Int or two values, got \(self)")
        return (self[0], self[1])
    }
}
