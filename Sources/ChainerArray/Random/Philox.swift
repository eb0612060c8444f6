import Foundation

/// Philox4x32-10, the counter-based generator (Salmon et al., 2011) that cuRAND and PyTorch also use: block `i` of
/// the stream is a pure function of (key, i), so CPU and GPU can draw identical numbers and blocks can be made in
/// parallel.
public struct Philox: Sendable {
    /// The key (the seed).
    public var key: (UInt32, UInt32)
    /// The next unused 128-bit block index (low 64 bits; the high half selects a subsequence).
    public var counter: UInt64
    /// The subsequence.
    public var stream: UInt64

    /// A generator for `seed`, at block 0.
    public init(seed: UInt64, stream: UInt64 = 0) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        counter = 0
        self.stream = stream
    }

    /// The four 32-bit words of block `index`.
    @inline(__always)
    public func block(_ index: UInt64) -> (UInt32, UInt32, UInt32, UInt32) {
        var c0 = UInt32(truncatingIfNeeded: index), c1 = UInt32(truncatingIfNeeded: index >> 32)
        var c2 = UInt32(truncatingIfNeeded: stream), c3 = UInt32(truncatingIfNeeded: stream >> 32)
        var k0 = key.0, k1 = key.1
        for _ in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            let (hi0, lo0) = (UInt32(truncatingIfNeeded: p0 >> 32), UInt32(truncatingIfNeeded: p0))
            let (hi1, lo1) = (UInt32(truncatingIfNeeded: p1 >> 32), UInt32(truncatingIfNeeded: p1))
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0)
            k0 &+= 0x9E37_79B9
            k1 &+= 0xBB67_AE85
        }
        return (c0, c1, c2, c3)
    }

    /// Fills `out` with `count` 32-bit words starting at block `first`.
    func fill(_ out: UnsafeMutablePointer<UInt32>, count: Int, firstBlock first: UInt64) {
        var i = 0, b = first
        while i < count {
            let w = block(b)
            out[i] = w.0
            if i + 1 < count { out[i + 1] = w.1 }
            if i + 2 < count { out[i + 2] = w.2 }
            if i + 3 < count { out[i + 3] = w.3 }
            i += 4
            b &+= 1
        }
    }
}

/// A generator's state behind a lock, so concurrent draws get disjoint blocks. `shared` is the one draws use:
/// `withSeed`'s, else the one `seed(_:)` made for this task on this thread, else the process-wide one.
final class GlobalGenerator: @unchecked Sendable {
    private static let processLock = NSLock()
    nonisolated(unsafe) private static var processGenerator = GlobalGenerator()
    /// The process-wide generator (replaced by each `seed(_:)` outside `withSeed`).
    private static var process: GlobalGenerator {
        get { processLock.lock(); defer { processLock.unlock() }; return processGenerator }
        set { processLock.lock(); processGenerator = newValue; processLock.unlock() }
    }
    @TaskLocal static var scoped: GlobalGenerator?
    /// The generator draws here use: the innermost `withSeed` scope's, else the one `seed(_:)` made for the
    /// current task (or thread, outside tasks) while it has not left this thread, else the process-wide one.
    static var shared: GlobalGenerator { scoped ?? seededHere ?? process }

    /// What `seed(_:)` left on a thread: the generator and the task (nil outside tasks) it belongs to.
    private final class Seeded {
        let task: Int?, generator: GlobalGenerator
        init(task: Int?, generator: GlobalGenerator) { (self.task, self.generator) = (task, generator) }
    }
    private static let threadKey = "ChainerArray.seededGenerator"
    private static var currentTask: Int? { withUnsafeCurrentTask { $0?.hashValue } }

    private static var seededHere: GlobalGenerator? {
        guard let s = Thread.current.threadDictionary[threadKey] as? Seeded, s.task == currentTask else { return nil }
        return s.generator
    }

    /// Seeds the generator in use: a `withSeed` scope's; otherwise a new generator for this task on this thread (so
    /// tests running in parallel, each calling `seed`, draw their own streams), and a new process-wide one, for
    /// other threads and for this task once it has moved to another thread. The process-wide one draws Philox
    /// subsequence 1 of the seed, so it never repeats the task's numbers, and draws elsewhere never shift the task's.
    static func seedInUse(_ value: UInt64) {
        if let scoped { return scoped.seed(value) }
        Thread.current.threadDictionary[threadKey] = Seeded(task: currentTask, generator: GlobalGenerator(seed: value))
        process = GlobalGenerator(state: Philox(seed: value, stream: 1))
    }
    private let lock = NSLock()
    private var state: Philox

    init(seed: UInt64 = 0x5EED_C4A1_7E20_0001) { state = Philox(seed: seed) }

    init(state: Philox) { self.state = state }

    func seed(_ s: UInt64) {
        lock.lock(); state = Philox(seed: s); lock.unlock()
    }

    /// The position of the stream: the next draw starts here.
    var current: Philox {
        get { lock.lock(); defer { lock.unlock() }; return state }
        set { lock.lock(); state = newValue; lock.unlock() }
    }

    /// Reserves enough blocks for `words` 32-bit words and returns a generator positioned at the first one.
    func reserve(words: Int) -> Philox {
        lock.lock()
        let g = state
        state.counter &+= UInt64((words + 3) / 4)
        lock.unlock()
        return g
    }

    /// `count` fresh random 32-bit words.
    func words(_ count: Int) -> [UInt32] {
        let g = reserve(words: count)
        var out = [UInt32](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { p in
            if let base = p.baseAddress { g.fill(base, count: count, firstBlock: g.counter) }
        }
        return out
    }
}

/// Runs `body` with its own generator seeded with `value`: draws inside are reproducible whatever other threads or
/// tasks draw meanwhile (the process-wide generator is untouched).
public func withSeed<R>(_ value: UInt64, _ body: () throws -> R) rethrows -> R {
    try GlobalGenerator.$scoped.withValue(GlobalGenerator(seed: value), operation: body)
}

/// Seeds the random generator, as `numpy.random.seed` / `torch.manual_seed`: the following draws of this code repeat
/// for the same seed, even while other tests or tasks draw in parallel (the calling task gets a stream of its own;
/// inside a `withSeed` scope, the scope's generator is reseeded).
public func seed(_ value: UInt64) { GlobalGenerator.seedInUse(value) }
/// Seeds the random generator from an `Int`.
public func seed(_ value: Int) { GlobalGenerator.seedInUse(UInt64(bitPattern: Int64(value))) }

/// The state of the random generator in use (the enclosing `withSeed` scope's, else the process-wide one), for
/// snapshots: restoring it with `setGeneratorState` makes the following draws repeat exactly.
public func generatorState() -> Philox { GlobalGenerator.shared.current }
/// Puts the random generator in use back to a state taken with `generatorState()`.
public func setGeneratorState(_ state: Philox) { GlobalGenerator.shared.current = state }
