import ChainerArray

/// Evaluates a model on a whole dataset and reports the means of what it reported, as "validation/main/…"
/// (Chainer's `Evaluator`). Runs with `train == false` and without recording the graph; by default once per epoch,
/// before the readers (LogReport, PrintReport). Subclass and override `evaluate()` for custom evaluation loops.
open class Evaluator: Extension {
    /// The evaluated link (observer "main").
    public let target: Link
    private let iterator: any IteratorProgress
    private let rewind: () -> Void
    private let nextArrays: () -> [NDArray]?
    private let evalFunction: (([Variable]) -> Void)?
    /// Called with the evaluator at the start of each evaluation (Chainer's `eval_hook`), e.g. to reset state.
    public var evalHook: ((Evaluator) -> Void)?

    /// Evaluates `target` over an iterator with a converter from its batches to arrays. `evalFunction` replaces
    /// calling the target as a `LossLink`; `evalHook` is called at the start of each evaluation.
    public init<I: DatasetIterator>(_ iterator: I, _ target: Link, converter: @escaping ([I.Example]) -> [NDArray],
                                    device: Int? = nil, evalHook: ((Evaluator) -> Void)? = nil,
                                    evalFunction: (([Variable]) -> Void)? = nil) {
        (self.target, self.iterator, rewind, nextArrays) = Self.parts(iterator, target, converter, device)
        self.evalHook = evalHook
        self.evalFunction = evalFunction
        super.init()
    }

    /// Evaluates `target` with a Chainer-style converter, called with the batch and the device.
    public init<I: DatasetIterator>(_ iterator: I, _ target: Link, converter: @escaping ([I.Example], Int?) -> [NDArray],
                                    device: Int? = nil, evalHook: ((Evaluator) -> Void)? = nil,
                                    evalFunction: (([Variable]) -> Void)? = nil) {
        (self.target, self.iterator, rewind, nextArrays) = Self.parts(iterator, target, { converter($0, device) }, device)
        self.evalHook = evalHook
        self.evalFunction = evalFunction
        super.init()
    }

    /// Evaluates `target` over an iterator of `[NDArray]` examples, or of single arrays (an `NDArray` as the
    /// dataset), stacked by `concatExamples`.
    public init<I: DatasetIterator>(_ iterator: I, _ target: Link, padding: Double? = nil, device: Int? = nil,
                                    evalHook: ((Evaluator) -> Void)? = nil, evalFunction: (([Variable]) -> Void)? = nil)
    where I.Example: StackableExample {
        (self.target, self.iterator, rewind, nextArrays) = Self.parts(iterator, target, { I.Example.stack($0, padding: padding) }, device)
        self.evalHook = evalHook
        self.evalFunction = evalFunction
        super.init()
    }

    /// Chainer's `eval_func=` spelled `evalFunc:`, over `[NDArray]` examples or single arrays.
    public convenience init<I: DatasetIterator>(_ iterator: I, _ target: Link, padding: Double? = nil, device: Int? = nil,
                                                evalHook: ((Evaluator) -> Void)? = nil,
                                                evalFunc: @escaping ([Variable]) -> Void) where I.Example: StackableExample {
        self.init(iterator, target, padding: padding, device: device, evalHook: evalHook, evalFunction: evalFunc)
    }

    /// What the initialisers store (both are designated, so that subclasses can call either).
    private static func parts<I: DatasetIterator>(_ iterator: I, _ target: Link,
                                                  _ converter: @escaping ([I.Example]) -> [NDArray], _ device: Int?)
    -> (Link, any IteratorProgress, () -> Void, () -> [NDArray]?) {
        checkCPUDevice(device, "Evaluator")
        return (target, iterator, { iterator.reset() }, batchSource(iterator, converter))
    }

    /// The evaluated link (Chainer's `get_target('main')`; this evaluator has one target, "main").
    public final func getTarget(_ name: String = "main") -> Link {
        precondition(name == "main", "Evaluator: no target named \(name) (have [\"main\"])")
        return target
    }

    /// Every target by name (Chainer's `get_all_targets`).
    public final func getAllTargets() -> [String: Link] { ["main": target] }

    /// The iterator (Chainer's `get_iterator('main')`), for an overridden `evaluate()`.
    public final func getIterator(_ name: String = "main") -> any IteratorProgress {
        precondition(name == "main", "Evaluator: no iterator named \(name) (have [\"main\"])")
        return iterator
    }

    /// The iterator as its own type: `let it: SerialIterator<TupleDataset> = getIterator()`.
    public final func getIterator<I: DatasetIterator>(_ name: String = "main", as type: I.Type = I.self) -> I {
        getIterator(name).asIterator(I.self, of: "Evaluator")
    }

    /// Rewinds the iterator to its first batch (`evaluate()` does this before its loop).
    public final func resetIterator() { rewind() }
    /// The next batch's arrays, or nil at the end of the dataset.
    public final func nextBatch() -> [NDArray]? { nextArrays() }

    /// "validation".
    open override var defaultName: String { "validation" }
    /// Once per epoch.
    open override var defaultTrigger: (Int, IntervalUnit) { (1, .epoch) }
    /// Before the readers.
    open override var priority: Int { Extension.priorityWriter }

    /// Evaluates and reports the means to the trainer's reporter.
    open override func callAsFunction(_ trainer: Trainer) throws {
        _ = self()
    }

    /// Evaluates, reports the means to the current reporter (if any) and returns them: Chainer's `evaluator()`,
    /// usable without a trainer.
    /// As Chainer's `__call__`, the evaluation runs under a reporter of its own that names the target "<name>/main"
    /// (so an overridden `evaluate()` reporting through the current reporter gets the prefix too), in test mode.
    @discardableResult
    public func callAsFunction() -> [String: Double] {
        let reporter = makeReporter()
        let result = usingConfig(\.train, false) { reporter.scope { evaluate() }.result }
        report(result)
        return result
    }

    /// A reporter naming the target and its links "<name>/main…" ("main…" for an evaluator used on its own).
    private func makeReporter() -> Reporter {
        let reporter = Reporter()
        let prefix = name.map { $0.isEmpty ? "" : $0 + "/" } ?? ""
        reporter.addObserver(prefix + "main", target)
        reporter.addObservers(prefix: prefix + "main", target.namedLinks(skipSelf: true))
        return reporter
    }

    /// The mean of each value reported while evaluating the whole iterator: keys "<name>/main/…" once the trainer
    /// has named this extension ("validation/main/loss"), "main/…" for an evaluator used on its own, as in Chainer.
    /// Reports go to the current reporter (the one `callAsFunction()` sets up; a fresh one when called directly).
    open func evaluate() -> [String: Double] {
        evalHook?(self)
        let reporter = Reporter.active ?? makeReporter()
        let call: ([Variable]) -> Void
        if let evalFunction {
            call = evalFunction
        } else if let lossLink = target as? any LossLink {
            call = { _ = lossLink($0) }
        } else {
            preconditionFailure("Evaluator: the target \(type(of: target)) is not a LossLink; pass evalFunction:")
        }
        resetIterator()
        var summary = DictSummary()
        usingConfig(\.train, false) {
            noBackpropMode {
                while let arrays = nextArrays() {
                    let inputs = arrays.map { Variable($0, requiresGrad: false) }
                    let observation = reporter.scope { call(inputs) }.observation
                    summary.add(observation)
                }
            }
        }
        return summary.computeMean()
    }
}
