/// The rows' elements in order, after checking that every row has the first one's length (NumPy refuses ragged
/// nested lists too).
private func rectangular<T>(_ rows: [[T]]) -> [T] {
    let width = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == width },
                 "NDArray: nested rows must all have \(width) elements, got lengths \(rows.map(\.count))")
    return rows.flatMap { $0 }
}

extension NDArray {
    /// An array of the given elements; `shape` defaults to 1-D.
    init<T: NDArrayElement>(elements: [T], shape: [Int]?) {
        let shape = shape ?? [elements.count]
        precondition(Layout.count(shape) == elements.count && shape.allSatisfy { $0 >= 0 },
                     "NDArray: \(elements.count) elements cannot have shape \(shape)")
        self.init(uninitializedShape: shape, dtype: T.dtype)
        let p = pointer(T.self)
        elements.withUnsafeBufferPointer { b in
            if let base = b.baseAddress { p.update(from: base, count: b.count) }
        }
    }

    /// A float32 array.
    public init(_ data: [Float], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// A float64 array.
    public init(_ data: [Double], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// An int32 array.
    public init(_ data: [Int32], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// An int64 array.
    public init(_ data: [Int64], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// An int64 array (Swift's `Int` is 64-bit).
    public init(_ data: [Int], shape: [Int]? = nil) { self.init(elements: data.map { Int64($0) }, shape: shape) }
    /// A bool array.
    public init(_ data: [Bool], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// A uint8 array.
    public init(_ data: [UInt8], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// An int8 array.
    public init(_ data: [Int8], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// A float16 array.
    public init(_ data: [Float16], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// A bfloat16 array.
    public init(_ data: [BFloat16], shape: [Int]? = nil) { self.init(elements: data, shape: shape) }
    /// An array of any element type converted to `dtype`.
    public init(_ data: [Double], shape: [Int]? = nil, dtype: DType) {
        self = NDArray(elements: data, shape: shape).cast(dtype)
    }

    /// A 2-D float64 array from rows (`NDArray([[1.5, 2], [3, 4]])`, as `numpy.array`).
    public init(_ rows: [[Double]]) { self.init(elements: rectangular(rows), shape: [rows.count, rows.first?.count ?? 0]) }
    /// A 2-D float32 array from rows.
    public init(_ rows: [[Float]]) { self.init(elements: rectangular(rows), shape: [rows.count, rows.first?.count ?? 0]) }
    /// A 2-D int64 array from rows (`NDArray([[1, 2], [3, 4]])`).
    public init(_ rows: [[Int]]) {
        self.init(elements: rectangular(rows).map { Int64($0) }, shape: [rows.count, rows.first?.count ?? 0])
    }
    /// A 2-D bool array from rows.
    public init(_ rows: [[Bool]]) { self.init(elements: rectangular(rows), shape: [rows.count, rows.first?.count ?? 0]) }

    /// A zero-dimensional float64 array (a NumPy float scalar).
    public init(_ value: Double) { self.init(scalar: value, dtype: .float64) }
    /// A zero-dimensional float32 array.
    public init(_ value: Float) { self.init(scalar: Double(value), dtype: .float32) }
    /// A zero-dimensional int64 array.
    public init(_ value: Int) { self = NDArray(elements: [Int64(value)], shape: []) }
    /// A zero-dimensional bool array.
    public init(_ value: Bool) { self = NDArray(elements: [value], shape: []) }

    /// A zero-dimensional array holding `value` as `dtype` (float64 by default, like a NumPy float).
    public init(scalar value: Double, dtype: DType = .float64) {
        self.init(uninitializedShape: [], dtype: dtype)
        switch dtype {  // the common cases without the general fill machinery: scalars are made on every op
        case .float32: pointer(Float.self).pointee = Float(value)
        case .float64: pointer(Double.self).pointee = value
        case .int64 where value.rounded() == value && Swift.abs(value) < 9e18: pointer(Int64.self).pointee = Int64(value)
        default: fill(value)
        }
    }

    /// An array of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> NDArray {
        let a = NDArray(uninitializedShape: shape, dtype: dtype)
        a.basePointer.initializeMemory(as: UInt8.self, repeating: 0, count: a.nbytes)
        return a
    }

    /// An array of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> NDArray { full(shape, 1, dtype: dtype) }

    /// An array filled with `value`.
    public static func full(_ shape: [Int], _ value: Double, dtype: DType = .float32) -> NDArray {
        var a = NDArray(uninitializedShape: shape, dtype: dtype)
        a.fill(value)
        return a
    }

    /// An array whose contents are unspecified (NumPy's `empty`).
    public static func empty(_ shape: [Int], dtype: DType = .float32) -> NDArray {
        NDArray(uninitializedShape: shape, dtype: dtype)
    }

    /// Zeros with the shape (and by default the dtype) of `other`.
    public static func zerosLike(_ other: NDArray, dtype: DType? = nil) -> NDArray { zeros(other.shape, dtype: dtype ?? other.dtype) }
    /// Ones with the shape (and by default the dtype) of `other`.
    public static func onesLike(_ other: NDArray, dtype: DType? = nil) -> NDArray { ones(other.shape, dtype: dtype ?? other.dtype) }
    /// `value` everywhere, with the shape (and by default the dtype) of `other`.
    public static func fullLike(_ other: NDArray, _ value: Double, dtype: DType? = nil) -> NDArray { full(other.shape, value, dtype: dtype ?? other.dtype) }
    /// Uninitialised, with the shape (and by default the dtype) of `other`.
    public static func emptyLike(_ other: NDArray, dtype: DType? = nil) -> NDArray { empty(other.shape, dtype: dtype ?? other.dtype) }

    /// `0, 1, …, stop-1`.
    public static func arange(_ stop: Double, dtype: DType = .float32) -> NDArray { arange(0, stop, 1, dtype: dtype) }

    /// Values from `start` up to (not including) `stop` in steps of `step`.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1, dtype: DType = .float32) -> NDArray {
        precondition(step != 0, "arange: step must not be zero")
        let n = Swift.max(0, Int(((stop - start) / step).rounded(.up)))
        return fromIndex([n], dtype: dtype) { start + Double($0) * step }
    }

    /// `0, 1, …, stop-1` for an integer count (float32 by default, as DESIGN.md sets the framework's default).
    public static func arange(_ stop: Int, dtype: DType = .float32) -> NDArray { arange(0, Double(stop), 1, dtype: dtype) }

    /// Integers from `start` up to (not including) `stop` in steps of `step`.
    public static func arange(_ start: Int, _ stop: Int, _ step: Int = 1, dtype: DType = .float32) -> NDArray {
        arange(Double(start), Double(stop), Double(step), dtype: dtype)
    }

    /// `num` evenly spaced values from `start` to `stop` (inclusive unless `endpoint` is false).
    public static func linspace(_ start: Double, _ stop: Double, num: Int = 50, endpoint: Bool = true, dtype: DType = .float32) -> NDArray {
        precondition(num >= 0, "linspace: num must be non-negative, got \(num)")
        let div = Double(endpoint ? num - 1 : num)
        let step = div > 0 ? (stop - start) / div : 0
        return fromIndex([num], dtype: dtype) { i in
            endpoint && i == num - 1 && num > 1 ? stop : start + Double(i) * step
        }
    }

    /// An `n`×`m` matrix with ones on diagonal `k` (0 the main one, positive above).
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float32) -> NDArray {
        let m = m ?? n
        return fromIndex([n, m], dtype: dtype) { i in i % Swift.max(m, 1) - i / Swift.max(m, 1) == k ? 1 : 0 }
    }

    /// The identity matrix.
    public static func identity(_ n: Int, dtype: DType = .float32) -> NDArray { eye(n, dtype: dtype) }

    /// Builds a contiguous array from a function of the flat index (used by creation routines, not hot loops).
    static func fromIndex(_ shape: [Int], dtype: DType, _ f: (Int) -> Double) -> NDArray {
        let n = Layout.count(shape)
        var values = [Double](repeating: 0, count: n)
        for i in 0..<n { values[i] = f(i) }
        return NDArray(elements: values, shape: shape).cast(dtype)
    }

    /// Sets every element to `value` (converted to the dtype).
    public mutating func fill(_ value: Double) {
        makeUniqueForWriting()
        dtype.dispatch(FillVisitor(array: self, value: value))
    }
}

private struct FillVisitor: DTypeVisitor {
    let array: NDArray, value: Double
    func visit<T: NDArrayElement>(_: T.Type) {
        let v: T = value.rounded() == value && abs(value) < 9e18 && T.dtype.isInteger
            ? T(fromInt64: Int64(value)) : T(fromDouble: value)
        let loop = StridedLoop(shape: array.shape, strides: [array.strides])
        let p = array.pointer(T.self), s = loop.innerStrides[0]
        loop.run { off, n in
            let q = p + off[0]
            if s == 1 { q.update(repeating: v, count: n) } else { for i in 0..<n { q[i * s] = v } }
        }
    }
}
