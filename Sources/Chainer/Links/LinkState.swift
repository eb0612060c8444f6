extension Link {
    /// Registers a persistent value: an array saved and loaded with the link but not trained (Chainer's
    /// `add_persistent`/`register_persistent`, e.g. batch normalization's `avg_mean`). A nil value is one not known
    /// yet (a lazy link); loading fills it.
    public final func addPersistent(_ name: String, _ value: NDArray?) {
        precondition(!persistentNames.contains(name), "\(type(of: self)): a persistent value named \(name) is already registered")
        persistentNames.append(name)
        persistentStore[name] = value
    }

    /// Registers a scalar persistent value (Chainer's `add_persistent("count", 0)`), kept as a 0-d array.
    public final func addPersistent(_ name: String, _ value: Double) { addPersistent(name, NDArray(value)) }

    /// Registers an integer persistent value, kept as a 0-d int64 array.
    public final func addPersistent(_ name: String, _ value: Int) { addPersistent(name, NDArray(value)) }

    /// Removes a persistent value (a link hook's vector when the hook is deleted).
    final func removePersistent(_ name: String) {
        persistentNames.removeAll { $0 == name }
        persistentStore[name] = nil
    }

    /// A persistent value by its serialized name.
    public final subscript(persistent name: String) -> NDArray? {
        get { persistentStore[name] }
        set {
            precondition(persistentNames.contains(name), "\(type(of: self)): no persistent value named \(name)")
            persistentStore[name] = newValue
        }
    }

    /// Every persistent value with its path ("/bn/avg_mean"), in `namedParams` order; uninitialised ones skipped.
    public final func namedPersistent() -> [(String, NDArray)] {
        var out: [(String, NDArray)] = []
        for (path, link) in namedLinks() {
            let base = path == "/" ? "" : path
            for name in link.persistentNames { if let v = link.persistentStore[name] { out.append((base + "/" + name, v)) } }
        }
        return out
    }

    /// Copies every parameter's and persistent value's array from a link of the same structure (Chainer's
    /// `copyparams`); an uninitialised parameter here takes the source's array.
    public final func copyParams(from source: Link, copyPersistent: Bool = true) {
        let mine = namedParams(), theirs = source.namedParams()
        precondition(mine.map(\.0) == theirs.map(\.0),
                     "copyParams: parameter paths differ: \(mine.map(\.0)) vs \(theirs.map(\.0))")
        for ((path, dst), (_, src)) in zip(mine, theirs) where src.isInitialized {
            precondition(!dst.isInitialized || (dst.shape == src.shape && dst.dtype == src.dtype),
                         "copyParams: \(path) has shape \(dst.shape) \(dst.dtype) here but \(src.shape) \(src.dtype) in the source")
            let copy = src.array.copy()
            if dst.isInitialized { dst.array = copy } else { dst.initialize(copy) }
        }
        guard copyPersistent else { return }
        for ((_, dst), (_, src)) in zip(namedLinks(), source.namedLinks()) {
            for name in dst.persistentNames { dst.persistentStore[name] = src.persistentStore[name]?.copy() }
        }
    }

    /// Adds the source link's gradients to this link's, parameter by parameter (Chainer's `addgrads`).
    public final func addGrads(from source: Link) {
        let mine = namedParams(), theirs = source.namedParams()
        precondition(mine.map(\.0) == theirs.map(\.0),
                     "addGrads: parameter paths differ: \(mine.map(\.0)) vs \(theirs.map(\.0))")
        for ((_, dst), (_, src)) in zip(mine, theirs) {
            guard let g = src.grad else { continue }
            dst.grad = dst.grad.map { $0 + g } ?? g.copy()
        }
    }
}

extension Link {
    /// Creates and registers a parameter (Chainer's `add_param`): allocated now from `initializer` (LeCunNormal by
    /// default, as Chainer) when `shape` is given, else left uninitialised.
    @discardableResult
    public final func addParam(_ name: String, shape: [Int]? = nil, dtype: DType? = nil,
                               initializer: (any Initializer)? = nil) -> Parameter {
        let dt = dtype ?? Config.current.dtype
        let p = shape.map { Parameter((initializer ?? Initializers.LeCunNormal())($0, dtype: dt)) }
            ?? Parameter(uninitializedName: name, dtype: dt)
        return register(p, as: name)
    }

    /// A registered parameter by its serialized name.
    public final func param(_ name: String) -> Parameter? { registeredParams.first { $0.0 == name }?.1 }
}
