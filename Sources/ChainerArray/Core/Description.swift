extension NDArray: CustomStringConvertible {
    /// NumPy 2's `repr`: `array([1., 2., 3.], dtype=float32)` (see `ArrayRepr`).
    public var description: String { ArrayRepr.render(self) }
}
