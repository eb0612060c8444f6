import Foundation
import Testing
@testable import Chainer
import ChainerArray

/// Trainer snapshots against one Chainer 7.8.1 wrote for the same setup (scripts/fixtures/chainer_trainer_snapshot.py).
@Suite(.serialized) struct SnapshotLayoutTests {
    private let chainerSnapshot = Fixture.url("chainer_trainer_snapshot_iter_2.npz")

    @Test func keysDtypesAndShapesMatchChainers() throws {
        let (train, test) = try fixtureDatasets()
        let out = temporaryOutput()
        // Stops right after the snapshot at iteration 2 (the stop trigger's keys do not depend on its period).
        try withSeed(1) {
            try fixtureTrainer(train: train, test: test, stop: IntervalTrigger(2, .iteration), out: out).0.run()
        }
        var ours = try npzLayout(URL(fileURLWithPath: out).appendingPathComponent("snapshot_iter_2"))
        let theirs = (try Fixture.raw("chainer_trainer")["keys"] as! [String: String]).mapValues { layout in
            layout.hasPrefix("<U") ? "<U" + layout.drop { $0 != "[" } : layout
        }
        // Ours only: the random generator's position, and the iteration's observation the stop trigger has not seen.
        #expect(ours.removeValue(forKey: "_generator_state") == "int64[4]")
        let observed = ours.keys.filter { $0.hasPrefix(Trainer.observationPrefix) }
        #expect(!observed.isEmpty && observed.allSatisfy { ours.removeValue(forKey: $0) == "float64[]" })
        for key in Set(theirs.keys).union(ours.keys).sorted() {
            #expect(ours[key] == theirs[key], "\(key)")
        }
    }

    @Test func loadingChainersSnapshotRestoresModelOptimizerAndIterator() throws {
        let (train, test) = try fixtureDatasets()
        let stored = try NPZ.read(chainerSnapshot)
        let (trainer, model, optimizer) = withSeed(2) {
            fixtureTrainer(train: train, test: test, stop: IntervalTrigger(3, .iteration), out: temporaryOutput())
        }
        try trainer.resume(from: chainerSnapshot.path)
        #expect(trainer.updater.iteration == 2)
        #expect(optimizer.t == 2 && optimizer.epoch == 0)
        for (path, p) in model.namedParams() {
            #expect(p.array == stored["updater/model:main" + path]!, "\(path)")
            let rule = try #require(optimizer.updateRules[path])
            #expect(rule.t == 2)
            #expect(rule.state["m"]! == stored["updater/optimizer:main" + path + "/m"]!, "\(path)/m")
            #expect(rule.state["v"]! == stored["updater/optimizer:main" + path + "/v"]!, "\(path)/v")
        }
        let iterator = try #require((trainer.updater as? StandardUpdater)?.iterator as? SerialIterator<TupleDataset>)
        #expect(iterator.currentPosition == 8 && iterator.epoch == 0 && !iterator.isNewEpoch)
        #expect(iterator.order.map { NDArray($0) } == stored["updater/iterator:main/order"]!)
        #expect(trainer.elapsedTime == stored["_snapshot_elapsed_time"]!.item())

        // The third step takes the last batch of Chainer's order: the parameters match what Chainer computed.
        try trainer.run()
        let after3 = try Fixture.load("chainer_trainer")
        for (path, p) in model.namedParams() {
            let expected = after3["after3" + path]!
            #expect(p.array.allClose(expected, rtol: 1e-5, atol: 1e-6), "\(path)")
            #expect(p.array != stored["updater/model:main" + path]!, "\(path) did not move")
        }
    }

    @Test func chainersTextEntriesReadAsUTF8() throws {
        let stored = try NPZ.read(chainerSnapshot)
        #expect(String(decoding: stored["extensions/LogReport/_log"]!.asArray(UInt8.self), as: UTF8.self) == "[]")
        let names = String(decoding: stored["extensions/LogReport/_summary/_names"]!.asArray(UInt8.self), as: UTF8.self)
        #expect(names.hasPrefix("[\"main/") && names.hasSuffix("\"]"))
        // Written back as NumPy strings, they read the same.
        let text = ["_log": stored["extensions/LogReport/_log"]!, "names": stored["extensions/LogReport/_summary/_names"]!]
        let again = try NPZ.decode(NPZ.encode(text, textKeys: ["_log", "names"]))
        #expect(again["_log"]! == text["_log"]! && again["names"]! == text["names"]!)
    }

    @Test func snapshotsCarryPersistentValues() throws {
        final class Normalized: Chain {
            let l1 = L.Linear(4, 5), bn = L.BatchNormalization(5), l2 = L.Linear(5, 3)
            func callAsFunction(_ x: Variable) -> Variable { l2(F.relu(bn(l1(x)))) }
        }
        let (train, _) = try fixtureDatasets()
        let out = temporaryOutput()
        let predictor = withSeed(3) { Normalized() }
        let model = L.Classifier(predictor)
        let optimizer = Adam()
        optimizer.setup(model)
        let trainer = Trainer(StandardUpdater(SerialIterator(train, batchSize: 4), optimizer), stop: (2, .iteration), out: out)
        trainer.extend(snapshot(), trigger: (2, .iteration))
        trainer.extend(snapshotObject(predictor, filename: "predictor_{.updater.iteration}.npz"), trigger: (2, .iteration))
        try withSeed(3) { try trainer.run() }
        let snap = try NPZ.read(URL(fileURLWithPath: out + "/snapshot_iter_2"))
        let object = try NPZ.read(URL(fileURLWithPath: out + "/predictor_2.npz"))
        for name in ["avg_mean", "avg_var", "N"] {
            let stored = try #require(snap["updater/model:main/predictor/bn/" + name], "\(name)")
            #expect(object["bn/" + name] == stored, "\(name)")
        }
        #expect(snap["updater/model:main/predictor/bn/N"]!.item() == 0)  // counts finetuning steps only, as Chainer
        #expect(snap["updater/model:main/predictor/bn/avg_mean"]! != NDArray.zeros([5]))
    }

    /// A damaged snapshot (values a crash, a bad edit or another tool could leave) is refused with the key named,
    /// and the trainer keeps every parameter, optimizer state and position it had, as the failed load found them.
    @Test func damagedSnapshotsLeaveTheTrainerAsItWas() throws {
        let (train, test) = try fixtureDatasets()
        let stored = try NPZ.read(chainerSnapshot)
        let damages: [(String, NDArray?, String)] = [
            ("updater/iteration", NDArray(Double.nan), "updater/iteration"),
            ("updater/iteration", NDArray(1e30), "updater/iteration"),
            ("updater/iteration", NDArray(-3), "iteration -3"),
            ("updater/iterator:main/order", NDArray((0..<train.count).map { $0 + 1000 }), "permutation"),
            ("updater/iterator:main/current_position", NDArray(5.7), "current_position"),
            ("updater/optimizer:main/predictor/l1/W/t", NDArray(-5), "cannot be negative"),
            ("stop_trigger/previous_iteration", NDArray(Double.infinity), "previous_iteration"),
            ("extensions/LogReport/_log", nil, "_log"),
        ]
        for (key, value, words) in damages {
            for trainedFirst in [true, false] {
                var state = stored
                state[key] = value
                let (trainer, model, optimizer) = withSeed(2) {
                    fixtureTrainer(train: train, test: test, stop: IntervalTrigger(3, .iteration), out: temporaryOutput())
                }
                // A fresh trainer is the usual case (resume before run): its moments are still empty.
                if trainedFirst { try withSeed(2) { try trainer.run() } }
                let before = model.namedParams().map { ($0.0, $0.1.array) }
                let moments = model.namedParams().map { optimizer.updateRules[$0.0]?.state ?? [:] }
                let (iteration, t) = (trainer.updater.iteration, optimizer.t)
                do {
                    try trainer.loadStateDict(state)
                    Issue.record("\(key) = \(String(describing: value)) was accepted")
                } catch {
                    #expect(error.description.contains(words), "\(key): \(error)")
                }
                #expect(trainer.updater.iteration == iteration && optimizer.t == t, "\(key)")
                for (path, array) in before {
                    #expect(model.namedParams().first { $0.0 == path }!.1.array == array, "\(key) \(path)")
                }
                let after = model.namedParams().map { optimizer.updateRules[$0.0]?.state ?? [:] }
                #expect(after == moments, "\(key), trained first: \(trainedFirst)")
            }
        }
    }

    /// A lazily initialised layer that a failed load initialised goes back to waiting for its first input.
    @Test func aFailedLoadUninitialisesWhatItInitialised() throws {
        final class Lazy: Chain {
            let l = L.Linear(nil, 3)
            func callAsFunction(_ x: Variable) -> Variable { l(x) }
        }
        let (train, _) = try fixtureDatasets()
        func make() -> (Trainer, Lazy, Adam) {
            let net = Lazy(), optimizer = Adam()
            optimizer.setup(L.Classifier(net))
            return (Trainer(StandardUpdater(SerialIterator(train, batchSize: 4), optimizer), stop: (1, .iteration),
                            out: temporaryOutput()), net, optimizer)
        }
        let (done, _, _) = make()
        try withSeed(1) { try done.run() }
        var state = done.stateDict()
        state["updater/iterator:main/order"] = NDArray(Array(repeating: 0, count: train.count))
        let (fresh, net, optimizer) = make()
        #expect(throws: SerializationError.self) { try fresh.loadStateDict(state) }
        #expect(!net.l.W.isInitialized && optimizer.updateRules.values.allSatisfy { $0.state.isEmpty })
    }
}
