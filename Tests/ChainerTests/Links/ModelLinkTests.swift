import Testing
@testable import Chainer

/// DESIGN.md section 4's model, as written there.
final class MLP: Chain {
    let l1 = L.Linear(784, 1000), l2 = L.Linear(1000, 1000), l3 = L.Linear(1000, 10)
    func callAsFunction(_ x: Variable) -> Variable { l3(F.relu(l2(F.relu(l1(x))))) }
}

/// A small model with batch normalization.
final class SmallNet: Chain {
    let l1 = L.Linear(4, 5), bn = L.BatchNormalization(5), l2 = L.Linear(5, 3)
    func callAsFunction(_ x: Variable) -> Variable { l2(F.relu(bn(l1(x)))) }
}

@Suite struct ModelLinkTests {
    @Test func classifierReportsLossAndAccuracy() {
        let model = L.Classifier(MLP())
        #expect(model.namedParams().map(\.0).prefix(2) == ["/predictor/l1/W", "/predictor/l1/b"])
        #expect(model.namedParams().first!.1 === (model.predictor as! MLP).l1.W)
        let x = Variable(NDArray.uniform([3, 784]), requiresGrad: false)
        let t = Variable(NDArray([1, 2, 3] as [Int32]), requiresGrad: false)
        let reporter = Reporter()
        reporter.addObserver("main", model)
        let (loss, obs) = reporter.scope { model(x, t) }
        let y = model.y!
        let expectedLoss = F.softmaxCrossEntropy(y, t).item()
        #expect(abs(loss.item() - expectedLoss) < 1e-6)
        #expect(obs["main/loss"].map { abs($0 - expectedLoss) < 1e-6 } == true)
        #expect(obs["main/accuracy"] == F.accuracy(y, t).item())
        model.clearGrads()
        loss.backward()
        #expect(model.params().allSatisfy { $0.grad != nil })
        model.clearGrads()
        #expect(model.params().allSatisfy { $0.grad == nil })
        model.computeAccuracy = false
        let (_, obs2) = reporter.scope { model(x, t) }
        #expect(obs2.keys.sorted() == ["main/loss"])
        #expect(model(x, t.array).item() == model(x.array, t.array).item())
    }

    @Test func classifierTakesCustomFunctions() {
        let model = L.Classifier(L.Linear(2, 2), lossFunction: { F.meanSquaredError($0, $1) },
                                 accuracyFunction: { y, _ in F.sum(y) * 0.0 })
        let x = Variable(NDArray([1, 2, 3, 4] as [Float], shape: [2, 2]))
        let t = Variable(NDArray.zeros([2, 2]))
        let loss = model(x, t)
        #expect(abs(loss.item() - F.meanSquaredError(model.y!, t).item()) < 1e-6)
    }

    @Test func sequentialAndChainList() {
        let s = Sequential(L.Linear(3, 4), L.Linear(4, 2))
        #expect(s.namedParams().map(\.0) == ["/0/W", "/0/b", "/1/W", "/1/b"])
        #expect(s(Variable(NDArray.ones([5, 3]))).shape == [5, 2])
        let withRelu = true
        let b = Sequential {
            L.Linear(3, 4)
            if withRelu { F.relu }
            L.Linear(4, 2)
        }
        #expect(b.layers.count == 3 && b.namedParams().map(\.0) == ["/0/W", "/0/b", "/1/W", "/1/b"])
        let x = Variable(NDArray.normal([2, 3]))
        let l0 = b[0] as! L.Linear, l1 = b[1] as! L.Linear
        #expect(b(x).array == l1(F.relu(l0(x))).array)
        let list = ChainList(L.Linear(2, 2), L.BatchNormalization(2))
        list.append(L.Linear(2, 1))
        #expect(list.count == 3 && list.namedParams().map(\.0) == ["/0/W", "/0/b", "/1/beta", "/1/gamma", "/2/W", "/2/b"])
        #expect(list.namedPersistent().map(\.0) == ["/1/avg_mean", "/1/avg_var", "/1/N"])
        #expect(list.children().count == 3 && list.children()[2] === list[2])
    }

    @Test func copyParamsAndAddGrads() {
        let a = SmallNet(), b = SmallNet()
        _ = a(Variable(NDArray.normal([6, 4])))   // moves a's running statistics
        b.copyParams(from: a)
        for ((pa, x), (pb, y)) in zip(a.namedParams(), b.namedParams()) {
            #expect(pa == pb && x.array == y.array && x !== y)
        }
        #expect(b.bn.avgMean! == a.bn.avgMean! && b.bn.avgVar! == a.bn.avgVar!)
        let x = Variable(NDArray.normal([6, 4]))
        a.clearGrads(); b.clearGrads()
        F.sum(a(x)).backward()
        F.sum(b(x)).backward()
        let before = b.l1.W.grad!
        b.addGrads(from: a)
        #expect(b.l1.W.grad!.allClose(before + a.l1.W.grad!))
        let fresh = SmallNet()
        fresh.addGrads(from: a)
        #expect(fresh.l2.b!.grad! == a.l2.b!.grad!)
        #expect(SmallNet().children().count == 3)
    }
}

@Suite struct LinkStateTests {
    @Test func addParamAndPersistentsSerialize() throws {
        let link = Link()
        let w = link.addParam("W", shape: [2, 3], initializer: 1.5)
        let lazy = link.addParam("u")
        link.addPersistent("count", NDArray(3))
        #expect(link.param("W") === w && w.array == NDArray.full([2, 3], 1.5) && !lazy.isInitialized)
        #expect(link.namedParams().map(\.0) == ["/W", "/u"] && link.namedPersistent().map(\.0) == ["/count"])
        let saver = DictionarySerializer()
        try link.serialize(saver)
        #expect(saver.arrays.keys.sorted() == ["W", "count"])   // the uninitialised parameter is skipped
        link[persistent: "count"] = NDArray(7)
        try loadArrays(saver.arrays, into: link)
        #expect(link[persistent: "count"]! == NDArray(3))
    }
}

/// An object whose state is a flat dictionary, the way iterators and extensions keep theirs.
final class Counter: Serializable {
    var position = 0
    var order = NDArray([2, 0, 1])
    func serialize(_ serializer: any Serializer) throws(SerializationError) {
        try serializer.serializeState(["position": NDArray(position), "order": order]) { (state) throws(SerializationError) in
            guard let p = state["position"], let o = state["order"] else { throw .missingKey("position/order") }
            position = Int(p.item())
            order = o
        }
    }
}

@Suite struct StateDictSerializationTests {
    @Test func flatStatesRoundTripUnderAPath() throws {
        let c = Counter()
        c.position = 5
        c.order = NDArray([1, 0, 3, 2])
        let saver = DictionarySerializer()
        try c.serialize(saver["iterators/main"])
        #expect(saver.arrays.keys.sorted() == ["iterators/main/order", "iterators/main/position"])
        let d = Counter()
        try loadArrays(saver.arrays, into: d, path: "iterators/main/")
        #expect(d.position == 5 && d.order == NDArray([1, 0, 3, 2]))
        #expect(throws: SerializationError.missingKey("position/order")) { try loadArrays([:], into: Counter()) }
    }
}

@Suite struct LinkTrainingSmokeTests {
    /// Plain gradient descent on a separable problem lowers the classifier's loss (parameters, persistents and
    /// gradients all wired through the links).
    @Test func plainSGDLowersTheLoss() {
        withSeed(9) {
            let model = L.Classifier(Sequential(L.Linear(2, 8), L.BatchNormalization(8), L.Linear(8, 2)))
            let x = NDArray.normal([64, 2])
            let t = (x.sum(axis: 1) .> NDArray(scalar: 0, dtype: .float32)).astype(.int32)
            func step() -> Double {
                model.clearGrads()
                let loss = model(Variable(x, requiresGrad: false), Variable(t, requiresGrad: false))
                loss.backward()
                for p in model.params() { p.array = p.array - p.grad! * 0.5 }
                return loss.item()
            }
            let first = step()
            var last = first
            for _ in 0..<30 { last = step() }
            #expect(last < first * 0.5, "loss \(first) -> \(last)")
            let acc = usingConfig(\.train, false) { F.accuracy(model.predictor(Variable(x)), t).item() }
            #expect(acc > 0.9)
        }
    }
}
