extension NDArray {
    /// A writable pointer to the first element, after making this array contiguous and the sole owner of its storage
    /// (copying if needed). The pointer stays valid while this array keeps the same storage; it is how fused update
    /// loops outside this module (optimizers) write in place without a copy per step.
    public mutating func uniqueMutableRawPointer() -> UnsafeMutableRawPointer {
        if isContiguous { makeUniqueForWriting() } else { self = copy() }
        return basePointer
    }

    /// A read-only pointer to the first element of a contiguous array (stops on a non-contiguous one).
    public var contiguousRawPointer: UnsafeRawPointer {
        precondition(isContiguous, "NDArray.contiguousRawPointer: the \(shape) \(dtype) view is not contiguous")
        return UnsafeRawPointer(basePointer)
    }
}
