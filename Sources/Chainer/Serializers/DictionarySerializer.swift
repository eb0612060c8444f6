/// Collects an object's state into a flat dictionary keyed by Chainer's paths (`predictor/l1/W`); Chainer's
/// `DictionarySerializer`.
public final class DictionarySerializer: Serializer {
    /// The shared output.
    final class Store { var arrays: [String: NDArray] = [:] }
    private let store: Store
    /// The key prefix of this level ("" at the top, then "child/").
    public let path: String

    /// Creates a serializer whose keys start with `path`.
    public init(path: String = "") { store = Store(); self.path = path }
    private init(store: Store, path: String) { self.store = store; self.path = path }

    /// The arrays collected so far.
    public var arrays: [String: NDArray] { store.arrays }
    /// False: this serializer saves.
    public var isLoading: Bool { false }
    /// False: saving has no validation pass.
    public var isDryRun: Bool { false }
    /// The serializer for a child.
    public subscript(_ name: String) -> any Serializer { DictionarySerializer(store: store, path: path + name + "/") }

    /// Records `value` under the prefixed key; an uninitialised (nil) value is skipped.
    public func callAsFunction(_ key: String, _ value: inout NDArray?) throws(SerializationError) {
        guard let value else { return }
        store.arrays[path + key.trimmingLeadingSlashes] = value
    }
}

/// Loads an object's state from a flat dictionary of arrays (an npz's contents); Chainer's `NpzDeserializer`.
public final class DictionaryDeserializer: Serializer {
    private let arrays: [String: NDArray]
    /// The key prefix of this level.
    public let path: String
    /// Whether every key the object asks for must be present.
    public let strict: Bool
    /// Keys (full, or relative to the top-level path) that are left as they are.
    public let ignoreNames: Set<String>
    /// The top-level path `ignoreNames` may be relative to.
    private let rootPath: String
    /// When true, values are checked but not assigned (the validation pass).
    public let dryRun: Bool
    /// Whether this is the validation pass.
    public var isDryRun: Bool { dryRun }

    /// Creates a deserializer over `arrays` whose keys start with `path`.
    public init(_ arrays: [String: NDArray], path: String = "", strict: Bool = true, ignoreNames: [String] = [],
                dryRun: Bool = false) {
        self.arrays = arrays
        self.path = path
        self.strict = strict
        self.ignoreNames = Set(ignoreNames)
        self.rootPath = path
        self.dryRun = dryRun
    }

    private init(parent: DictionaryDeserializer, path: String) {
        arrays = parent.arrays
        self.path = path
        strict = parent.strict
        ignoreNames = parent.ignoreNames
        rootPath = parent.rootPath
        dryRun = parent.dryRun
    }

    /// True: this serializer loads.
    public var isLoading: Bool { true }
    /// The deserializer for a child.
    public subscript(_ name: String) -> any Serializer { DictionaryDeserializer(parent: self, path: path + name + "/") }

    /// Checks the stored array against `value` and, unless this is the validation pass, assigns it.
    public func callAsFunction(_ key: String, _ value: inout NDArray?) throws(SerializationError) {
        let full = path + key.trimmingLeadingSlashes
        if ignoreNames.contains(full) || ignoreNames.contains(String(full.dropFirst(rootPath.count))) { return }
        guard let stored = arrays[full] else {
            // An uninitialised value was saved as nothing (Chainer writes None), so its absence is consistent.
            if strict && value != nil { throw .missingKey(full) }
            return
        }
        if let current = value {
            guard stored.shape == current.shape else {
                throw .shapeMismatch(key: full, expected: current.shape, found: stored.shape)
            }
            guard stored.dtype == current.dtype || Self.castsSameKind(stored.dtype, to: current.dtype) else {
                throw .dtypeMismatch(key: full, expected: current.dtype, found: stored.dtype)
            }
            // Chainer copies into the existing array (numpy.copyto), so a float64 file loads into a float32 model.
            if !dryRun { value = stored.dtype == current.dtype ? stored : stored.astype(current.dtype) }
            return
        }
        if !dryRun { value = stored }
    }

    /// The array stored for `key` at this level (nil when absent or ignored), for checks the validation pass makes
    /// on values it does not hand back.
    func stored(_ key: String) -> NDArray? {
        let full = path + key.trimmingLeadingSlashes
        if ignoreNames.contains(full) || ignoreNames.contains(String(full.dropFirst(rootPath.count))) { return nil }
        return arrays[full]
    }

    /// NumPy's `same_kind` casting, which `numpy.copyto` allows: within floats or within one signedness of integers,
    /// and upward from bool to unsigned to signed integers to floats.
    static func castsSameKind(_ from: DType, to: DType) -> Bool {
        func kind(_ d: DType) -> Int { d == .bool ? 0 : d.isInteger ? (d.isSigned ? 2 : 1) : 3 }
        return kind(from) <= kind(to)
    }

    /// The stored entries under this level, keyed relative to it (what an object whose keys only the file knows
    /// loads: a trainer's optimizer moments before its first step).
    public var entriesAtThisLevel: [String: NDArray] { arrays.subState(path) }

    /// Whether a strict load must find `key` at this level (it is neither stored nor ignored).
    func requires(_ key: String) -> Bool {
        let full = path + key.trimmingLeadingSlashes
        guard strict, arrays[full] == nil else { return false }
        return !ignoreNames.contains(full) && !ignoreNames.contains(String(full.dropFirst(rootPath.count)))
    }
}

extension String {
    /// The string without leading slashes (Chainer strips them from keys).
    var trimmingLeadingSlashes: String { String(drop { $0 == "/" }) }
}
