import Foundation
import Testing
@testable import Chainer

@Suite struct NPZSerializerTests {
    /// A fresh temporary file path.
    static func temp(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("links-\(UUID().uuidString)-\(name).npz")
    }

    /// The Chainer-shaped model the fixture was saved from.
    static func chainerModel() -> L.Classifier { L.Classifier(SmallNet()) }

    @Test func loadsAModelSavedByChainer() throws {
        let model = Self.chainerModel()
        try loadNPZ(Fixture.url("chainer_mlp.npz"), into: model)
        let fx = try Fixture.load("chainer_mlp")
        let y = usingConfig(\.train, false) { model.predictor(Variable(fx["x"]!)) }
        expectArray(y.array, fx["y_test"]!, rtol: 1e-5, atol: 1e-6)
        let net = model.predictor as! SmallNet
        #expect(net.bn.N == 0 && net.bn.avgMean! != NDArray.zeros([5]))
    }

    @Test func savesChainersKeyLayout() throws {
        let model = Self.chainerModel()
        let url = Self.temp("layout")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveNPZ(model, to: url)
        let arrays = try NPZ.read(url)
        let keys = try #require(Fixture.raw("chainer_mlp")["keys"] as? [String])
        #expect(arrays.keys.sorted() == keys)
        #expect(arrays["predictor/bn/N"]! == NDArray(0) && arrays["predictor/l1/W"]! == (model.predictor as! SmallNet).l1.W.array)
    }

    /// A child registered under Chainer's snake_case name saves and loads under it.
    final class Named: ChainBase {
        let embedX = L.EmbedID(5, 3), out = L.Linear(3, 2)
        override init() {
            super.init()
            register(embedX, as: "embed_x")
        }
    }

    /// Chainer's spelling and argument order: `save_npz(file, obj)`, `load_npz(file, obj)`.
    @Test func chainersSpellingSavesAndLoads() throws {
        let a = L.Linear(3, 2), b = L.Linear(3, 2)
        let url = Self.temp("spelling")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveNpz(url.path, a)
        try loadNpz(url.path, b)
        #expect(b.W.array == a.W.array && b.b!.array == a.b!.array)
    }

    @Test func childrenRegisteredUnderAnotherNameUseIt() throws {
        let a = Named(), b = Named()
        #expect(a.namedParams().map(\.0) == ["/embed_x/W", "/out/W", "/out/b"] && a.children().count == 2)
        let url = Self.temp("named")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveNPZ(a, to: url)
        #expect(try NPZ.read(url).keys.sorted() == ["embed_x/W", "out/W", "out/b"])
        try loadNPZ(url, into: b)
        #expect(b.embedX.W.array == a.embedX.W.array && b.out.W.array == a.out.W.array)
    }

    @Test func roundTripRestoresParametersAndPersistents() throws {
        let a = Self.chainerModel()
        let net = a.predictor as! SmallNet
        _ = net(Variable(NDArray.normal([8, 4])))
        _ = net.bn(Variable(NDArray.normal([3, 5])), finetune: true)
        for compressed in [true, false] {
            let url = Self.temp("round")
            defer { try? FileManager.default.removeItem(at: url) }
            try saveNPZ(a, to: url, compressed: compressed)
            let b = Self.chainerModel()
            try loadNPZ(url.path, into: b)
            for ((pa, x), (pb, y)) in zip(a.namedParams(), b.namedParams()) { #expect(pa == pb && x.array == y.array) }
            for ((pa, x), (pb, y)) in zip(a.namedPersistent(), b.namedPersistent()) { #expect(pa == pb && x == y) }
            #expect((b.predictor as! SmallNet).bn.N == 1)
        }
    }

    @Test func lazyLinksTakeTheirShapesFromTheFile() throws {
        let url = Self.temp("lazy")
        defer { try? FileManager.default.removeItem(at: url) }
        let src = Sequential(L.Linear(3, 4), L.BatchNormalization(4))
        try saveNPZ(src, to: url)
        let dst = Sequential(L.Linear(4), L.BatchNormalization(nil))
        try loadNPZ(url, into: dst)
        let x = Variable(NDArray.normal([2, 3]))
        #expect(dst(x).array == src(x).array)
    }

    @Test func badInputsThrowTypedErrorsAndLeaveTheModelUntouched() throws {
        let url = Self.temp("bad")
        defer { try? FileManager.default.removeItem(at: url) }
        let good = try NPZ.read(Fixture.url("chainer_mlp.npz"))

        var missing = good
        missing["predictor/l2/b"] = nil
        try NPZ.write(missing, to: url)
        let model = Self.chainerModel()
        let before = model.namedParams().map { $0.1.array }
        #expect(throws: SerializationError.missingKey("predictor/l2/b")) { try loadNPZ(url, into: model) }
        // Nothing was half-loaded: l1 comes before l2 but is unchanged.
        #expect(zip(before, model.params()).allSatisfy { $0 == $1.array })
        try loadNPZ(url, into: model, strict: false)
        #expect(model.namedParams().first { $0.0 == "/predictor/l1/W" }!.1.array == good["predictor/l1/W"]!)
        #expect(model.params().last!.array == before.last!)

        var wrongShape = good
        wrongShape["predictor/bn/avg_var"] = NDArray.ones([6])
        try NPZ.write(wrongShape, to: url)
        #expect(throws: SerializationError.shapeMismatch(key: "predictor/bn/avg_var", expected: [5], found: [6])) {
            try loadNPZ(url, into: Self.chainerModel())
        }

        // float64 loads into float32 as Chainer's numpy.copyto casts it; a float into an int (another kind) does not.
        var wider = good
        wider["predictor/l1/b"] = good["predictor/l1/b"]!.astype(.float64) + 0.25
        try NPZ.write(wider, to: url)
        let widened = Self.chainerModel()
        try loadNPZ(url, into: widened)
        let loadedBias = widened.namedParams().first { $0.0 == "/predictor/l1/b" }!.1.array
        #expect(loadedBias.dtype == .float32 && loadedBias.asArray(Float.self) == wider["predictor/l1/b"]!.astype(.float32).asArray(Float.self))
        #expect(DictionaryDeserializer.castsSameKind(.float64, to: .float16) && DictionaryDeserializer.castsSameKind(.int32, to: .float32))
        #expect(!DictionaryDeserializer.castsSameKind(.float32, to: .int64) && !DictionaryDeserializer.castsSameKind(.int64, to: .uint8))

        let bytes = try Data(contentsOf: Fixture.url("chainer_mlp.npz"))
        var damaged = bytes
        damaged.replaceSubrange(90..<130, with: Data(repeating: 0xA5, count: 40))   // inside the first member's data
        for broken in [damaged, bytes.prefix(bytes.count / 2)] {
            try broken.write(to: url)
            let error = #expect(throws: SerializationError.self) { try loadNPZ(url, into: model) }
            if case .corruptedArchive = error {} else { Issue.record("expected corruptedArchive, got \(String(describing: error))") }
        }
        #expect(throws: SerializationError.self) { try loadNPZ(url.appendingPathExtension("absent"), into: model) }
    }

    /// With CHAINER_EXPORT_DIR set, writes a trained-looking model and its test-mode output there, for
    /// scripts/fixtures/check_chainer_loads.py to load into Chainer 7.8.1 (the other direction of compatibility).
    @Test func exportsForChainer() throws {
        guard let dir = ProcessInfo.processInfo.environment["CHAINER_EXPORT_DIR"] else { return }
        let model = Self.chainerModel()
        let net = model.predictor as! SmallNet
        let x = NDArray.normal([8, 4])
        _ = net(Variable(x))
        _ = net(Variable(x * 2.0))
        let y = usingConfig(\.train, false) { net(Variable(x)) }
        try saveNPZ(model, to: URL(fileURLWithPath: dir).appendingPathComponent("swift_mlp.npz"))
        try NPZ.write(["x": x, "y": y.array], to: URL(fileURLWithPath: dir).appendingPathComponent("swift_mlp_io.npz"))
    }

    @Test func pathAndIgnoreNames() throws {
        let url = Self.temp("path")
        defer { try? FileManager.default.removeItem(at: url) }
        let good = try NPZ.read(Fixture.url("chainer_mlp.npz"))
        // A trainer snapshot keeps the model under updater/model:main/.
        var snapshot: [String: NDArray] = ["updater/iteration": NDArray(10)]
        for (k, v) in good { snapshot["updater/model:main/" + k] = v }
        try NPZ.write(snapshot, to: url)
        let model = Self.chainerModel()
        try loadNPZ(url, into: model, path: "updater/model:main/")
        #expect(model.namedParams().first { $0.0 == "/predictor/l1/W" }!.1.array == good["predictor/l1/W"]!)

        let net = SmallNet()
        let keep = net.l2.W.array
        try loadNPZ(url, into: net, path: "updater/model:main/predictor/", ignoreNames: ["l2/W"])
        #expect(net.l2.W.array == keep && net.l2.b!.array == good["predictor/l2/b"]!)
    }
}
