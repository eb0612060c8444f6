import Foundation

/// Saves an object's state (a link's parameters and persistent values, an optimizer's state) to an npz file with
/// Chainer's key layout (`predictor/l1/W`), writing a temporary file and renaming it (Chainer's `save_npz`).
public func saveNPZ(_ object: any Serializable, to url: URL, compressed: Bool = true) throws(SerializationError) {
    // A state dictionary is written as it stands, its text entries (a trainer's log) as NumPy strings.
    if let whole = object as? any StateDictSerializable {
        do { try NPZ.write(whole.stateDict(), to: url, compressed: compressed, textKeys: whole.textStateKeys) }
        catch { throw .io("\(url.path): \(error)") }
        return
    }
    let serializer = DictionarySerializer()
    try object.serialize(serializer)
    do {
        try NPZ.write(serializer.arrays, to: url, compressed: compressed)
    } catch {
        throw .io(error.description)
    }
}

/// `saveNPZ` to a file path.
public func saveNPZ(_ object: any Serializable, to path: String, compressed: Bool = true) throws(SerializationError) {
    try saveNPZ(object, to: URL(fileURLWithPath: path), compressed: compressed)
}

/// Loads an object's state from an npz file (Chainer's `load_npz`). Keys are looked up under `path` (so
/// `path: "updater/model:main/"` reads a model out of a trainer snapshot); with `strict` every key the object needs
/// must be present; `ignoreNames` (full keys or keys relative to `path`) are left as they are. The whole file is
/// validated before anything changes, so a failed load leaves the object untouched.
public func loadNPZ(_ url: URL, into object: any Serializable, path: String = "", strict: Bool = true,
                    ignoreNames: [String] = []) throws(SerializationError) {
    let arrays: [String: NDArray]
    do {
        arrays = try NPZ.read(url)
    } catch {
        if case .io(let why) = error { throw .io(why) }
        throw .corruptedArchive(error.description)
    }
    try loadArrays(arrays, into: object, path: path, strict: strict, ignoreNames: ignoreNames)
}

/// `loadNPZ` from a file path.
public func loadNPZ(_ path: String, into object: any Serializable, path prefix: String = "", strict: Bool = true,
                    ignoreNames: [String] = []) throws(SerializationError) {
    try loadNPZ(URL(fileURLWithPath: path), into: object, path: prefix, strict: strict, ignoreNames: ignoreNames)
}

/// Loads state from a dictionary of arrays: one validation pass, then the assigning pass.
public func loadArrays(_ arrays: [String: NDArray], into object: any Serializable, path: String = "", strict: Bool = true,
                 ignoreNames: [String] = []) throws(SerializationError) {
    try object.serialize(DictionaryDeserializer(arrays, path: path, strict: strict, ignoreNames: ignoreNames, dryRun: true))
    try object.serialize(DictionaryDeserializer(arrays, path: path, strict: strict, ignoreNames: ignoreNames))
}

/// Chainer's `serializers.save_npz(file, obj)`, in its argument order: `saveNPZ(obj, to: file)`.
public func saveNpz(_ file: String, _ object: any Serializable, compression: Bool = true) throws(SerializationError) {
    try saveNPZ(object, to: file, compressed: compression)
}

/// Chainer's `serializers.load_npz(file, obj, path='', strict=True, ignore_names=None)`, in its argument order:
/// `loadNPZ(file, into: obj)`.
public func loadNpz(_ file: String, _ object: any Serializable, path: String = "", strict: Bool = true,
                    ignoreNames: [String] = []) throws(SerializationError) {
    try loadNPZ(file, into: object, path: path, strict: strict, ignoreNames: ignoreNames)
}
