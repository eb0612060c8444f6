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
    /// The batch being loaded ahead, with the position it starts at.
    private var prefetched: (epoch: Int, position: Int, load: PendingBatch<D.Example>)?

    /// Iterates as `SerialIterator(dataset, batchSize:repeat:shuffle:orderSampler:)`, loading with `nThreads`.
    public init(_ dataset: D, batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil, orderSampler: OrderSampler? = nil,
                nThreads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(nThreads >= 1, "MultithreadIterator: nThreads must be positive, got \(nThreads)")
        self.dataset = dataset
        self.nThreads = nThreads
        positions = SerialIterator(AnyDataset(Array(0..<dataset.count)), batchSize: batchSize, repeat: `repeat`,
                                   shuffle: shuffle, orderSampler: orderSampler)
    }

    /// Iterates the rows of an array (a plain `NDArray` as the dataset), loading with `nThreads`.
    public convenience init(_ array: NDArray, batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil,
                            orderSampler: OrderSampler? = nil, nThreads: Int = ProcessInfo.processInfo.activeProcessorCount)
    where D == AnyDataset<NDArray> {
        self.init(AnyDataset(rows: array), batchSize: batchSize, repeat: `repeat`, shuffle: shuffle,
                  orderSampler: orderSampler, nThreads: nThreads)
    }

    /// Iterates an array of examples (a Python list as a dataset), loading with `nThreads`.
    public convenience init<E>(_ examples: [E], batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil,
                               orderSampler: OrderSampler? = nil, nThreads: Int = ProcessInfo.processInfo.activeProcessorCount)
    where D == AnyDataset<E> {
        self.init(AnyDataset(examples), batchSize: batchSize, repeat: `repeat`, shuffle: shuffle,
                  orderSampler: orderSampler, nThreads: nThreads)
    }

    /// `init(_:batchSize:repeat:shuffle:orderSampler:nThreads:)` with the batch size positional, as Chainer's.
    public convenience init(_ dataset: D, _ batchSize: Int, repeat: Bool = true, shuffle: Bool? = nil,
                            orderSampler: OrderSampler? = nil, nThreads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.init(dataset, batchSize: batchSize, repeat: `repeat`, shuffle: shuffle, orderSampler: orderSampler,
                  nThreads: nThreads)
    }

    /// The next batch, or nil after the first epoch when not repeating. When the batch after it lies inside the
    /// current epoch, the workers start loading it in the background before this returns.
    public func next() -> [D.Example]? {
        let key = (epoch: positions.epoch, position: positions.currentPosition)
        let ready = prefetched.take()
        guard let indices = positions.next() else { return nil }
        let batch: [D.Example]
        if let ready, ready.epoch == key.epoch, ready.position == key.position {
            batch = ready.load.wait()
        } else {
            batch = load(indices).wait()
        }
        if let upcoming = positions.peekNextBatch() {
            prefetched = (positions.epoch, positions.currentPosition, load(upcoming))
        }
        return batch
    }

    /// Starts loading the examples at `indices` on the workers.
    private func load(_ indices: [Int]) -> PendingBatch<D.Example> {
        let pending = PendingBatch<D.Example>(count: indices.count)
        let workers = Swift.min(nThreads, indices.count), n = indices.count
        // Each worker writes only its own slots; the dataset is only read.
        let job = UncheckedJob { [dataset] i in pending.slots[i] = dataset[indices[i]] }
        pending.group.enter()
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < n {
                    job.run(i)
                    i += workers
                }
            }
            pending.group.leave()
        }
        return pending
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
    public func reset() {
        prefetched = nil
        positions.reset()
    }
    /// `SerialIterator`'s state.
    public func stateDict() -> [String: NDArray] { positions.stateDict() }
    /// Restores `SerialIterator`'s state.
    public func loadStateDict(_ state: [String: NDArray]) throws(SerializationError) {
        try positions.loadStateDict(state)
        prefetched = nil
    }
}

/// A batch loading on worker threads: its slots are written only by them, and read only after `wait()`.
final class PendingBatch<Example>: @unchecked Sendable {
    /// The examples, filled in by the workers (raw memory, so threads writing different slots never touch shared
    /// bookkeeping as an array's would).
    let slots: UnsafeMutableBufferPointer<Example?>
    /// Left when every slot is filled.
    let group = DispatchGroup()

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        group.wait()
        slots.deinitialize()
        slots.deallocate()
    }

    /// The examples, once the workers are done.
    func wait() -> [Example] {
        group.wait()
        return slots.map { $0! }
    }
}

/// A closure handed to worker threads whose captured state the caller keeps race-free.
struct UncheckedJob: @unchecked Sendable {
    /// The work for one index.
    let run: (Int) -> Void
}
