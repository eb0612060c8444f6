import Testing
@testable import ChainerArray

/// The large-buffer pool reuses freed buffers and stays within its capacity, giving back the least recently freed.
@Suite struct BufferPoolTests {
    static let mb = 1 << 20

    /// Asks for a size once and gives it back, so the pool has seen it requested (and keeps it from then on).
    static func warm(_ pool: BufferPool, _ size: Int) { pool.release(pool.allocate(size), size) }

    @Test func keepsOnlySizesAskedForMoreThanOnce() {
        let pool = BufferPool(capacity: 8 * Self.mb)
        Self.warm(pool, 2 * Self.mb)
        #expect(pool.cachedBytes == 0, "a size asked for once goes straight back to the system")
        Self.warm(pool, 2 * Self.mb)
        #expect(pool.cachedBytes == 2 * Self.mb)
        pool.drain()
    }

    @Test func reusesAFreedBufferOfTheSameSize() {
        let pool = BufferPool(capacity: 8 * Self.mb)
        Self.warm(pool, 2 * Self.mb)
        let a = pool.allocate(2 * Self.mb)
        pool.release(a, 2 * Self.mb)
        #expect(pool.cachedBytes == 2 * Self.mb)
        let b = pool.allocate(2 * Self.mb)
        #expect(a == b, "a same-size request takes the cached buffer")
        #expect(pool.cachedBytes == 0)
        pool.release(b, 2 * Self.mb)
        pool.drain()
        #expect(pool.cachedBytes == 0 && pool.cachedCounts.isEmpty)
    }

    @Test func evictsTheLeastRecentlyFreedBeyondCapacity() {
        let pool = BufferPool(capacity: 8 * Self.mb)
        // A size not asked for again, then a working set that cycles: the stale buffer must leave first.
        for size in [3 * Self.mb, 2 * Self.mb, Self.mb + 4096, 4 * Self.mb] { Self.warm(pool, size) }
        let stale = pool.allocate(3 * Self.mb)
        pool.release(stale, 3 * Self.mb)
        for _ in 0..<4 {
            let x = pool.allocate(2 * Self.mb), y = pool.allocate(Self.mb + 4096)
            pool.release(x, 2 * Self.mb)
            pool.release(y, Self.mb + 4096)
        }
        #expect(pool.cachedCounts[3 * Self.mb] == 1, "below capacity nothing is evicted")
        let big = pool.allocate(4 * Self.mb)
        pool.release(big, 4 * Self.mb)   // 3 + 2 + 1 + 4 MiB > 8 MiB: the 3 MiB buffer, freed first, goes
        #expect(pool.cachedCounts[3 * Self.mb] == nil)
        #expect(pool.cachedCounts[4 * Self.mb] == 1 && pool.cachedCounts[2 * Self.mb] == 1)
        #expect(pool.cachedBytes <= pool.capacity)
        pool.drain()
    }

    @Test func activationSizedBuffersArePooled() {
        let pool = BufferPool(capacity: 8 * Self.mb)
        let size = 100 * 1000 * 4   // one float32 activation of a batch of 100 with 1000 units
        Self.warm(pool, size)
        let a = pool.allocate(size)
        pool.release(a, size)
        let b = pool.allocate(size)
        #expect(b == a, "a 400 KB buffer is reused, not left to malloc's heap")
        pool.release(b, size)
        pool.drain()
    }

    /// A working set larger than the capacity, freed and asked for again as a training step does, stays pooled whole.
    @Test func aWorkingSetBeyondCapacityIsKeptWhole() {
        let pool = BufferPool(capacity: 4 * Self.mb)
        Self.warm(pool, 2 * Self.mb)
        let step = (0..<3).map { _ in pool.allocate(2 * Self.mb) }   // 6 MiB in use at once
        for p in step { pool.release(p, 2 * Self.mb) }
        #expect(pool.highWater == 6 * Self.mb && pool.limit == 12 * Self.mb)
        #expect(pool.cachedBytes == 6 * Self.mb, "the next step finds its whole working set cached")
        let again = (0..<3).map { _ in pool.allocate(2 * Self.mb) }
        #expect(Set(again) == Set(step) && pool.cachedBytes == 0)
        for p in again { pool.release(p, 2 * Self.mb) }
        pool.drain()
        let off = BufferPool(capacity: 0)
        Self.warm(off, 2 * Self.mb)
        Self.warm(off, 2 * Self.mb)
        #expect(off.cachedBytes == 0, "capacity 0 turns pooling off")
    }

    @Test func smallAndOversizedBuffersAreNotPooled() {
        let pool = BufferPool(capacity: 8 * Self.mb)
        let small = pool.allocate(1000), huge = pool.allocate(5 * Self.mb)
        pool.release(small, 1000)
        pool.release(huge, 5 * Self.mb)   // more than half the capacity
        #expect(pool.cachedBytes == 0)
    }
}
