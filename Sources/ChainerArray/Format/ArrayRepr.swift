/// NumPy 2's `repr` of an array: `array([1., 2.], dtype=float32)`, wrapped at 75 columns, summarised with `...`
/// (3 items at each edge) beyond 1000 elements.
enum ArrayRepr {
    static let lineWidth = 75
    static let threshold = 1000
    static let edgeItems = 3

    /// The full `array(…)` text.
    static func render(_ a: NDArray) -> String {
        let prefix = "array("
        let body = a.size == 0 ? "[]" : elements(a, prefix: prefix)
        var extras: [String] = []
        if (a.size == 0 && a.shape != [0]) || a.size > threshold { extras.append("shape=" + tuple(a.shape)) }
        let implied = a.dtype == .float64 || a.dtype == .int64 || a.dtype == .bool
        if !implied || a.size == 0 { extras.append("dtype=\(a.dtype)") }
        if extras.isEmpty { return prefix + body + ")" }
        let head = prefix + body + ","
        let extra = extras.joined(separator: ", ") + ")"
        let lastLine = head.count - (head.lastIndex(of: "\n").map { head.distance(from: head.startIndex, to: $0) + 1 } ?? 0)
        let spacer = lastLine + extra.count + 1 > lineWidth ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return head + spacer + extra
    }

    /// Python's tuple spelling of a shape: `()`, `(3,)`, `(2, 3)`.
    static func tuple(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The bracketed elements (NumPy's `array2string` with separator ", ").
    private static func elements(_ a: NDArray, prefix: String) -> String {
        let summarise = a.size > threshold
        // Keep only the corner items of long axes; the words are formatted from what is printed, as NumPy does.
        var corners = a
        var cut = [Bool](repeating: false, count: a.ndim)
        for axis in 0..<a.ndim where summarise && a.shape[axis] > 2 * edgeItems {
            let n = a.shape[axis]
            let keep = Array(0..<edgeItems) + Array((n - edgeItems)..<n)
            corners = corners.take(NDArray(keep), axis: axis)
            cut[axis] = true
        }
        let words = ElementWords.make(corners.contiguous())
        let layout = BracketLayout(words: words, shape: corners.shape, strides: corners.contiguous().strides, cut: cut)
        let hanging = String(repeating: " ", count: prefix.count + 1)
        return layout.recurse(axis: 0, base: 0, hanging: hanging, width: lineWidth - 1)
    }

    /// The recursive bracket layout of NumPy's `_formatArray`.
    private struct BracketLayout {
        let words: [String], shape: [Int], strides: [Int], cut: [Bool]

        func recurse(axis: Int, base: Int, hanging: String, width: Int) -> String {
            if axis == shape.count { return words[base] }
            let nextHanging = hanging + " ", nextWidth = width - 1
            let n = shape[axis], step = strides[axis]
            let leading = cut[axis] ? edgeItems : 0
            let trailing = cut[axis] ? edgeItems : n
            func item(_ i: Int) -> String { recurse(axis: axis + 1, base: base + i * step, hanging: nextHanging, width: nextWidth) }
            var s = ""
            if axis == shape.count - 1 {
                let elemWidth = width - 1
                var line = hanging
                func extend(_ word: String) {
                    if line.count + word.count > elemWidth && line.count > hanging.count {
                        s += String(line.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
                        line = hanging
                    }
                    line += word
                }
                for i in 0..<leading { extend(item(i)); line += ", " }
                if cut[axis] { extend("..."); line += ", " }
                for i in stride(from: trailing, to: 1, by: -1) { extend(item(n - i)); line += ", " }
                extend(item(n - 1))
                s += line
            } else {
                let lineSep = "," + String(repeating: "\n", count: shape.count - axis - 1)
                for i in 0..<leading { s += hanging + item(i) + lineSep }
                if cut[axis] { s += hanging + "..." + lineSep }
                for i in stride(from: trailing, to: 1, by: -1) { s += hanging + item(n - i) + lineSep }
                s += hanging + item(n - 1)
            }
            return "[" + s.dropFirst(hanging.count) + "]"
        }
    }
}

/// Every element of a contiguous array as text, all formatted alike (floats and ints padded to a common width).
enum ElementWords {
    static func make(_ a: NDArray) -> [String] {
        switch a.dtype {
        case .bool:
            let t = a.ndim == 0 ? "True" : " True"
            return a.asArray(Bool.self).map { $0 ? t : "False" }
        case .int8, .uint8, .int32, .int64:
            let v = a.asArray(Int64.self)
            let width = Swift.max(String(v.max() ?? 0).count, String(v.min() ?? 0).count)
            return v.map { let s = String($0); return String(repeating: " ", count: width - s.count) + s }
        default:
            let v = a.asArray(Double.self)
            let f = FloatFormat(v, dtype: a.dtype)
            return v.map(f.format)
        }
    }
}
