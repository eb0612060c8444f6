import ChainerArray
import Foundation

extension Summary {
    /// Chainer's keys `_x`, `_x2` (float64) and `_n` (int64 when the weights summed to a whole number, as Chainer's
    /// count is a Python int).
    func stateDict() -> [String: NDArray] {
        let count: NDArray = n.rounded() == n && abs(n) < 1e15 ? NDArray(Int(n)) : NDArray(n)
        return ["_x": NDArray(x), "_x2": NDArray(x2), "_n": count]
    }

    /// The summary saved by `stateDict()`.
    init(state: [String: NDArray]) throws(SerializationError) {
        self.init()
        x = try state.double("_x")
        x2 = try state.double("_x2")
        n = try state.double("_n")
    }
}

extension DictSummary {
    /// Chainer's layout: `_names` (the JSON list of keys, as UTF-8 text) and `_summaries/<index>/…` per key.
    func stateDict() -> [String: NDArray] {
        let names = summaries.keys.sorted()
        var s: [String: NDArray] = ["_names": NDArray(Array(LogReport.jsonList(names).utf8))]
        for (i, name) in names.enumerated() { s.merge(summaries[name]!.stateDict(), prefix: "_summaries/\(i)/") }
        return s
    }

    /// The keys of `stateDict()` that hold text.
    static let textStateKeys: Set<String> = ["_names"]

    /// The summaries saved by `stateDict()` (an absent `_names` is an empty summary, as Chainer reads it).
    init(state: [String: NDArray]) throws(SerializationError) {
        self.init()
        guard let bytes = state["_names"] else { return }
        guard let names = try? JSONSerialization.jsonObject(with: Data(bytes.asArray(UInt8.self))) as? [String] else {
            throw .badValue("_names is not a JSON list of strings")
        }
        for (i, name) in names.enumerated() {
            summaries[name] = try Summary(state: state.subState("_summaries/\(i)/"))
        }
    }
}
