/// Why saving or loading a model or optimizer failed; every case names the key involved.
public enum SerializationError: Error, Equatable, CustomStringConvertible {
    /// A key the target needs is not in the file (strict loading).
    case missingKey(String)
    /// The stored array's shape differs from the target's.
    case shapeMismatch(key: String, expected: [Int], found: [Int])
    /// The stored array's dtype differs from the target's.
    case dtypeMismatch(key: String, expected: DType, found: DType)
    /// A stored value does not fit what the reader expects (a scalar with a shape, an index out of range, …).
    case badValue(String)
    /// The file is not a readable archive (the reason from the reader).
    case corruptedArchive(String)
    /// The operating system refused to read or write the file.
    case io(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .missingKey(let k): "missing key \"\(k)\" in the archive"
        case let .shapeMismatch(k, e, f): "key \"\(k)\": expected shape \(e), found \(f)"
        case let .dtypeMismatch(k, e, f): "key \"\(k)\": expected dtype \(e), found \(f)"
        case .badValue(let why): "bad value: \(why)"
        case .corruptedArchive(let why): "corrupted archive: \(why)"
        case .io(let why): "I/O error: \(why)"
        }
    }
}

/// Walks an object's state to save or load it (Chainer's `Serializer`/`Deserializer`): each stateful object calls it
/// with its keys and values, and descends into children with `serializer["child"]`.
///
/// A loader calls `serialize` twice: first to validate every key, shape and dtype without changing anything, then to
/// assign; so objects should only change their state through the values passed back.
public protocol Serializer: AnyObject {
    /// Whether values are read into the object (true) or written out of it.
    var isLoading: Bool { get }
    /// Whether this is a loader's validation pass, which assigns nothing.
    var isDryRun: Bool { get }
    /// The serializer for a child object, whose keys are prefixed with `name/`.
    subscript(_ name: String) -> any Serializer { get }
    /// Saves `value` under `key`, or loads the stored array into it. A nil value is an uninitialised one (a lazy
    /// parameter): saving skips it and loading accepts any stored shape.
    func callAsFunction(_ key: String, _ value: inout NDArray?) throws(SerializationError)
}

extension Serializer {
    /// Saves or loads the state of an object described by a flat dictionary (iterators, extensions): saving writes
    /// `state`'s entries; loading reads the entries stored under the same keys (any shape) and passes them to
    /// `restore`, except in the validation pass.
    public func serializeState(_ state: [String: NDArray],
                               restore: ([String: NDArray]) throws(SerializationError) -> Void) throws(SerializationError) {
        var loaded: [String: NDArray] = [:]
        for (key, value) in state.sorted(by: { $0.key < $1.key }) {
            var v: NDArray? = isLoading ? nil : value
            try self(key, &v)
            if let v { loaded[key] = v }
        }
        if isLoading && !isDryRun { try restore(loaded) }
    }

    /// Saves or loads an object that restores itself from a whole state dictionary (trainers, updaters, iterators):
    /// saving writes `state`'s entries; loading hands every entry stored under this level to `restore`, except in
    /// the validation pass, so keys the object has not made yet (optimizer moments before the first step) load too.
    public func serializeWholeState(_ state: () -> [String: NDArray],
                                    restore: ([String: NDArray]) throws(SerializationError) -> Void) throws(SerializationError) {
        guard isLoading else {
            for (key, value) in state().sorted(by: { $0.key < $1.key }) {
                var v: NDArray? = value
                try self(key, &v)
            }
            return
        }
        guard let reader = self as? DictionaryDeserializer else { return try serializeState(state(), restore: restore) }
        if !isDryRun { try restore(reader.entriesAtThisLevel) }
    }

    /// Saves or loads an array of a fixed shape and dtype.
    public func callAsFunction(_ key: String, _ value: inout NDArray) throws(SerializationError) {
        var v: NDArray? = value
        try self(key, &v)
        if let v { value = v }
    }

    /// Saves or loads an integer (stored as a 0-dimensional int64 array, as Chainer stores Python ints).
    public func callAsFunction(_ key: String, _ value: inout Int) throws(SerializationError) {
        var v: NDArray? = NDArray(value)
        try self(key, &v)
        guard isLoading, let loaded = incoming(key, loaded: v) else { return }
        guard let n = loaded.exactInt() else { throw .badValue("\(key) holds \(loaded.dtype) \(loaded.shape), not an integer") }
        if !isDryRun { value = n }
    }

    /// What a load assigns to `key`: `loaded`, or in the validation pass (which hands nothing back) the stored array,
    /// so that checks on the value fail there, before anything changes.
    func incoming(_ key: String, loaded: NDArray?) -> NDArray? {
        guard isDryRun, let reader = self as? DictionaryDeserializer else { return loaded }
        return reader.stored(key)
    }

    /// Saves or loads a number (stored as a 0-dimensional float64 array, as Chainer stores Python floats).
    public func callAsFunction(_ key: String, _ value: inout Double) throws(SerializationError) {
        var v: NDArray? = NDArray(value)
        try self(key, &v)
        if let v { value = v.item() }
    }

    /// Saves or loads a parameter; loading initialises an uninitialised one from the stored array.
    public func callAsFunction(_ key: String, _ parameter: Parameter) throws(SerializationError) {
        var v: NDArray? = parameter.isInitialized ? parameter.array : nil
        try self(key, &v)
        guard isLoading, let v else { return }
        if parameter.isInitialized { parameter.array = v } else { parameter.initialize(v) }
    }
}

/// An object whose state saves to and loads from files (links, optimizers, later iterators, updaters and trainers).
public protocol Serializable: AnyObject {
    /// Passes every piece of state to `serializer` (see `Serializer`).
    func serialize(_ serializer: any Serializer) throws(SerializationError)
}

extension Link: Serializable {}

/// An object saved and loaded as one state dictionary (trainers, updaters, iterators): `serialize` comes from
/// `stateDict()` and `loadStateDict(_:)`, so `saveNPZ` and `loadNPZ(path, into:)` work on it as in Chainer.
public protocol StateDictSerializable: Serializable {
    /// The state needed to resume exactly.
    func stateDict() -> [String: NDArray]
    /// Restores a state from `stateDict()`.
    func loadStateDict(_ state: [String: NDArray]) throws(SerializationError)
    /// The keys of `stateDict()` whose uint8 arrays are UTF-8 text, saved as NumPy strings as Chainer saves them.
    var textStateKeys: Set<String> { get }
}

extension StateDictSerializable {
    /// No text.
    public var textStateKeys: Set<String> { [] }

    /// Saves `stateDict()`, or loads every entry stored at this level through `loadStateDict(_:)`.
    public func serialize(_ serializer: any Serializer) throws(SerializationError) {
        try serializer.serializeWholeState(stateDict) { state throws(SerializationError) in try loadStateDict(state) }
    }
}

extension Trainer: StateDictSerializable {}
extension StandardUpdater: StateDictSerializable {}
extension SerialIterator: StateDictSerializable {}
extension MultithreadIterator: StateDictSerializable {}
