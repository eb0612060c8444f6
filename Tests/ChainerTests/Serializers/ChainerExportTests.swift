import Foundation
import Testing
@testable import Chainer

/// The model of the export check in scripts/fixtures/check_chainer_loads.py (the same layers, names and shapes).
final class ExportNet: Chain {
    let conv = L.Convolution2D(2, 3, ksize: 3, pad: 1, noBias: true), bn = L.BatchNormalization(3)
    let fc = L.Linear(48, 5), ln = L.LayerNormalization(5)
    func callAsFunction(_ x: Variable) -> Variable { ln(fc(F.relu(bn(conv(x))))) }
}

/// "Ours load in Chainer", proven without Python in CI: Fixtures/swift_export_*.npz were written by this package and
/// loaded (strictly) by Chainer 7.8.1 in scripts/fixtures/check_chainer_loads.py, which recorded what Chainer then
/// computed (chainer_loads_swift.json) and saved the same model and optimizer itself (chainer_export_*.npz).
@Suite struct ChainerExportTests {
    /// The exported state: a Classifier(ExportNet) and its Adam after two training steps on (x, t).
    static func scenario() -> (model: L.Classifier, optimizer: Adam, x: NDArray, t: NDArray) {
        let model = L.Classifier(ExportNet())
        let optimizer = Adam(alpha: 0.01)
        optimizer.setup(model)
        let x = NDArray.normal([4, 2, 4, 4]), t = NDArray([0, 3, 1, 4] as [Int32])
        for _ in 0..<2 { optimizer.update { model(x, t) } }
        return (model, optimizer, x, t)
    }

    static func temp(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)-\(name).npz")
    }

    /// With CHAINER_EXPORT_DIR set, writes the model, the optimizer and the inputs for check_chainer_loads.py.
    @Test func exportsModelAndOptimizerForChainer() throws {
        guard let dir = ProcessInfo.processInfo.environment["CHAINER_EXPORT_DIR"] else { return }
        let (model, optimizer, x, t) = Self.scenario()
        let out = URL(fileURLWithPath: dir)
        try saveNPZ(model, to: out.appendingPathComponent("swift_export_model.npz"))
        try saveNPZ(optimizer, to: out.appendingPathComponent("swift_export_optimizer.npz"))
        try NPZ.write(["x": x, "t": t], to: out.appendingPathComponent("swift_export_io.npz"))
    }

    /// Loads the files Chainer loaded, takes the step Chainer took, and compares with what Chainer computed.
    @Test func chainerLoadedOurFilesAndComputedTheSame() throws {
        let fx = try Fixture.load("chainer_loads_swift")
        let model = L.Classifier(ExportNet())
        let optimizer = Adam(alpha: 0.01)
        optimizer.setup(model)
        try loadNPZ(Fixture.url("swift_export_model.npz"), into: model)
        try loadNPZ(Fixture.url("swift_export_optimizer.npz"), into: optimizer)
        #expect(optimizer.t == 2 && Int(fx["t_before"]!.item()) == 2)
        let x = fx["x"]!, t = fx["t"]!
        let y = usingConfig(\.train, false) { model.predictor(Variable(x)) }
        expectArray(y.array, fx["y_test"]!, rtol: 1e-5, atol: 1e-6)
        var loss: Variable?
        optimizer.update {
            loss = model(x, t)
            return loss!
        }
        expectArray(loss!.array, fx["loss"]!, rtol: 1e-5, atol: 1e-6)
        #expect(optimizer.t == Int(fx["t_after"]!.item()))
        for (path, p) in model.namedParams() {
            expectArray(p.array, fx["next" + path]!, rtol: 1e-4, atol: 1e-5, "\(path)")
        }
        for (path, v) in model.namedPersistent() { expectArray(v, fx["next" + path]!, rtol: 1e-5, atol: 1e-6, "\(path)") }
    }

    /// Key set, dtypes and shapes of `arrays`, spelled `dtype[shape]`.
    static func layout(_ arrays: [String: NDArray]) -> [String: String] {
        arrays.mapValues { "\($0.dtype.rawValue)\($0.shape)" }
    }

    /// What the package writes today has exactly the layout of Chainer's own files for the same model and optimizer,
    /// and of the files Chainer loaded; so today's files load in Chainer too.
    @Test func freshExportsHaveChainersKeysDtypesAndShapes() throws {
        let (model, optimizer, _, _) = Self.scenario()
        for (name, object) in [("model", model as any Serializable), ("optimizer", optimizer as any Serializable)] {
            let url = Self.temp(name)
            defer { try? FileManager.default.removeItem(at: url) }
            try saveNPZ(object, to: url)
            let ours = Self.layout(try NPZ.read(url))
            let chainers = Self.layout(try NPZ.read(Fixture.url("chainer_export_\(name).npz")))
            let loaded = Self.layout(try NPZ.read(Fixture.url("swift_export_\(name).npz")))
            #expect(ours == chainers, "\(name)")
            #expect(ours == loaded, "\(name)")
            #expect(ours.count >= (name == "model" ? 10 : 20))
        }
    }
}
