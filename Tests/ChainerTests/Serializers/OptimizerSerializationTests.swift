import Foundation
import Testing
@testable import Chainer

/// The tiny MLP of scripts/fixtures/chainer_optimizer_state.py.
final class AdamFixtureMLP: Chain {
    let l1 = L.Linear(3, 4), l2 = L.Linear(4, 2)
    func callAsFunction(_ x: Variable) -> Variable { l2(F.relu(l1(x))) }
}

@Suite struct OptimizerSerializationTests {
    static func temp(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("optser-\(UUID().uuidString)-\(name).npz")
    }

    /// Sets every parameter's gradient to the given arrays (keyed by path without the leading "/") and steps.
    static func step(_ optimizer: Optimizer, _ model: Link, grads: [String: NDArray]) {
        model.clearGrads()
        for (path, p) in model.namedParams() { p.grad = grads[String(path.dropFirst())]! }
        optimizer.update()
    }

    static func randomGrads(_ model: Link) -> [String: NDArray] {
        Dictionary(uniqueKeysWithValues: model.namedParams().map { (String($0.0.dropFirst()), NDArray.normal($0.1.shape)) })
    }

    /// A negative or fractional count deep in the file is refused in the validation pass, before any rule loads.
    @Test func badCountsAreRefusedBeforeAnythingLoads() throws {
        let model = AdamFixtureMLP(), optimizer = Adam()
        optimizer.setup(model)
        Self.step(optimizer, model, grads: Self.randomGrads(model))
        let saved = DictionarySerializer()
        try optimizer.serialize(saved)
        for (key, value) in [("l2/W/t", NDArray(-5)), ("l2/b/t", NDArray(2.5)), ("t", NDArray(Double.nan))] {
            var arrays = saved.arrays
            arrays["l1/W/m"] = NDArray.ones([4, 3])
            arrays[key] = value
            let before = optimizer.updateRules["/l1/W"]!.state["m"]!
            #expect(throws: SerializationError.self) { try loadArrays(arrays, into: optimizer) }
            #expect(optimizer.updateRules["/l1/W"]!.state["m"]! == before && optimizer.t == 1, "\(key)")
        }
    }

    @Test func stateSavedForAnotherShapeIsRefused() throws {
        final class Wider: Chain {
            let l1 = L.Linear(3, 5), l2 = L.Linear(5, 2)
            func callAsFunction(_ x: Variable) -> Variable { l2(F.relu(l1(x))) }
        }
        let small = AdamFixtureMLP(), optimizer = Adam()
        optimizer.setup(small)
        Self.step(optimizer, small, grads: Self.randomGrads(small))
        let url = Self.temp("shape")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveNPZ(optimizer, to: url)
        let wide = Wider(), other = Adam()
        other.setup(wide)
        // Chainer fails too (its update cannot broadcast (5, 3) with (4, 3)); the update pass would read past the end.
        #expect(throws: SerializationError.shapeMismatch(key: "l1/W/m", expected: [5, 3], found: [4, 3])) {
            try loadNPZ(url, into: other)
        }
    }

    @Test func resumedAdamMatchesAnUninterruptedRunBitForBit() throws {
        let a = AdamFixtureMLP()
        let optA = Adam(alpha: 0.01)
        optA.setup(a)
        for _ in 0..<3 { Self.step(optA, a, grads: Self.randomGrads(a)) }
        optA.newEpoch()
        let url = Self.temp("adam"), modelURL = Self.temp("model")
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: modelURL) }
        try saveNPZ(optA, to: url)
        try saveNPZ(a, to: modelURL)

        let b = AdamFixtureMLP()
        try loadNPZ(modelURL, into: b)
        let optB = Adam(alpha: 0.01)
        optB.setup(b)
        try loadNPZ(url, into: optB)
        #expect(optB.t == 3 && optB.epoch == 1)
        #expect(optB.updateRule(for: "/l1/W")!.t == 3)

        let g = Self.randomGrads(a)
        Self.step(optA, a, grads: g)
        Self.step(optB, b, grads: g)
        for ((pa, x), (pb, y)) in zip(a.namedParams(), b.namedParams()) {
            #expect(pa == pb && x.array == y.array)
            let ra = optA.updateRule(for: pa)!, rb = optB.updateRule(for: pb)!
            #expect(ra.state["m"]! == rb.state["m"]! && ra.state["v"]! == rb.state["v"]! && ra.t == rb.t)
        }
    }

    @Test func momentumSGDResumesToo() throws {
        let a = AdamFixtureMLP()
        let optA = MomentumSGD(lr: 0.1, momentum: 0.9)
        optA.setup(a)
        for _ in 0..<2 { Self.step(optA, a, grads: Self.randomGrads(a)) }
        let url = Self.temp("msgd")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveNPZ(optA, to: url, compressed: false)
        #expect(try NPZ.read(url).keys.contains("l2/b/v"))
        let b = AdamFixtureMLP()
        for (p, q) in zip(a.params(), b.params()) { q.array = p.array.copy() }
        let optB = MomentumSGD(lr: 0.1, momentum: 0.9)
        optB.setup(b)
        try loadNPZ(url, into: optB)
        let g = Self.randomGrads(a)
        Self.step(optA, a, grads: g)
        Self.step(optB, b, grads: g)
        for (x, y) in zip(a.params(), b.params()) { #expect(x.array == y.array) }
    }

    @Test func savesChainersKeysAndDtypes() throws {
        let model = AdamFixtureMLP()
        let opt = Adam(alpha: 0.01)
        opt.setup(model)
        for _ in 0..<2 { Self.step(opt, model, grads: Self.randomGrads(model)) }
        let url = Self.temp("keys")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveNPZ(opt, to: url)
        let arrays = try NPZ.read(url)
        let raw = try Fixture.raw("chainer_adam_state")
        #expect(arrays.keys.sorted() == raw["keys"] as! [String])
        let dtypes = raw["dtypes"] as! [String: String]
        for (key, value) in arrays {
            let spelled = "\(value.dtype.rawValue)\(value.shape)".replacingOccurrences(of: " ", with: "")
            #expect(dtypes[key]!.replacingOccurrences(of: " ", with: "") == spelled, "\(key)")
        }
        #expect(arrays["t"]! == NDArray(2) && arrays["l2/b/t"]! == NDArray(2))
    }

    @Test func loadsChainersAdamStateAndTakesChainersNextStep() throws {
        let fx = try Fixture.load("chainer_adam_state")
        let model = AdamFixtureMLP()
        try loadNPZ(Fixture.url("chainer_adam_model.npz"), into: model)
        let opt = Adam(alpha: 0.01)
        opt.setup(model)
        try loadNPZ(Fixture.url("chainer_adam_optimizer.npz"), into: opt)
        #expect(opt.t == 2 && opt.epoch == 0)
        let grads = Dictionary(uniqueKeysWithValues: model.namedParams().map { path, _ in
            let name = String(path.dropFirst())
            return (name, fx["step3/grad/" + name]!)
        })
        Self.step(opt, model, grads: grads)
        for (path, p) in model.namedParams() {
            let name = String(path.dropFirst())
            expectArray(p.array, fx["step3/param/" + name]!, rtol: 1e-6, atol: 1e-7)
            let rule = opt.updateRule(for: path)!
            #expect(rule.t == 3)
            expectArray(rule.state["m"]!, fx["step3/m/" + name]!, rtol: 1e-6, atol: 1e-7)
            expectArray(rule.state["v"]!, fx["step3/v/" + name]!, rtol: 1e-6, atol: 1e-7)
        }
    }

    @Test func missingStateIsAnErrorWhenStrictAndLeavesTheOptimizerUntouched() throws {
        let arrays = try NPZ.read(Fixture.url("chainer_adam_optimizer.npz"))
        var partial = arrays
        partial["l2/b/v"] = nil
        let opt = Adam()
        opt.setup(AdamFixtureMLP())
        #expect(throws: SerializationError.missingKey("l2/b/v")) { try loadArrays(partial, into: opt) }
        #expect(opt.t == 0 && opt.updateRules.values.allSatisfy { $0.state.isEmpty && $0.t == 0 })

        // Non-strict: the rule with an incomplete state starts afresh on its next update, as in Chainer.
        try loadArrays(partial, into: opt, strict: false)
        #expect(opt.t == 2)
        #expect(opt.updateRule(for: "/l2/b")!.state.isEmpty && opt.updateRule(for: "/l2/W")!.state["m"] != nil)
        // Ignored names are not required either.
        let fresh = Adam()
        fresh.setup(AdamFixtureMLP())
        try loadArrays(partial, into: fresh, ignoreNames: ["l2/b/v"])
        #expect(fresh.updateRule(for: "/l2/b")!.state.isEmpty)
    }

    @Test func loadingOverExistingStateChecksShapes() throws {
        let model = AdamFixtureMLP()
        let opt = Adam()
        opt.setup(model)
        Self.step(opt, model, grads: Self.randomGrads(model))
        var arrays = try NPZ.read(Fixture.url("chainer_adam_optimizer.npz"))
        arrays["l1/W/m"] = NDArray.zeros([3, 4])
        #expect(throws: SerializationError.shapeMismatch(key: "l1/W/m", expected: [4, 3], found: [3, 4])) {
            try loadArrays(arrays, into: opt)
        }
        #expect(opt.t == 1)
    }
}
