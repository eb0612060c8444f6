import Foundation

/// Number formatting as Python writes it, so logs and tables match Chainer's byte for byte.
enum PythonFormat {
    /// A count (an epoch or iteration) as Python's json writes an int; a value that is not whole as a float.
    static func jsonCount(_ v: Double) -> String { v.rounded() == v && abs(v) < 1e15 ? String(Int(v)) : jsonFloat(v) }

    /// Python's `repr(float)` as `json.dump` writes it: shortest round-trip digits, exponent form below 1e-4 and
    /// from 1e16, `NaN`/`Infinity` for non-finite values.
    static func jsonFloat(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        if v == 0 { return v.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, exponent) = decompose(v)
        var out = negative ? "-" : ""
        // `exponent` is the power of ten of the first digit.
        if exponent < -4 || exponent >= 16 {
            out += String(digits.first!)
            if digits.count > 1 { out += "." + digits.dropFirst() }
            out += "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
        } else if exponent < 0 {
            out += "0." + String(repeating: "0", count: -exponent - 1) + digits
        } else if digits.count > exponent + 1 {
            let cut = digits.index(digits.startIndex, offsetBy: exponent + 1)
            out += digits[..<cut] + "." + digits[cut...]
        } else {
            out += digits + String(repeating: "0", count: exponent + 1 - digits.count) + ".0"
        }
        return out
    }

    /// The shortest round-trip significant digits of a finite non-zero value, and the power of ten of the first.
    private static func decompose(_ v: Double) -> (Bool, String, Int) {
        // Swift's description is shortest round-trip; only its layout differs from Python's.
        let text = abs(v).description
        var mantissa = Substring(text), exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...])!
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0]), fracPart = parts.count > 1 ? String(parts[1]) : ""
        var all = intPart + fracPart
        var pointExp = intPart.count - 1 + exp
        while all.first == "0" && all.count > 1 { all.removeFirst(); pointExp -= 1 }
        while all.last == "0" && all.count > 1 { all.removeLast() }
        return (v < 0, all, pointExp)
    }

    /// Python's `'{:g}'.format(v)` (C's `%g`: six significant digits).
    static func g(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        return String(format: "%g", v)
    }
}
