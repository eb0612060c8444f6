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

/// Keeps a few recently freed large buffers for reuse. Fresh large allocations come from mmap and pay a page fault
/// per 4 KiB on first touch, which costs more than the arithmetic of a memory-bound op (CuPy and PyTorch's CUDA
/// allocator cache for the same reason). Small buffers go straight to malloc, which already caches them.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()
    private let lock = NSLock()
    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var cachedBytes = 0
    /// Buffers at least this large are pooled.
    let minPooled = 1 << 20
    /// The most the pool holds; beyond it freed buffers go back to the system.
    let capacity: Int = {
        if let s = ProcessInfo.processInfo.environment["CHAINER_POOL_MB"], let mb = Int(s) { return mb << 20 }
        return 512 << 20
    }()

    private func bucket(_ n: Int) -> Int { n < minPooled ? n : (n + 4095) & ~4095 }

    func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        let size = bucket(max(byteCount, 1))
        if size >= minPooled {
            lock.lock()
            if var list = free[size], let p = list.popLast() {
                free[size] = list
                cachedBytes -= size
                lock.unlock()
                return p
            }
            lock.unlock()
        }
        // Cache-line alignment matters for large vectorised loops. Small blocks come from malloc itself (16-byte
        // aligned on the 64-bit targets; elements need at most 8): Swift's allocate always takes the aligned path
        // (posix_memalign on Linux), which costs more than the op on the tiny arrays every define-by-run op makes.
        if size < 4096, let p = malloc(size) { return p }
        return UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
    }

    func release(_ p: UnsafeMutableRawPointer, _ byteCount: Int) {
        let size = bucket(max(byteCount, 1))
        if size >= minPooled && size <= capacity / 4 {
            lock.lock()
            if cachedBytes + size <= capacity {
                free[size, default: []].append(p)
                cachedBytes += size
                lock.unlock()
                return
            }
            lock.unlock()
        }
        if size < 4096 { freeMallocBlock(p) } else { p.deallocate() }
    }

    /// Returns every cached buffer to the system.
    func drain() {
        lock.lock()
        for (_, list) in free { for p in list { p.deallocate() } }
        free = [:]
        cachedBytes = 0
        lock.unlock()
    }
}

/// Returns a block from `malloc` (outside `BufferPool`, whose `free` lists shadow the C function).
private func freeMallocBlock(_ p: UnsafeMutableRawPointer) { free(p) }
