extension NDArray: CustomStringConvertible {
    /// NumPy-style `repr`.
    public var description: String { "array(\(scalars), dtype=\(dtype))" }
}
