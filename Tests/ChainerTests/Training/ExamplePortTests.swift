import Foundation
import Testing
@testable import Chainer

/// What ports of Chainer's examples write: a plain array as the dataset (DCGAN, VAE), a custom updater that takes
/// its own batches (PTB's BPTTUpdater), the evaluator's `evalHook:` argument, `loss += …`, and optimizer state that
/// cannot be loaded before `setup`.
@Suite struct ExamplePortTests {
    @Test func anArrayIsADatasetOfItsRows() throws {
        let x = NDArray.arange(12).reshaped([6, 2])
        let it = SerialIterator(x, batchSize: 4, shuffle: false)
        let batch = it.next()!
        #expect(batch.count == 4 && batch[1] == x[1] && it.dataset.count == 6)
        let model = L.Linear(2, 1)
        let optimizer = SGD(lr: 0.01)
        optimizer.setup(model)
        var seen: [[Int]] = []
        let updater = StandardUpdater(SerialIterator(x, batchSize: 3, shuffle: false), optimizer) { (v: [Variable]) in
            seen += v.map(\.shape)
            return F.sum(model(v[0]))
        }
        updater.update()
        #expect(seen == [[3, 2]], "the batch stacks into one array, the loss function's only input")
        var hooked = 0
        let evaluator = Evaluator(SerialIterator(x, batchSize: 4, repeat: false, shuffle: false), model,
                                  evalHook: { _ in hooked += 1 }, evalFunction: { v in report(["n": Double(v[0].shape[0])]) })
        let result = evaluator()
        #expect(hooked == 1 && result == ["n": 3], "batches of 4 and 2 average to 3")
        let threaded = MultithreadIterator(x, batchSize: 2, shuffle: false, nThreads: 2)
        #expect(threaded.next()! == [x[0], x[1]])
    }

    /// PTB's BPTTUpdater: the typed iterator, the converter, and a loss summed with `+=`.
    final class BPTTUpdater: StandardUpdater {
        let steps: Int
        let model: L.Linear
        init(_ iterator: SerialIterator<TupleDataset>, _ optimizer: Optimizer, model: L.Linear, steps: Int) {
            self.steps = steps
            self.model = model
            super.init(iterator, optimizer)
        }
        override func updateCore() {
            let it: SerialIterator<TupleDataset> = getIterator("main")
            var loss = Variable(NDArray(scalar: 0, dtype: .float32), requiresGrad: false)
            for _ in 0..<steps {
                let arrays = converter(it.next()!)
                loss += F.sum(model(Variable(arrays[0], requiresGrad: false)) * arrays[1])
            }
            model.clearGrads()
            loss.backward()
            loss.unchainBackward()
            getOptimizer().update()
        }
    }

    /// The closure form of a custom step, as a trailing closure (the DCGAN shape: two optimizers by name).
    @Test func aTrailingClosureIsTheCustomStep() {
        let gen = L.Linear(2, 3), dis = L.Linear(3, 1)
        let optGen = Adam(), optDis = Adam()
        optGen.setup(gen); optDis.setup(dis)
        var steps = 0
        let updater = StandardUpdater(SerialIterator(NDArray.normal([4, 3]), batchSize: 2), ["gen": optGen, "dis": optDis]) { u in
            let real = Variable(u.nextBatch()![0], requiresGrad: false)
            let fake = dis(gen(Variable(NDArray.normal([2, 2]), requiresGrad: false)))
            u.getOptimizer("dis").update { F.sum(F.softplus(-dis(real))) + F.sum(F.softplus(fake)) }
            u.getOptimizer("gen").update { F.sum(F.softplus(-fake)) }
            steps += 1
        }
        updater.update()
        #expect(steps == 1 && optGen.t == 1 && optDis.t == 1 && updater.optimizer === optDis)
    }

    /// Chainer's keyword names camel-cased: `lossFunc:` and `evalFunc:`.
    @Test func chainersKeywordNames() {
        let model = L.Linear(2, 1)
        let optimizer = SGD()
        optimizer.setup(model)
        var calls = 0
        let updater = StandardUpdater(SerialIterator(NDArray.ones([4, 2]), batchSize: 2), optimizer,
                                      lossFunc: { v in calls += 1; return F.sum(model(v[0])) })
        updater.update()
        let evaluator = Evaluator(SerialIterator(NDArray.ones([4, 2]), batchSize: 2, repeat: false), model,
                                  evalFunc: { _ in calls += 10 })
        _ = evaluator()
        #expect(calls == 21)
    }

    /// A step that throws: `override func updateCore() throws` compiles, and the Trainer stops with the error.
    final class FailingUpdater: StandardUpdater {
        struct Failure: Error {}
        override func updateCore() throws {
            try super.updateCore()
            if iteration == 1 { throw Failure() }
        }
    }

    @Test func aThrowingStepStopsTheTrainerWithItsError() {
        let model = L.Linear(2, 1)
        let optimizer = SGD()
        optimizer.setup(model)
        let updater = FailingUpdater(SerialIterator(NDArray.ones([4, 2]), batchSize: 2), optimizer) { v in F.sum(model(v[0])) }
        updater.update()   // the non-throwing call still works for a step that does not throw
        let trainer = Trainer(updater, stop: (5, .iteration), out: scratchPath("throwing-step"))
        #expect(throws: FailingUpdater.Failure.self) { try trainer.run() }
        #expect(updater.iteration == 1)
    }

    @Test func aCustomUpdaterTakesItsOwnBatches() {
        let x = NDArray.normal([8, 3]), t = NDArray.ones([8, 2])
        let model = L.Linear(3, 2)
        let optimizer = SGD(lr: 0.1)
        optimizer.setup(model)
        let iterator = SerialIterator(TupleDataset(x, t), batchSize: 2, shuffle: false)
        let updater = BPTTUpdater(iterator, optimizer, model: model, steps: 3)
        let before = model.W.array.copy()
        updater.update()
        #expect(iterator.currentPosition == 6 && updater.iteration == 1)
        // d/dW of Σ over the 6 rows of W·x: every output row moves by -lr · Σ x.
        let expected = before - (NDArray.ones([2, 1]) * x[0..<6].sum(axis: 0).reshaped([1, 3])) * 0.1
        #expect(model.W.array.allClose(expected, rtol: 1e-5, atol: 1e-6))
    }

    /// Chainer's `convert(batch, device)` converters (seq2seq, text classification) pass as they are.
    @Test func convertersThatTakeTheDevice() {
        func convert(_ batch: [[NDArray]], _ device: Int?) -> [NDArray] {
            [concatExamples(batch.map { [$0[0]] }, device: device, padding: -1)[0]]
        }
        let data = TupleDataset(NDArray.ones([4, 2]), NDArray.zeros([4]))
        let model = L.Linear(2, 1)
        let optimizer = SGD()
        optimizer.setup(model)
        var shapes: [[Int]] = []
        let updater = StandardUpdater(SerialIterator(data, batchSize: 2), optimizer, converter: convert, device: -1) { v in
            shapes.append(v[0].shape)
            return F.sum(model(v[0]))
        }
        updater.update()
        let evaluator = Evaluator(SerialIterator(data, batchSize: 4, repeat: false), model, converter: convert,
                                  evalFunction: { v in shapes.append(v[0].shape) })
        _ = evaluator()
        #expect(shapes == [[2, 2], [4, 2]])
    }

    @Test func variablesMixWithArraysAndCompoundAssignments() {
        let a = Variable(NDArray([1, 2] as [Double], shape: [2]))
        var y = a * NDArray([3, 4] as [Double], shape: [2]) + NDArray([1, 1] as [Double], shape: [2])
        y -= 1
        y *= a
        y /= 2.0
        F.sum(y).backward()
        #expect(y.array.asArray(Double.self) == [1.5, 8])
        #expect(a.grad!.asArray(Double.self) == [3, 8], "d/da (3a·a / 2) = 3a")
        // The array takes the variable's dtype, as Chainer casts it: a float32 mean over int32 lengths.
        let sums = Variable(NDArray([3, 8] as [Float], shape: [2]))
        let mean = sums / NDArray([2, 4] as [Int32], shape: [2])
        #expect(mean.dtype == .float32 && mean.array.asArray(Float.self) == [1.5, 2])
        #expect((NDArray([1] as [Int32], shape: [1]) - sums).dtype == .float32)
    }

    /// A custom iterator implements only what Chainer's Iterator needs; saving it stores no state.
    final class Countdown: DatasetIterator {
        typealias Example = [NDArray]
        var left = 3
        let batchSize = 1
        var epoch = 0
        var epochDetail: Double { Double(3 - left) / 3 }
        var previousEpochDetail: Double? { nil }
        var isNewEpoch = false
        func reset() { left = 3 }
        func next() -> [[NDArray]]? {
            guard left > 0 else { return nil }
            left -= 1
            return [[NDArray(Float(left))]]
        }
    }

    @Test func aCustomIteratorNeedsNoSerialization() throws {
        let it = Countdown()
        _ = it.next()
        #expect(it.stateDict().isEmpty)
        try it.loadStateDict([:])
        #expect(it.left == 2)
    }

    @Test func optimizerStateCannotBeLoadedBeforeSetup() throws {
        let model = L.Linear(2, 2)
        let optimizer = Adam()
        optimizer.setup(model)
        optimizer.update { F.sum(model(Variable(NDArray.ones([1, 2]), requiresGrad: false))) }
        let path = scratchPath("optimizer-state", suffix: ".npz")
        try saveNPZ(optimizer, to: path)
        let fresh = Adam()
        #expect(throws: SerializationError.self) { try loadNPZ(path, into: fresh) }
        fresh.setup(L.Linear(2, 2))
        try loadNPZ(path, into: fresh)
        #expect(fresh.t == 1)
    }
}
