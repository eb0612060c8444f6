import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// Spellings Chainer users write, as they work here (shapes checked against Chainer 7.8.1's).
@Suite struct ChainerSpellingTests {
    @Test func shorthandInitialisersTakeSizesFromTheFirstInput() {
        let x = NDArray.uniform([1, 2, 5, 5])
        // Chainer: L.Convolution2D(4, 3)(x).shape == (1, 4, 3, 3); L.Deconvolution2D(2, 3)(x).shape == (1, 2, 7, 7).
        #expect(L.Convolution2D(4, 3)(x).shape == [1, 4, 3, 3])
        #expect(L.Convolution2D(4, 3, pad: 1)(x).shape == [1, 4, 5, 5])
        #expect(L.Deconvolution2D(2, 3)(x).shape == [1, 2, 7, 7])
        let lstm = L.LSTM(3)
        #expect(lstm(NDArray.uniform([2, 5])).shape == [2, 3] && lstm.upward.W.shape == [12, 5])
    }

    @Test func linksTakeArraysAndSetupReturnsTheOptimizer() {
        let model = Sequential(L.Linear(3, 4), F.relu, L.Linear(4, 2))
        let y = model(NDArray.ones([5, 3]))
        #expect(y.shape == [5, 2] && y.creator != nil)
        let optimizer = Adam(alpha: 0.01).setup(model)
        #expect(optimizer.target === model && optimizer.alpha == 0.01)
    }

    @Test func hookLabelsListsAndTheModelFormOfUpdate() {
        let model = L.Classifier(Sequential(L.Linear(2, 3), L.Linear(3, 2)))
        let optimizer = SGD(lr: 0.1).setup(model)
        optimizer.addHook(WeightDecay(rate: 1e-4))
        optimizer.addHook(GradientClipping(threshold: 1))
        optimizer.addHook(GradientHardClipping(lowerBound: -1, upperBound: 1))
        let before = model.params().map(\.array)
        optimizer.update(model, NDArray([[1, 2], [3, 4]] as [[Float]]), NDArray([0, 1] as [Int32]))
        #expect(optimizer.t == 1 && zip(before, model.params().map(\.array)).contains { $0 != $1 })
        let list = ChainList(L.Linear(2, 3), L.Linear(3, 2))
        #expect(list.map { $0.params().count } == [2, 2])
        let link = L.Linear(2, 2)
        link.addPersistent("count", 5)
        #expect(link.namedPersistent().first { $0.0 == "/count" }?.1.item() == 5)
    }

    /// Chainer's `for f in self: h = f(h)` over a ChainList: children known only as `Link` are called as Python
    /// calls them, and give what calling them by their own type gives.
    @Test func chainListChildrenAreCallable() async {
        let layers = withSeed(1) { ChainList(L.Linear(2, 3), L.Linear(3, 2)) }
        let x = Variable(NDArray([[1, 2]] as [[Float]]))
        var h = x
        for link in layers { h = link(h) }
        let direct = (layers[1] as! L.Linear)((layers[0] as! L.Linear)(x))
        #expect(h.array == direct.array && h.creator != nil)
        // A link's own call with a defaulted argument still wins over the dynamic one.
        final class Scaled: ChainBase {
            func callAsFunction(_ x: Variable, factor: Double = 2) -> Variable { x * factor }
        }
        #expect(Scaled()(x).array == (x * 2.0).array)
        let classifier: Link = L.Classifier(L.Linear(2, 2))
        #expect(classifier(x, Variable(NDArray([1] as [Int32]))).array.shape == [])
        await #expect(processExitsWith: .failure) {
            let list = ChainList(ChainList())
            _ = list[0](Variable(NDArray([1] as [Float])))
        }
    }

    /// Spellings a blind port reached for first: Chainer's converter passed as a function, `toDevice(.cpu, x)`,
    /// `BestValueTrigger(key, compare)`, `cleargrads()`, and PNG files read and written like `.npy` ones.
    @Test func portedSpellingsCompile() throws {
        let data = TupleDataset(NDArray([[1, 2], [3, 4], [5, 6], [7, 8]] as [[Float]]), NDArray([0, 1, 0, 1] as [Int32]))
        let model = withSeed(1) { L.Classifier(L.Linear(2, 2)) }
        let optimizer = SGD(lr: 0.1).setup(model)
        let updater = StandardUpdater(SerialIterator(data, batchSize: 2, shuffle: false), optimizer, converter: concatExamples)
        updater.update()
        #expect(updater.iteration == 1 && model.predictor.params().allSatisfy { $0.grad != nil })
        model.cleargrads()
        #expect(model.params().allSatisfy { $0.grad == nil })
        let x = NDArray([1, 2] as [Float])
        #expect(toDevice(.cpu, x) == x)
        #expect(BestValueTrigger("main/loss", { best, new in new < best }).key == "main/loss")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spelling-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: url) }
        let image = NDArray((0..<12).map { UInt8($0 * 20) }, shape: [2, 2, 3])
        try image.write(png: url)
        #expect(try NDArray(png: url) == image)
    }
}
