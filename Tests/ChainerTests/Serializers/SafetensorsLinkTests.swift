import Foundation
import Testing
@testable import Chainer

@Suite struct SafetensorsLinkTests {
    static func temp(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)-\(name).safetensors")
    }

    @Test func roundTripRestoresParametersAndPersistents() throws {
        let a = L.Classifier(SmallNet())
        let net = a.predictor as! SmallNet
        _ = net.bn(Variable(NDArray.normal([3, 5])), finetune: true)
        let url = Self.temp("model")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveSafetensors(a, to: url, metadata: ["framework": "swift-chainer"])
        let stored = try Safetensors.readWithMetadata(url)
        #expect(stored.metadata == ["framework": "swift-chainer"])
        #expect(stored.tensors["predictor/l1/W"]! == net.l1.W.array && stored.tensors["predictor/bn/N"]! == NDArray(1))
        let b = L.Classifier(SmallNet())
        try loadSafetensors(url, into: b)
        for ((pa, x), (pb, y)) in zip(a.namedParams(), b.namedParams()) { #expect(pa == pb && x.array == y.array) }
        for ((pa, x), (pb, y)) in zip(a.namedPersistent(), b.namedPersistent()) { #expect(pa == pb && x == y) }
    }

    @Test func lazyLinksTakeTheirShapesAndMismatchesLeaveTheLinkUntouched() throws {
        let url = Self.temp("lazy")
        defer { try? FileManager.default.removeItem(at: url) }
        let src = Sequential(L.Linear(3, 4))
        try saveSafetensors(src, to: url)
        let dst = Sequential(L.Linear(4))
        try loadSafetensors(url, into: dst)
        let x = Variable(NDArray.normal([2, 3]))
        #expect(dst(x).array == src(x).array)

        let wrong = Sequential(L.Linear(5, 4))
        let before = wrong.params().map(\.array)
        #expect(throws: SerializationError.self) { try loadSafetensors(url, into: wrong) }
        #expect(wrong.params().map(\.array) == before)
        let bigger = Sequential(L.Linear(3, 4), L.Linear(4, 2))
        #expect(throws: SerializationError.missingKey("1/W")) { try loadSafetensors(url, into: bigger) }
        try loadSafetensors(url, into: bigger, strict: false)
        #expect(bigger.params()[0].array == src.params()[0].array)
    }

    @Test func corruptFilesThrowSerializationErrors() throws {
        let url = Self.temp("bad")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([8, 0, 0, 0, 0, 0, 0, 0] + Array("{\"a\":1}".utf8)).write(to: url)
        #expect(throws: SerializationError.self) { try loadSafetensors(url, into: Sequential(L.Linear(3, 4))) }
        do {
            try loadSafetensors(URL(fileURLWithPath: "/nonexistent/x"), into: Sequential(L.Linear(3, 4)))
            Issue.record("a missing file loaded")
        } catch {
            if case .io = error {} else { Issue.record("expected an I/O error, got \(error)") }
        }
    }
}
