extension NDArray {
    /// Joins arrays along an existing axis, promoting their dtypes (NumPy's `concatenate`).
    public static func concatenate(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
        precondition(!arrays.isEmpty, "concatenate: need at least one array to concatenate")
        let first = arrays[0]
        precondition(first.ndim > 0, "concatenate: zero-dimensional arrays cannot be concatenated (shapes \(arrays.map(\.shape)))")
        let ax = Layout.axis(axis, ndim: first.ndim, op: "concatenate")
        var total = 0
        for a in arrays {
            precondition(a.ndim == first.ndim,
                         "concatenate: all arrays must have the same number of dimensions, got shapes \(arrays.map(\.shape))")
            for d in 0..<a.ndim where d != ax {
                precondition(a.shape[d] == first.shape[d],
                             "concatenate: sizes must match except along axis \(ax), got shapes \(arrays.map(\.shape)) (dtypes \(arrays.map(\.dtype)))")
            }
            total += a.shape[ax]
        }
        let dtype = arrays.dropFirst().reduce(first.dtype) { DType.promote($0, $1.dtype) }
        var outShape = first.shape
        outShape[ax] = total
        let out = NDArray(uninitializedShape: outShape, dtype: dtype)
        var start = 0
        for a in arrays where a.shape[ax] > 0 {
            var sel = [NDIndex](repeating: .all, count: ax)
            sel.append(.slice(start, start + a.shape[ax], 1))
            writeElements(from: a.cast(dtype), into: out.view(sel))
            start += a.shape[ax]
        }
        return out
    }

    /// Joins arrays of one shape along a new axis (NumPy's `stack`).
    public static func stack(_ arrays: [NDArray], axis: Int = 0) -> NDArray {
        precondition(!arrays.isEmpty, "stack: need at least one array to stack")
        let shape = arrays[0].shape
        precondition(arrays.allSatisfy { $0.shape == shape }, "stack: all input arrays must have the same shape, got \(arrays.map(\.shape))")
        let ax = Layout.axis(axis, ndim: shape.count + 1, op: "stack")
        return concatenate(arrays.map { $0.expandDims(ax) }, axis: ax)
    }

    /// Joins along axis 1, or axis 0 for 1-D inputs (NumPy's `hstack`).
    public static func hstack(_ arrays: [NDArray]) -> NDArray {
        let a = arrays.map { $0.ndim == 0 ? $0.reshaped([1]) : $0 }
        return concatenate(a, axis: a.first?.ndim == 1 ? 0 : 1)
    }

    /// Joins along axis 0 after making every input at least 2-D (NumPy's `vstack`).
    public static func vstack(_ arrays: [NDArray]) -> NDArray {
        concatenate(arrays.map { $0.ndim == 0 ? $0.reshaped([1, 1]) : ($0.ndim == 1 ? $0.reshaped([1, $0.size]) : $0) }, axis: 0)
    }

    /// Splits into `sections` equal views along `axis` (the length must divide evenly, as NumPy's `split`).
    public func split(_ sections: Int, axis: Int = 0) -> [NDArray] {
        let ax = Layout.axis(axis, ndim: ndim, op: "split")
        precondition(sections > 0, "split: number of sections must be positive, got \(sections)")
        precondition(shape[ax] % sections == 0,
                     "split: array split does not result in an equal division (axis \(ax) of length \(shape[ax]) into \(sections), shape \(shape))")
        return arraySplit(sections, axis: ax)
    }

    /// Splits into views at the given positions along `axis` (NumPy's `split` with a list of indices).
    public func split(indices: [Int], axis: Int = 0) -> [NDArray] {
        let ax = Layout.axis(axis, ndim: ndim, op: "split")
        let n = shape[ax]
        let bounds = [0] + indices + [n]
        return (0..<(bounds.count - 1)).map { k in
            var sel = [NDIndex](repeating: .all, count: ax)
            // Python slice semantics: negative bounds count from the end and out-of-range bounds clamp.
            sel.append(.slice(bounds[k], bounds[k + 1], 1))
            return view(sel)
        }
    }

    /// Splits into `sections` views whose lengths differ by at most one, the longer ones first (NumPy's `array_split`).
    public func arraySplit(_ sections: Int, axis: Int = 0) -> [NDArray] {
        let ax = Layout.axis(axis, ndim: ndim, op: "arraySplit")
        precondition(sections > 0, "arraySplit: number of sections must be positive, got \(sections)")
        let n = shape[ax], each = n / sections, extra = n % sections
        var cuts: [Int] = [], pos = 0
        for k in 0..<(sections - 1) {
            pos += each + (k < extra ? 1 : 0)
            cuts.append(pos)
        }
        return split(indices: cuts, axis: ax)
    }
}
