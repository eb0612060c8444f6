import Foundation
import Testing
@testable import Chainer

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

    /// The decoded JSON object of Fixtures/<name>.json.
    static func raw(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name + ".json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Decodes {"shape", "dtype", "data"} into an NDArray.
    static func array(from value: Any) -> NDArray? {
        guard let d = value as? [String: Any], let shape = d["shape"] as? [Int], let dt = d["dtype"] as? String,
              let data = d["data"] as? [Any], let dtype = DType(rawValue: dt) else { return nil }
        let values: [Double] = data.map { v in
            switch v {
            case let s as String: s == "nan" ? .nan : (s == "inf" ? .infinity : -.infinity)
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
