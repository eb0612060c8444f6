import ChainerArray

/// The progress of an iterator over a dataset, independent of its example type (what updaters and triggers read).
public protocol IteratorProgress: AnyObject {
    /// Examples per batch.
    var batchSize: Int { get }
    /// Completed passes over the dataset.
    var epoch: Int { get }
    /// Epochs as a fraction: `epoch + position / count`.
    var epochDetail: Double { get }
    /// `epochDetail` before the last `next()`, or nil before the first.
    var previousEpochDetail: Double? { get }
    /// Whether the last `next()` completed an epoch.
    var isNewEpoch: Bool { get }
    /// Goes back to the start of the first epoch (a fresh order when shuffling).
    func reset()
    /// The state needed to resume exactly (Chainer's serialized keys).
    func stateDict() -> [String: NDArray]
    /// Restores a state written by `stateDict()`.
    func loadStateDict(_ state: [String: NDArray]) throws(SerializationError)
}

/// An iterator that yields batches (arrays of examples) from a dataset (Chainer's `chainer.dataset.Iterator`).
public protocol DatasetIterator<Example>: IteratorProgress, IteratorProtocol, Sequence where Element == [Example], Iterator == Self {
    /// The example type of the dataset.
    associatedtype Example
}

extension IteratorProgress {
    /// No state (Chainer's `Iterator.serialize` default): an iterator that implements nothing to save resumes from
    /// its start. The library's iterators save their position.
    public func stateDict() -> [String: NDArray] { [:] }
    /// Restores nothing (see `stateDict()`).
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {}
}

// `SerializationError` lives in Serializers/Serializer.swift.

extension NDArray {
    /// The integers a stored array holds, exactly: integer arrays as they are, floats only when every value is
    /// whole and fits an Int (so NaN, infinities and 1e30 in a damaged file are refused, never trapped on).
    func exactInts() -> [Int]? {
        if dtype.isFloatingPoint {
            var out: [Int] = []
            out.reserveCapacity(size)
            for v in asArray(Double.self) { guard let n = Int(exactly: v) else { return nil }; out.append(n) }
            return out
        }
        // No dtype here holds integers past Int64 (NPY's uint64 beyond it is refused when read).
        return asArray(Int64.self).map { Int($0) }
    }

    /// The integer a one-element array holds exactly (see `exactInts`), or nil.
    func exactInt() -> Int? { size == 1 ? exactInts()?.first : nil }
}

extension Dictionary where Key == String, Value == NDArray {
    /// The integer stored under `key` (a float only when it is whole).
    func int(_ key: String) throws(SerializationError) -> Int {
        guard let a = self[key] else { throw .missingKey(key) }
        guard a.size == 1 else { throw .badValue("\(key) has shape \(a.shape), expected a scalar") }
        guard let n = a.exactInt() else { throw .badValue("\(key) is \(a.item()), not an integer") }
        return n
    }

    /// The float stored under `key`.
    func double(_ key: String) throws(SerializationError) -> Double {
        guard let a = self[key] else { throw .missingKey(key) }
        guard a.size == 1 else { throw .badValue("\(key) has shape \(a.shape), expected a scalar") }
        return a.item()
    }
}

extension IteratorProgress {
    /// This iterator as its own type `I` (what a typed `getIterator()` returns), stopping with a message naming
    /// `owner` and both types when it is another.
    func asIterator<I: DatasetIterator>(_: I.Type, of owner: String) -> I {
        guard let typed = self as? I else {
            preconditionFailure("\(owner): the iterator is a \(type(of: self)), not a \(I.self)")
        }
        return typed
    }
}
