import Foundation
@testable import Chainer

/// One case of Fixtures/chainer_functions.json (scripts/fixtures/chainer_functions.py, made by Chainer 7.8.1): its
/// inputs, outputs, upstream gradients, Chainer's input gradients, extras, and whether Chainer differentiates the
/// function's gradient.
struct ChainerReferenceCase {
    let inputs: [NDArray]
    let outputs: [NDArray]
    let gradOutputs: [NDArray]
    /// Chainer's gradient per input, nil for inputs Chainer does not differentiate (labels, indexes).
    let gradInputs: [NDArray?]
    let extras: [String: NDArray]
    let doubleBackprop: Bool

    nonisolated(unsafe) private static var cache: [String: Any]?
    private static let lock = NSLock()

    /// The decoded fixture file, read once.
    static func file() throws -> [String: Any] {
        lock.lock(); defer { lock.unlock() }
        if let cache { return cache }
        let raw = try Fixture.raw("chainer_functions")
        cache = raw
        return raw
    }

    /// Every case name in the fixture.
    static func names() throws -> [String] {
        Set(try file().keys.compactMap { $0.split(separator: "/").first.map(String.init) }).sorted()
    }

    /// Loads case `name`.
    init(_ name: String) throws {
        let raw = try Self.file()
        func array(_ key: String) -> NDArray? { raw["\(name)/\(key)"].flatMap(Fixture.array(from:)) }
        func list(_ prefix: String) -> [NDArray] {
            Array((0...).lazy.map { array("\(prefix)\($0)") }.prefix { $0 != nil }.map { $0! })
        }
        inputs = list("in")
        outputs = list("out")
        gradOutputs = list("gy")
        gradInputs = inputs.indices.map { array("gx\($0)") }
        var extras: [String: NDArray] = [:]
        for (key, value) in raw where key.hasPrefix("\(name)/extra/") {
            extras[String(key.dropFirst("\(name)/extra/".count))] = Fixture.array(from: value)
        }
        self.extras = extras
        doubleBackprop = raw["\(name)/doubleBackprop"] as? Bool ?? false
    }
}
