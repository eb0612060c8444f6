import Foundation

/// A reference-counted, 64-byte aligned block of memory that one or more `NDArray` views read.
public final class Storage: @unchecked Sendable {
    /// Start of the block.
    public let data: UnsafeMutableRawPointer
    /// Size of the block in bytes.
    public let byteCount: Int
    /// Where the block lives.
    public let device: Device

    /// Allocates `byteCount` uninitialised bytes on the CPU.
    public init(byteCount: Int) {
        self.byteCount = byteCount
        self.device = .cpu
        self.data = BufferPool.shared.allocate(byteCount)
    }

    /// Allocates `byteCount` zeroed bytes on the CPU.
    convenience init(zeroedByteCount byteCount: Int) {
        self.init(byteCount: byteCount)
        memset(data, 0, byteCount)
    }

    deinit { BufferPool.shared.release(data, byteCount) }
}

/// Keeps recently freed large buffers for reuse. Fresh large allocations pay a page fault per 4 KiB on first touch,
/// which costs more than the arithmetic of a memory-bound op (CuPy and PyTorch's CUDA allocator cache for the same
/// reason). Small buffers go straight to malloc, which already caches them. Large ones are mapped directly, so one
/// given back leaves the process at once (through malloc it would raise glibc's mmap threshold and then sit in a heap
/// that is only trimmed from the top). Only sizes asked for more than once are kept (a one-off such as a dataset's
/// conversion temporary leaves at once), and the pool holds at most `capacity` bytes, giving the least recently freed
/// buffers back first.
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
    /// Buffers at least this large are pooled.
    let minPooled = 1 << 20
    /// The most the pool holds; beyond it the least recently freed buffers go back to the system.
    let capacity: Int

    /// A pool holding at most `capacity` bytes.
    init(capacity: Int) { self.capacity = capacity }

    private func bucket(_ n: Int) -> Int { n < minPooled ? n : (n + 4095) & ~4095 }

    func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let size = bucket(max(byteCount, 1))
        if size >= minPooled {
            lock.lock()
            if requests.count >= maxTrackedSizes && requests[size] == nil { requests = [:] }
            requests[size] = Swift.min((requests[size] ?? 0) + 1, 2)
            if var list = free[size], let e = list.popLast() {
                free[size] = list.isEmpty ? nil : list
                cachedBytes -= size
                lock.unlock()
                return e.pointer
            }
            lock.unlock()
        }
        if size >= minPooled { return Self.map(size) }
        // Cache-line alignment matters for vectorised loops; small blocks take malloc's 16 (posix_memalign is several
        // times slower, and tiny arrays are made on every define-by-run op).
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: size >= 4096 ? 64 : 16)
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
        guard size <= capacity / 2 else { Self.unmap(p, size); return }
        var evicted: [(UnsafeMutableRawPointer, Int)] = []
        lock.lock()
        guard requests[size] == 2 else { lock.unlock(); Self.unmap(p, size); return }
        clock += 1
        free[size, default: []].append(Entry(pointer: p, stamp: clock))
        cachedBytes += size
        while cachedBytes > capacity, let oldestSize = free.min(by: { $0.value[0].stamp < $1.value[0].stamp })?.key {
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
