import Foundation

/// An n-dimensional array (NumPy's `ndarray`): a view (shape, strides, offset) over shared, copy-on-write storage,
/// with its element type chosen at run time.
///
/// ```swift
/// let a = NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
/// let b = (a * 2 + 1).exp().sum(axis: 1)
/// ```
///
/// Sendable by construction rather than by the compiler's check: `Storage` (a `ManagedBuffer`, which is never
/// Sendable) is written only through `makeUniqueForWriting`, so a shared block is never mutated.
public struct NDArray: @unchecked Sendable {
    /// The memory this array views.
    public internal(set) var storage: Storage
    /// Length of each axis.
    public internal(set) var shape: [Int]
    /// Step in elements along each axis (0 on broadcast axes).
    public internal(set) var strides: [Int]
    /// Index of the first element in `storage`, in elements.
    public internal(set) var offset: Int
    /// Element type.
    public let dtype: DType

    /// Wraps existing storage as a view.
    public init(storage: Storage, shape: [Int], strides: [Int]? = nil, offset: Int = 0, dtype: DType) {
        self.storage = storage
        self.shape = shape
        self.strides = strides ?? Layout.contiguousStrides(shape)
        self.offset = offset
        self.dtype = dtype
    }

    /// An uninitialised contiguous array.
    init(uninitializedShape shape: [Int], dtype: DType) {
        precondition(shape.allSatisfy { $0 >= 0 }, "NDArray: negative dimension in shape \(shape)")
        let count = Layout.count(shape)
        self.init(storage: Storage.allocate(byteCount: count * dtype.itemSize), shape: shape, dtype: dtype)
    }

    /// Number of axes.
    public var ndim: Int { shape.count }
    /// Number of elements.
    public var size: Int { Layout.count(shape) }
    /// Where the data lives.
    public var device: Device { storage.device }
    /// Whether the elements are laid out in row-major order without gaps.
    public var isContiguous: Bool { Layout.isContiguous(shape, strides) }
    /// Bytes the elements occupy (as NumPy's `nbytes`).
    public var nbytes: Int { size * dtype.itemSize }

    /// Pointer to the first element.
    @inline(__always) var basePointer: UnsafeMutableRawPointer {
        storage.data + offset * dtype.itemSize
    }

    /// Calls `body` with the elements in row-major order as raw bytes (copying only when the view is not contiguous).
    public func withContiguousBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let c = contiguous()
        return try body(UnsafeRawBufferPointer(start: c.basePointer, count: c.nbytes))
    }

    /// Builds a contiguous array by copying raw little-endian bytes of `dtype` elements.
    public init(rawBytes: UnsafeRawBufferPointer, shape: [Int], dtype: DType) {
        self.init(uninitializedShape: shape, dtype: dtype)
        precondition(rawBytes.count == nbytes, "NDArray(rawBytes:): \(rawBytes.count) bytes for shape \(shape) of \(dtype) (needs \(nbytes))")
        if nbytes > 0 { storage.data.copyMemory(from: rawBytes.baseAddress!, byteCount: nbytes) }
        if dtype == .bool {  // any nonzero byte is true; store canonical 0/1 so Swift's Bool stays valid
            let p = storage.data.assumingMemoryBound(to: UInt8.self)
            for i in 0..<size where p[i] > 1 { p[i] = 1 }
        }
    }

    /// Makes the storage unshared before a write, copying when another array also holds it or when the view
    /// repeats elements (broadcast), so writes never leak into other arrays.
    mutating func makeUniqueForWriting() {
        let repeats = zip(shape, strides).contains { $0 > 1 && $1 == 0 }
        if !isKnownUniquelyReferenced(&storage) || repeats {
            self = copy()
        }
    }

    /// Typed pointer to the first element; `T` must match `dtype`.
    @inline(__always) func pointer<T>(_: T.Type) -> UnsafeMutablePointer<T> {
        basePointer.assumingMemoryBound(to: T.self)
    }
}

extension NDArray: Equatable {
    /// Same shape, same dtype and equal values (NaN never equals NaN, as in NumPy's `array_equal`).
    public static func == (lhs: NDArray, rhs: NDArray) -> Bool {
        guard lhs.shape == rhs.shape, lhs.dtype == rhs.dtype else { return false }
        if lhs.size == 0 { return true }
        return (lhs .== rhs).all().item() != 0
    }
}
