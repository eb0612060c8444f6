import ChainerArray

/// Something the trainer runs when its trigger fires (Chainer's `chainer.training.Extension`). Subclass and
/// override `callAsFunction(_:)`; the defaults say when it runs and in what order.
open class Extension {
    /// Runs before readers: extensions that report values (Evaluator).
    public static let priorityWriter = 300
    /// Runs between writers and readers: extensions that edit observations.
    public static let priorityEditor = 200
    /// Runs after writers: extensions that read observations (LogReport, PrintReport, ProgressBar).
    public static let priorityReader = 100
    /// Runs last, so snapshots see every other extension's state.
    public static let prioritySnapshot = -100

    /// The name under which the trainer registered it (set by `Trainer.extend`).
    public internal(set) var name: String?

    /// An extension with the default settings.
    public init() {}

    /// The name used when `extend` is given none (the type's name, as Chainer).
    open var defaultName: String { String(describing: type(of: self)) }
    /// When it runs when `extend` is given no trigger.
    open var defaultTrigger: (Int, IntervalUnit) { (1, .iteration) }
    /// The order among extensions triggered on the same iteration (higher first).
    open var priority: Int { Extension.priorityReader }

    /// Runs the extension.
    open func callAsFunction(_ trainer: Trainer) throws {}
    /// Called once before training starts.
    open func initialize(_ trainer: Trainer) throws {}
    /// Called when an iteration throws, before the extensions are finalized.
    open func onError(_ trainer: Trainer, _ error: any Error) {}
    /// Called once when training ends (normally or not).
    open func finalize(_ trainer: Trainer) {}
    /// The state needed to resume exactly.
    open func stateDict() -> [String: NDArray] { [:] }
    /// Restores a state from `stateDict()`.
    open func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {}
    /// The keys of `stateDict()` whose uint8 arrays are UTF-8 text, saved as NumPy strings as Chainer saves them.
    open var textStateKeys: Set<String> { [] }
}

/// An extension made from a closure (Chainer's `make_extension`, with its `initializer`, `finalizer` and
/// `on_error`).
public final class LambdaExtension: Extension {
    private let body: (Trainer) throws -> Void
    private let fixedName: String
    private let fixedTrigger: (Int, IntervalUnit)
    private let fixedPriority: Int
    private let initializer: ((Trainer) throws -> Void)?
    private let finalizer: ((Trainer) -> Void)?
    private let errorHandler: ((Trainer, any Error) -> Void)?

    /// Runs `body` every `trigger`; `initializer` when training starts, `finalizer` when it ends, `onError` when
    /// the loop stops with an error.
    public init(name: String = "LambdaExtension", trigger: (Int, IntervalUnit) = (1, .iteration),
                priority: Int = Extension.priorityReader, initializer: ((Trainer) throws -> Void)? = nil,
                finalizer: ((Trainer) -> Void)? = nil, onError: ((Trainer, any Error) -> Void)? = nil,
                _ body: @escaping (Trainer) throws -> Void) {
        self.body = body
        fixedName = name
        fixedTrigger = trigger
        fixedPriority = priority
        self.initializer = initializer
        self.finalizer = finalizer
        errorHandler = onError
    }

    /// Calls `initializer`.
    public override func initialize(_ trainer: Trainer) throws { try initializer?(trainer) }
    /// Calls `finalizer`.
    public override func finalize(_ trainer: Trainer) { finalizer?(trainer) }
    /// Calls `onError`.
    public override func onError(_ trainer: Trainer, _ error: any Error) { errorHandler?(trainer, error) }

    /// The given name.
    public override var defaultName: String { fixedName }
    /// The given trigger.
    public override var defaultTrigger: (Int, IntervalUnit) { fixedTrigger }
    /// The given priority.
    public override var priority: Int { fixedPriority }
    /// Calls the closure.
    public override func callAsFunction(_ trainer: Trainer) throws { try body(trainer) }
}
