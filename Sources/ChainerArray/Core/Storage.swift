import Foundation

/// A reference-counted block of memory that one or more `NDArray` views read. Blocks under 4 KiB live in the
/// object itself, 8-byte aligned (one allocation per array: define-by-run makes several tiny arrays per op); larger
/// ones are 64-byte aligned and come from `BufferPool`.
public final class Storage: ManagedBuffer<StorageHeader, UInt64> {
    /// Blocks smaller than this many bytes are allocated inline.
    static let inlineLimit = 4096

    /// Allocates `byteCount` uninitialised bytes on the CPU.
    public static func allocate(byteCount: Int) -> Storage {
        if byteCount < inlineLimit {
            // 8-byte elements: enough for every dtype, and a stricter alignment sends the object through posix_memalign.
            let block = create(minimumCapacity: (byteCount + 7) / 8) { buffer in
                StorageHeader(data: UnsafeMutableRawPointer(buffer.withUnsafeMutablePointerToElements { $0 }),
                              byteCount: byteCount, pooled: false)
            }
            return unsafeDowncast(block, to: Storage.self)
        }
        let data = BufferPool.shared.allocate(byteCount)
        let block = create(minimumCapacity: 0) { _ in StorageHeader(data: data, byteCount: byteCount, pooled: true) }
        return unsafeDowncast(block, to: Storage.self)
    }

    /// Allocates `byteCount` zeroed bytes on the CPU.
    static func allocate(zeroedByteCount byteCount: Int) -> Storage {
        let s = allocate(byteCount: byteCount)
        memset(s.data, 0, byteCount)
        return s
    }

    // The header is read through its pointer: `ManagedBuffer.header` is a stored property, so each use would pay
    // the runtime's exclusivity check.

    /// Start of the block.
    public var data: UnsafeMutableRawPointer { withUnsafeMutablePointerToHeader { $0.pointee.data } }
    /// Size of the block in bytes.
    public var byteCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.byteCount } }
    /// Where the block lives.
    public var device: Device { .cpu }

    deinit {
        withUnsafeMutablePointerToHeader { h in
            if h.pointee.pooled { BufferPool.shared.release(h.pointee.data, h.pointee.byteCount) }
        }
    }
}

/// What a `Storage` object records about its block.
public struct StorageHeader: @unchecked Sendable {
    /// Start of the block (inside the object, or from `BufferPool`).
    let data: UnsafeMutableRawPointer
    /// Size of the block in bytes.
    let byteCount: Int
    /// Whether the block came from `BufferPool` (and goes back there).
    let pooled: Bool
}

/// Keeps recently freed large buffers for reuse. Fresh large allocations pay a page fault per 4 KiB on first touch,
/// which costs more than the arithmetic of a memory-bound op (CuPy and PyTorch's CUDA allocator cache for the same
/// reason). Buffers under `minPooled` (glibc's initial mmap threshold) go straight to malloc, which already caches them.
/// Larger ones, activations included, are mapped directly, so one given back leaves the process at once: through
/// malloc it would raise glibc's mmap threshold and then sit in a heap that is only trimmed from the top (5 MB of
/// `chainer bench mlp`'s peak RSS when the pool started at 1 MiB). Only sizes asked for more than once are kept (a
/// one-off such as a dataset's conversion temporary leaves at once). The pool holds at most `limit` bytes, giving the
/// least recently freed buffers back first: `capacity`, or twice the most the program has had in use at once when
/// that is more, since a training step frees and asks again for its whole working set, in sizes that do not all
/// line up (resnet20's 600 MB of activations and columns faulted 1.5 million pages in 12 steps under a fixed 128 MB,
/// 420 thousand under the high-water mark, and only the first touch, 150 thousand, under twice it, with the same
/// peak RSS).
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool(capacity: {
        if let s = ProcessInfo.processInfo.environment["CHAINER_POOL_MB"], let mb = Int(s), mb >= 0 { return mb << 20 }
        return 128 << 20
    }())

    private struct Entry { let pointer: UnsafeMutableRawPointer; let stamp: Int }
    private let lock = NSLock()
    /// Cached buffers by size, oldest first.
    private var free: [Int: [Entry]] = [:]
    private var clock = 0
    /// How many times each large size was asked for (up to 2: all the rule needs), for at most `maxTrackedSizes`.
    private var requests: [Int: Int] = [:]
    private let maxTrackedSizes = 4096
    /// Bytes the pool holds now.
    private(set) var cachedBytes = 0
    /// Buffers at least this large are pooled (128 KiB).
    let minPooled = 1 << 17
    /// The least the pool may hold (0 turns pooling off).
    let capacity: Int
    /// Bytes of pooled sizes handed out and not given back yet.
    private var liveBytes = 0
    /// The most bytes of pooled sizes ever in use at once.
    private(set) var highWater = 0
    /// The most the pool holds: `capacity`, or twice the high-water mark of use when that is larger; beyond it the
    /// least recently freed buffers go back to the system.
    var limit: Int { capacity == 0 ? 0 : Swift.max(capacity, 2 * highWater) }

    /// A pool holding at least `capacity` bytes.
    init(capacity: Int) { self.capacity = capacity }

    private func bucket(_ n: Int) -> Int { n < minPooled ? n : (n + 4095) & ~4095 }

    func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let size = bucket(max(byteCount, 1))
        if size >= minPooled {
            lock.lock()
            if requests.count >= maxTrackedSizes && requests[size] == nil { requests = [:] }
            requests[size] = Swift.min((requests[size] ?? 0) + 1, 2)
            liveBytes += size
            highWater = Swift.max(highWater, liveBytes)
            if var list = free[size], let e = list.popLast() {
                free[size] = list.isEmpty ? nil : list
                cachedBytes -= size
                lock.unlock()
                return e.pointer
            }
            lock.unlock()
        }
        if size >= minPooled { return Self.map(size) }
        // Cache-line alignment matters for large vectorised loops (small blocks live inside `Storage` instead).
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
    }

    /// Fresh zero pages (page-aligned, so cache-line aligned too).
    private static func map(_ size: Int) -> UnsafeMutableRawPointer {
        let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let p, p != MAP_FAILED else { fatalError("Storage: out of memory mapping \(size) bytes") }
        return p
    }

    private static func unmap(_ p: UnsafeMutableRawPointer, _ size: Int) { munmap(p, size) }

    func release(_ p: UnsafeMutableRawPointer, _ byteCount: Int) {
        let size = bucket(max(byteCount, 1))
        guard size >= minPooled else { p.deallocate(); return }
        var evicted: [(UnsafeMutableRawPointer, Int)] = []
        lock.lock()
        liveBytes -= size
        let limit = self.limit
        guard requests[size] == 2, size <= limit / 2 else { lock.unlock(); Self.unmap(p, size); return }
        clock += 1
        free[size, default: []].append(Entry(pointer: p, stamp: clock))
        cachedBytes += size
        while cachedBytes > limit, let oldestSize = free.min(by: { $0.value[0].stamp < $1.value[0].stamp })?.key {
            var list = free[oldestSize]!
            evicted.append((list.removeFirst().pointer, oldestSize))
            free[oldestSize] = list.isEmpty ? nil : list
            cachedBytes -= oldestSize
        }
        lock.unlock()
        for (q, n) in evicted { Self.unmap(q, n) }
    }

    /// Returns every cached buffer to the system.
    func drain() {
        lock.lock()
        let all = free.flatMap { size, list in list.map { ($0.pointer, size) } }
        free = [:]
        cachedBytes = 0
        lock.unlock()
        for (p, size) in all { Self.unmap(p, size) }
    }

    /// Buffers cached per size (for tests).
    var cachedCounts: [Int: Int] {
        lock.lock()
        defer { lock.unlock() }
        return free.mapValues(\.count)
    }
}
