import ChainerArray
import Foundation

/// Loads each batch's examples on several threads (Chainer's `MultithreadIterator`), for datasets whose examples
/// are costly to read (decoding, transforms). Batches come in exactly `SerialIterator`'s order for the same seed.
public final class MultithreadIterator<D: Dataset>: DatasetIterator {
    /// The example type of the dataset.
    public typealias Example = D.Example
    /// The dataset iterated.
    public let dataset: D
    /// How many threads load examples.
    public let nThreads: Int
    private let positions: SerialIterator<AnyDataset<Int>>

    /// Iterates as `SerialIterator(dataset, batchSize:repeat:shuffle:orderSampler:)`, loading with `nThreads`.
    public init(_ dataset: D, batchSize: Int, repeat: Bool = true, shuffle: Bool = true, orderSampler: OrderSampler? = nil,
                nThreads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(nThreads >= 1, "MultithreadIterator: nThreads must be positive, got \(nThreads)")
        self.dataset = dataset
        self.nThreads = nThreads
        positions = SerialIterator(AnyDataset(Array(0..<dataset.count)), batchSize: batchSize, repeat: `repeat`,
                                   shuffle: shuffle, orderSampler: orderSampler)
    }

    /// The next batch, or nil after the first epoch when not repeating.
    public func next() -> [D.Example]? {
        guard let indices = positions.next() else { return nil }
        if nThreads == 1 || indices.count == 1 { return indices.map { dataset[$0] } }
        let slots = UnsafeMutableBufferPointer<D.Example?>.allocate(capacity: indices.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        // Each worker writes only its own slots; the dataset is only read.
        let job = UncheckedJob { [dataset] i in slots[i] = dataset[indices[i]] }
        let workers = Swift.min(nThreads, indices.count), n = indices.count
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < n {
                job.run(i)
                i += workers
            }
        }
        return slots.map { $0! }
    }

    /// Examples per batch.
    public var batchSize: Int { positions.batchSize }
    /// Completed epochs.
    public var epoch: Int { positions.epoch }
    /// Epochs as a fraction.
    public var epochDetail: Double { positions.epochDetail }
    /// `epochDetail` before the last `next()`.
    public var previousEpochDetail: Double? { positions.previousEpochDetail }
    /// Whether the last batch completed an epoch.
    public var isNewEpoch: Bool { positions.isNewEpoch }
    /// Goes back to the start, with a fresh order when shuffling.
    public func reset() { positions.reset() }
    /// `SerialIterator`'s state.
    public func stateDict() -> [String: NDArray] { positions.stateDict() }
    /// Restores `SerialIterator`'s state.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) { try positions.loadStateDict(state) }
}

/// A closure handed to worker threads whose captured state the caller keeps race-free.
struct UncheckedJob: @unchecked Sendable {
    /// The work for one index.
    let run: (Int) -> Void
}
