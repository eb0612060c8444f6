extension NDArray {
    /// The elements in row-major order, converted to `T` the way `astype` converts.
    public func asArray<T: NDArrayElement>(_: T.Type) -> [T] {
        let c = cast(T.dtype).contiguous()
        return Array(UnsafeBufferPointer(start: c.pointer(T.self), count: c.size))
    }

    /// The single element as a Double (the array must have exactly one element).
    public func item() -> Double {
        precondition(size == 1, "item: can only convert an array of size 1 to a scalar (shape \(shape))")
        return asArray(Double.self)[0]
    }

    /// The single element as `T`.
    public func item<T: NDArrayElement>(as _: T.Type) -> T {
        precondition(size == 1, "item: can only convert an array of size 1 to a scalar (shape \(shape))")
        return asArray(T.self)[0]
    }

    /// The elements as a flat Double array (convenient in tests and printing).
    public var scalars: [Double] { asArray(Double.self) }
}
