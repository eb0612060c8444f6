/// How `pad` fills the new border.
public enum PadMode: Sendable, Equatable {
    /// A constant value.
    case constant(Double)
    /// The nearest edge element repeated.
    case edge
    /// A mirror image that excludes the edge element (NumPy's `reflect`).
    case reflect
}

extension NDArray {
    /// Pads every axis with `widths[axis] = (before, after)` elements (NumPy's `pad`).
    public func pad(_ widths: [(Int, Int)], mode: PadMode = .constant(0)) -> NDArray {
        precondition(widths.count == ndim, "pad: \(widths.count) pad widths for an array of shape \(shape)")
        precondition(widths.allSatisfy { $0.0 >= 0 && $0.1 >= 0 }, "pad: pad widths must be non-negative, got \(widths)")
        let outShape = zip(shape, widths).map { $0 + $1.0 + $1.1 }
        var out: NDArray
        if case .constant(let v) = mode { out = NDArray.full(outShape, v, dtype: dtype) } else { out = NDArray(uninitializedShape: outShape, dtype: dtype) }
        writeElements(from: self, into: out.view(widths.enumerated().map { .slice($1.0, $1.0 + shape[$0], 1) }))
        if case .constant = mode { return out }
        // One axis at a time over the full extent of the others: each border slice copies an interior slice, so
        // corners come out as the separable mapping NumPy produces.
        for (ax, (before, after)) in widths.enumerated() where before + after > 0 {
            let n = shape[ax]
            precondition(n > 0, "pad: cannot pad axis \(ax) of length 0 with mode \(mode) (shape \(shape))")
            for p in Array(0..<before) + Array((before + n)..<(before + n + after)) {
                let src = before + NDArray.padSource(p - before, length: n, mode: mode)
                let prefix = [NDIndex](repeating: .all, count: ax)
                writeElements(from: out.view(prefix + [.index(src)]), into: out.view(prefix + [.index(p)]))
            }
        }
        return out
    }

    /// Pads every axis by `width` on both sides.
    public func pad(_ width: Int, mode: PadMode = .constant(0)) -> NDArray {
        pad(Array(repeating: (width, width), count: ndim), mode: mode)
    }

    /// The source position for padded position `i` (relative to the first original element) on an axis of length `n`.
    static func padSource(_ i: Int, length n: Int, mode: PadMode) -> Int {
        switch mode {
        case .edge, .constant: return Swift.min(Swift.max(i, 0), n - 1)
        case .reflect:
            if n == 1 { return 0 }
            let period = 2 * (n - 1)
            var m = i % period
            if m < 0 { m += period }
            return m < n ? m : period - m
        }
    }
}
