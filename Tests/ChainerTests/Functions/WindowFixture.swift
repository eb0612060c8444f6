@testable import Chainer

/// One case of Fixtures/convpool.json (written by scripts/fixtures/convpool.py): its arrays and its parameters.
struct WindowCase {
    let arrays: [String: NDArray]
    let params: [String: Any]

    /// Loads the entries "<prefix>/…" of the fixture file.
    init(_ prefix: String) throws {
        let raw = try Fixture.raw("convpool")
        var arrays: [String: NDArray] = [:]
        for (key, value) in raw where key.hasPrefix(prefix + "/") {
            if let a = Fixture.array(from: value) { arrays[String(key.dropFirst(prefix.count + 1))] = a }
        }
        self.arrays = arrays
        params = raw[prefix + "/params"] as? [String: Any] ?? [:]
    }

    /// A named array (the test fails loudly if the fixture lacks it).
    subscript(_ name: String) -> NDArray { arrays[name]! }
    /// A two-value parameter as `[Int]` (a spatial argument).
    func pair(_ key: String) -> [Int] { params[key] as! [Int] }
    /// A two-value parameter as a tuple.
    func tuple(_ key: String) -> (Int, Int) { let p = pair(key); return (p[0], p[1]) }
    /// A flag parameter.
    func flag(_ key: String) -> Bool { params[key] as! Bool }
    /// An integer parameter.
    func int(_ key: String) -> Int { params[key] as! Int }
}
