/// One entry of a basic-indexing subscript: `a[0, 1..<3, .newAxis, .ellipsis, .all]`.
public enum NDIndex: Sendable, Equatable {
    /// A single position (negative counts from the end); removes the axis.
    case index(Int)
    /// `start..<stop` in steps of `step` (nil bounds mean the ends, as in Python's `start:stop:step`).
    case slice(Int?, Int?, Int? = nil)
    /// Inserts an axis of length 1 (NumPy's `np.newaxis`).
    case newAxis
    /// Stands for as many `.all` as needed.
    case ellipsis
    /// The whole axis (Python's `:`).
    public static var all: NDIndex { .slice(nil, nil, nil) }
}

/// Things that can stand in a subscript: `Int`, ranges, `stride(from:to:by:)` and `NDIndex`.
public protocol NDIndexConvertible: Sendable {
    /// The index this value stands for.
    var ndIndex: NDIndex { get }
}

extension NDIndex: NDIndexConvertible { public var ndIndex: NDIndex { self } }
extension Int: NDIndexConvertible { public var ndIndex: NDIndex { .index(self) } }
extension Range<Int>: NDIndexConvertible { public var ndIndex: NDIndex { .slice(lowerBound, upperBound) } }
extension ClosedRange<Int>: NDIndexConvertible { public var ndIndex: NDIndex { .slice(lowerBound, upperBound == -1 ? nil : upperBound + 1) } }
extension PartialRangeFrom<Int>: NDIndexConvertible { public var ndIndex: NDIndex { .slice(lowerBound, nil) } }
extension PartialRangeUpTo<Int>: NDIndexConvertible { public var ndIndex: NDIndex { .slice(nil, upperBound) } }
extension PartialRangeThrough<Int>: NDIndexConvertible { public var ndIndex: NDIndex { .slice(nil, upperBound == -1 ? nil : upperBound + 1) } }
extension StrideTo<Int>: NDIndexConvertible {
    /// The slice that selects the indices this stride produces (negative ones counting from the end).
    public var ndIndex: NDIndex { stridedSlice(self) }
}

extension StrideThrough<Int>: NDIndexConvertible {
    /// The slice that selects the indices this stride produces (negative ones counting from the end).
    public var ndIndex: NDIndex { stridedSlice(self) }
}

/// The slice selecting exactly the indices `stride` produces, each read as NumPy reads an index (negative: from the
/// end). The strides hide their fields, so they are recovered from the sequence. A stop that would land on the
/// other side of 0 (where its meaning flips between "from the start" and "from the end") becomes nil, "past the
/// end" in the stride's direction.
private func stridedSlice<S: Sequence<Int>>(_ stride: S) -> NDIndex {
    var it = stride.makeIterator()
    guard let first = it.next() else { return .slice(0, 0, 1) }
    let second = it.next()
    let step = second.map { $0 - first } ?? 1
    var last = second ?? first
    while let v = it.next() { last = v }
    precondition((first < 0) == (last < 0),
                 "stride subscript: \(first) through \(last) mixes indices from the end and from the start; use NDIndex.slice")
    let stop = last + step
    return .slice(first, (first < 0) == (stop < 0) ? stop : nil, step)
}

extension NDArray {
    /// Basic indexing: a view (integers drop axes, ranges and strided ranges slice, `.newAxis` inserts, `.ellipsis`
    /// fills). Setting copies `newValue` (broadcast) into the selected elements.
    public subscript(_ indices: any NDIndexConvertible...) -> NDArray {
        get { view(indices.map(\.ndIndex)) }
        set { setView(indices.map(\.ndIndex), newValue) }
    }

    /// Basic indexing with an explicit list of `NDIndex`.
    public subscript(indices indices: [NDIndex]) -> NDArray {
        get { view(indices) }
        set { setView(indices, newValue) }
    }

    mutating func setView(_ indices: [NDIndex], _ value: NDArray) {
        makeUniqueForWriting()
        let target = view(indices)
        precondition(Layout.broadcastShape([value.shape, target.shape]) == target.shape,
                     "subscript set: value of shape \(value.shape) cannot broadcast to the selection's shape \(target.shape)")
        // The view shares our (now unique) storage: copying into it writes through.
        var src = value.cast(dtype)
        if src.storage === storage { src = src.copy() }
        writeElements(from: src, into: target)
    }

    /// Resolves basic indices to a view.
    func view(_ indices: [NDIndex]) -> NDArray {
        let consumed = indices.filter { if case .newAxis = $0 { false } else if case .ellipsis = $0 { false } else { true } }.count
        let ellipses = indices.filter { $0 == .ellipsis }.count
        precondition(ellipses <= 1, "subscript: an index can only have a single ellipsis")
        precondition(consumed <= ndim, "subscript: too many indices (\(consumed)) for an array of shape \(shape)")
        var expanded: [NDIndex] = []
        for idx in indices {
            if idx == .ellipsis { expanded += Array(repeating: .all, count: ndim - consumed) } else { expanded.append(idx) }
        }
        if ellipses == 0 { expanded += Array(repeating: .all, count: ndim - consumed) }
        var newShape: [Int] = [], newStrides: [Int] = []
        var off = offset, axis = 0
        for idx in expanded {
            switch idx {
            case .newAxis:
                newShape.append(1); newStrides.append(0)
            case .index(let i):
                let n = shape[axis]
                let j = i < 0 ? i + n : i
                precondition(j >= 0 && j < n, "subscript: index \(i) is out of bounds for axis \(axis) with size \(n) (shape \(shape))")
                off += j * strides[axis]
                axis += 1
            case .slice(let start, let stop, let step):
                let (s, len, st) = NDArray.resolveSlice(start, stop, step, length: shape[axis])
                off += len > 0 ? s * strides[axis] : 0
                newShape.append(len); newStrides.append(strides[axis] * st)
                axis += 1
            case .ellipsis:
                break
            }
        }
        return NDArray(storage: storage, shape: newShape, strides: newStrides, offset: off, dtype: dtype)
    }

    /// Python's `slice.indices`: the first position, the count and the step.
    static func resolveSlice(_ start: Int?, _ stop: Int?, _ step: Int?, length n: Int) -> (Int, Int, Int) {
        let step = step ?? 1
        precondition(step != 0, "subscript: slice step cannot be zero")
        func clamp(_ v: Int?, _ def: Int, lo: Int, hi: Int) -> Int {
            guard var v else { return def }
            if v < 0 { v += n }
            return Swift.min(Swift.max(v, lo), hi)
        }
        let s: Int, e: Int
        if step > 0 {
            s = clamp(start, 0, lo: 0, hi: n); e = clamp(stop, n, lo: 0, hi: n)
        } else {
            s = clamp(start, n - 1, lo: -1, hi: n - 1); e = clamp(stop, -1, lo: -1, hi: n - 1)
        }
        let len = step > 0 ? Swift.max(0, (e - s + step - 1) / step) : Swift.max(0, (s - e + (-step) - 1) / (-step))
        return (s, len, step)
    }
}

/// Copies `src` (same dtype, broadcastable) into the elements `dst` views, writing through `dst`'s storage.
func writeElements(from src: NDArray, into dst: NDArray) {
    var d = dst
    // `d` shares storage with its owner on purpose; skip the uniqueness check of copyElements.
    copyElementsNoCoW(from: src, into: &d)
}

/// `.all`, `.newAxis` and `.ellipsis` written inside a variadic subscript, `a[.all, .newAxis]`: each index there is an
/// `any NDIndexConvertible`, whose implicit member lookup only sees static members of the protocol. Declaring them
/// for this separate type (not for NDIndex, whose own cases would then be ambiguous) makes the short forms work.
public struct NDIndexToken: NDIndexConvertible {
    /// The index this token stands for.
    public let ndIndex: NDIndex
}

extension NDIndexConvertible where Self == NDIndexToken {
    /// The whole axis (Python's `:`).
    public static var all: NDIndexToken { NDIndexToken(ndIndex: .slice(nil, nil, nil)) }
    /// Inserts an axis of length 1.
    public static var newAxis: NDIndexToken { NDIndexToken(ndIndex: .newAxis) }
    /// Stands for as many `.all` as needed.
    public static var ellipsis: NDIndexToken { NDIndexToken(ndIndex: .ellipsis) }
}
