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
        // Cache-line alignment matters for large vectorised loops (small blocks live inside `Storage` instead).
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
        p.deallocate()
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
