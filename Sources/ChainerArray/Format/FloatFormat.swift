import Foundation

/// NumPy's float formatting for one array (floatmode "maxprec", precision 8): every element in positional or
/// every element in scientific notation, shortest unique digits capped at 8 after the point, padded to align.
struct FloatFormat {
    private let dtype: DType
    private var scientific = false
    private var padLeft = 0, padRight = 0
    /// Fraction digits every scientific mantissa shows.
    private var minDigits = 0
    /// Digits every exponent shows.
    private var expSize = 2
    private static let precision = 8

    /// Chooses the notation and paddings from all the values that will be printed.
    init(_ values: [Double], dtype: DType) {
        self.dtype = dtype
        let finite = values.filter(\.isFinite)
        let nonZero = finite.filter { $0 != 0 }.map(Swift.abs)
        if let maxVal = nonZero.max(), let minVal = nonZero.min() {
            // NumPy switches to scientific above 10^(decimal precision of the type), capped at 1e8.
            let typePrecision = switch dtype {
            case .float16: 3
            case .bfloat16: 2
            case .float32: 6
            default: 15
            }
            let cutoff = Foundation.pow(10.0, Double(Swift.min(8, typePrecision)))
            // The ratio is computed in the array's own type, as NumPy does (float16's 100 / 0.09998 is exactly 1000).
            scientific = maxVal >= cutoff || minVal < 0.0001 || FloatFormat.rounded(maxVal / minVal, dtype) > 1000
        }
        if !finite.isEmpty {
            if scientific {
                let parts = finite.map(sciParts)
                expSize = parts.map { String(Swift.abs($0.exponent)).count }.max()!
                expSize = Swift.max(expSize, 2)
                minDigits = parts.map(\.frac.count).max()!
                padLeft = parts.map(\.int.count).max()!
                padRight = expSize + 2 + minDigits
            } else {
                let parts = finite.map(posParts)
                padLeft = parts.map(\.int.count).max()!
                padRight = parts.map(\.frac.count).max()!
            }
        }
        if finite.count != values.count {
            let negInf = values.contains { $0 == -.infinity }
            let offset = padRight + 1
            padLeft = Swift.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset)
        }
    }

    /// `v` rounded to the precision of `dtype`.
    private static func rounded(_ v: Double, _ dtype: DType) -> Double {
        switch dtype {
        case .float16: Double(Float16(Float(v)))
        case .bfloat16: BFloat16(Float(v)).doubleValue
        case .float32: Double(Float(v))
        default: v
        }
    }

    /// Positional digits of a finite value, rounded to 8 fraction digits when the shortest form needs more.
    private func posParts(_ v: Double) -> (int: String, frac: String) {
        let d = DecimalDigits(shortest: v, dtype: dtype)
        if d.fractionalCount <= FloatFormat.precision { return d.positional() }
        // C's printf rounds the exact binary value, as Dragon4's cut-off does.
        var text = String(format: "%.\(FloatFormat.precision)f", v)
        while text.hasSuffix("0") { text.removeLast() }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    /// Scientific digits of a finite value, rounded to 8 mantissa fraction digits when needed.
    private func sciParts(_ v: Double) -> (int: String, frac: String, exponent: Int) {
        let d = DecimalDigits(shortest: v, dtype: dtype)
        if d.digits.count - 1 <= FloatFormat.precision { return d.scientific() }
        return DecimalDigits(parsing: String(format: "%.\(FloatFormat.precision)e", v)).scientific()
    }

    /// One element, padded to the common width.
    func format(_ v: Double) -> String {
        if !v.isFinite {
            let text = v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf")
            return pad(text, padLeft + padRight + 1)
        }
        if scientific {
            let p = sciParts(v)
            let frac = p.frac + String(repeating: "0", count: Swift.max(0, minDigits - p.frac.count))
            let e = String(Swift.abs(p.exponent))
            let exp = (p.exponent < 0 ? "-" : "+") + String(repeating: "0", count: Swift.max(0, expSize - e.count)) + e
            return pad(p.int, padLeft) + "." + frac + "e" + exp
        }
        let p = posParts(v)
        return pad(p.int, padLeft) + "." + p.frac + String(repeating: " ", count: Swift.max(0, padRight - p.frac.count))
    }

    private func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - s.count)) + s
    }
}
