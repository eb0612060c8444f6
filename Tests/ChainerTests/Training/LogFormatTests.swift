import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// `out/log` against the log Chainer 7.8.1 wrote for the same run (scripts/fixtures/chainer_trainer_snapshot.py).
@Suite struct LogFormatTests {
    /// Each entry's keys with the JSON kind of their values ("int", "float" or another token), read from the text so
    /// that `1` and `1.0` stay apart.
    private func shape(_ text: String) throws -> [[String: String]] {
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        var entries: [[String: String]] = []
        for object in text.components(separatedBy: "}").dropLast() {
            var entry: [String: String] = [:]
            for line in object.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, let key = parts[0].split(separator: "\"").first(where: { !$0.allSatisfy(\.isWhitespace) })
                else { continue }
                let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " ,"))
                let kind = Int(value) != nil ? "int" : (Double(value) != nil || ["NaN", "Infinity", "-Infinity"].contains(value) ? "float" : value)
                entry[String(key)] = kind
            }
            entries.append(entry)
        }
        #expect(entries.count == list.count && entries.map(\.count) == list.map(\.count))
        return entries
    }

    @Test func ourLogHasChainersKeysAndValueTypes() throws {
        let (train, test) = try fixtureDatasets()
        let out = temporaryOutput()
        try withSeed(4) { try fixtureTrainer(train: train, test: test, stop: IntervalTrigger(2, .epoch), out: out).0.run() }
        let ours = try shape(String(contentsOfFile: out + "/log", encoding: .utf8))
        let theirs = try shape(String(contentsOf: Fixture.url("chainer_trainer_log.json"), encoding: .utf8))
        #expect(theirs.count == 2)
        #expect(ours == theirs)
        #expect(theirs[0] == ["epoch": "int", "iteration": "int", "main/loss": "float", "main/accuracy": "float",
                              "validation/main/loss": "float", "validation/main/accuracy": "float", "elapsed_time": "float"])
        let values = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/log"))) as? [[String: Any]])
        #expect(values.map { ($0["epoch"] as? NSNumber)?.intValue } == [1, 2])
        #expect(values.map { ($0["iteration"] as? NSNumber)?.intValue } == [3, 6])
    }

    @Test func logsChainerWroteLoadExactly() throws {
        let text = try String(contentsOf: Fixture.url("chainer_trainer_log.json"), encoding: .utf8)
        let entries = try LogReport.parse(Data(text.utf8))
        #expect(entries.map { $0["iteration"] } == [3, 6])
        #expect(entries[0]["main/loss"] == 1.1956713994344075)  // the exact double Python wrote
        // Python writes non-finite values as bare NaN / Infinity tokens.
        let odd = try LogReport.parse(Data("[{\"a\": NaN, \"b\": -Infinity, \"epoch\": 1}]".utf8))
        #expect(odd[0]["a"]!.isNaN && odd[0]["b"] == -.infinity && odd[0]["epoch"] == 1)
        #expect(throws: SerializationError.self) { try LogReport.parse(Data("{\"a\": 1}".utf8)) }
    }
}
