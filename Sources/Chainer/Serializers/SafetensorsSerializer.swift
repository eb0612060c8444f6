import Foundation

/// Saves a link's parameters and persistent values as a safetensors file, keyed as `saveNPZ` keys them
/// (`l1/W`, `bn/avg_mean`); written to a temporary file and renamed over `url`.
public func saveSafetensors(_ link: Link, to url: URL, metadata: [String: String] = [:]) throws(SerializationError) {
    let serializer = DictionarySerializer()
    try link.serialize(serializer)
    do {
        try Safetensors.write(serializer.arrays, to: url, metadata: metadata)
    } catch {
        throw error.asSerializationError
    }
}

/// Loads a link's parameters and persistent values from a safetensors file. With `strict`, every key the link needs
/// must be present; shapes and dtypes must match initialised parameters (uninitialised ones take the stored shape).
/// The whole file is validated before anything changes, so a failed load leaves the link untouched.
public func loadSafetensors(_ url: URL, into link: Link, strict: Bool = true) throws(SerializationError) {
    let arrays: [String: NDArray]
    do {
        arrays = try Safetensors.read(url)
    } catch {
        throw error.asSerializationError
    }
    try loadArrays(arrays, into: link, strict: strict)
}

extension SafetensorsError {
    /// The serializer's error for this reading or writing failure.
    var asSerializationError: SerializationError {
        if case .io(let why) = self { return .io(why) }
        return .corruptedArchive(description)
    }
}
