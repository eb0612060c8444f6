import Foundation
@testable import ChainerArray

/// The arrays and strings of Fixtures/core.json (scripts/fixtures/core.py), loaded once.
enum CoreFixture {
    static let arrays: [String: NDArray] = (try? Fixture.load("core")) ?? [:]
    static let strings: [String: String] = ((try? Fixture.raw("core")) ?? [:]).compactMapValues { $0 as? String }

}

/// The core.json array stored under `key` (stops the test run with the key's name when missing).
func fx(_ key: String) -> NDArray {
    guard let a = CoreFixture.arrays[key] else { preconditionFailure("core.json has no array \(key)") }
    return a
}
