import Foundation
import Testing
@testable import ChainerArray

/// Reads the JSON fixtures that scripts/fixtures/*.py wrote with NumPy.
enum Fixture {
    /// The folder holding fixture files.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// A fixture file's path.
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Every case of Fixtures/<name>.json, decoded as arrays (entries that are not arrays are skipped).
    static func load(_ name: String) throws -> [String: NDArray] {
        try raw(name).compactMapValues { array(from: $0) }
    }

    /// The decoded JSON object of Fixtures/<name>.json. Parsed with JSONDecoder, which reads every float64 exactly
    /// (JSONSerialization on Linux is off by an ulp on some values and drops the sign of -0.0); numbers come back as
    /// NSNumber, as JSONSerialization gives them.
    static func raw(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name + ".json"))
        return try JSONDecoder().decode(JSONValue.self, from: data).any as! [String: Any]
    }

    /// Decodes {"shape", "dtype", "data"} into an NDArray.
    static func array(from value: Any) -> NDArray? {
        guard let d = value as? [String: Any], let shape = d["shape"] as? [Int], let dt = d["dtype"] as? String,
              let data = d["data"] as? [Any], let dtype = DType(rawValue: dt) else { return nil }
        let values: [Double] = data.map { v in
            switch v {
            case let s as String: s == "nan" ? .nan : (s == "inf" ? .infinity : (s == "-inf" ? -.infinity : Double(s) ?? .nan))
            case let b as Bool: b ? 1 : 0
            case let n as NSNumber: n.doubleValue
            default: .nan
            }
        }
        if dtype == .int64 {
            let ints = data.map { ($0 as? NSNumber)?.int64Value ?? 0 }
            return NDArray(ints, shape: shape)
        }
        return NDArray(values, shape: shape, dtype: dtype)
    }
}

/// Expects `actual` to match `expected` in shape, dtype and values (within tolerances for floats).
func expectArray(_ actual: NDArray, _ expected: NDArray, rtol: Double = 1e-6, atol: Double = 1e-6, checkDType: Bool = true,
                 _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.shape == expected.shape, comment, sourceLocation: sourceLocation)
    if checkDType { #expect(actual.dtype == expected.dtype, comment, sourceLocation: sourceLocation) }
    guard actual.shape == expected.shape else { return }
    let ok = actual.allClose(expected, rtol: rtol, atol: atol, equalNaN: true)
    #expect(ok, "\(comment?.description ?? ""): got \(actual.scalars.prefix(16)), expected \(expected.scalars.prefix(16))", sourceLocation: sourceLocation)
}

/// Any JSON value, decoded exactly.
enum JSONValue: Decodable {
    case int(Int64), double(Double), string(String), bool(Bool), array([JSONValue]), object([String: JSONValue]), null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    /// The value as Foundation objects (numbers as NSNumber).
    var any: Any {
        switch self {
        case .int(let i): NSNumber(value: i)
        case .double(let d): NSNumber(value: d)
        case .string(let s): s
        case .bool(let b): b
        case .array(let a): a.map(\.any)
        case .object(let o): o.mapValues(\.any)
        case .null: NSNull()
        }
    }
}
