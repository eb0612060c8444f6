import Foundation

/// A finite float as its shortest round-tripping decimal digits: the value is ±d₀.d₁d₂… × 10^exponent.
struct DecimalDigits {
    var negative: Bool
    /// ASCII digits without leading or trailing zeros ("0" for zero).
    var digits: [UInt8]
    var exponent: Int

    /// The shortest digits that read back as `value` in `dtype` (float16, bfloat16, float32 or float64).
    init(shortest value: Double, dtype: DType) {
        switch dtype {
        case .float32: self.init(parsing: Float(value).description)
        case .float16: self.init(parsing: Float16(Float(value)).description)
        case .bfloat16: self.init(parsing: DecimalDigits.bfloat16Shortest(value))
        default: self.init(parsing: value.description)
        }
    }

    /// Parses "-1.25e-05", "100.0", "1e+16" and the like.
    init(parsing text: String) {
        var s = Substring(text)
        negative = s.first == "-"
        if negative { s = s.dropFirst() }
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(s[s.index(after: e)...]) ?? 0
            s = s[..<e]
        }
        var mantissa: [UInt8] = []
        var pointAt: Int?
        for c in s.utf8 {
            if c == UInt8(ascii: ".") { pointAt = mantissa.count } else { mantissa.append(c) }
        }
        // Value = 0.mantissa × 10^(pointAt + exp), before stripping zeros.
        var point = (pointAt ?? mantissa.count) + exp
        while let f = mantissa.first, f == UInt8(ascii: "0") { mantissa.removeFirst(); point -= 1 }
        while let l = mantissa.last, l == UInt8(ascii: "0") { mantissa.removeLast() }
        if mantissa.isEmpty {
            digits = [UInt8(ascii: "0")]; exponent = 0
        } else {
            digits = mantissa; exponent = point - 1
        }
    }

    /// Swift has no bfloat16 printing: try 1…9 significant digits until the text reads back as the same value.
    private static func bfloat16Shortest(_ value: Double) -> String {
        let bits = BFloat16(Float(value)).bitPattern
        for k in 1...9 {
            let text = String(format: "%.\(k - 1)e", value)
            if let d = Double(text), BFloat16(Float(d)).bitPattern == bits { return text }
        }
        return value.description
    }

    /// Digits after the decimal point in positional notation.
    var fractionalCount: Int { Swift.max(0, digits.count - 1 - exponent) }

    /// Positional notation split at the point, e.g. ("-12", "5") for -12.5 and ("1", "") for 1.
    func positional() -> (int: String, frac: String) {
        let d = digits.map { Character(UnicodeScalar($0)) }
        var ip: String, fp: String
        if digits == [UInt8(ascii: "0")] {
            (ip, fp) = ("0", "")
        } else if exponent >= 0 {
            let n = d.count
            ip = String(d[0..<Swift.min(n, exponent + 1)]) + String(repeating: "0", count: Swift.max(0, exponent + 1 - n))
            fp = n > exponent + 1 ? String(d[(exponent + 1)...]) : ""
        } else {
            ip = "0"
            fp = String(repeating: "0", count: -exponent - 1) + String(d)
        }
        return ((negative ? "-" : "") + ip, fp)
    }

    /// Scientific notation parts: ("-1", "25", -5) for -1.25e-05.
    func scientific() -> (int: String, frac: String, exponent: Int) {
        let d = digits.map { Character(UnicodeScalar($0)) }
        return ((negative ? "-" : "") + String(d[0]), String(d.dropFirst()), exponent)
    }
}
