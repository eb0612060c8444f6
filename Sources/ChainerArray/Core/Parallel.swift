import Dispatch
import Foundation

/// Splits large kernels across cores. Work is cut into pieces whose boundaries depend only on the problem size, so
/// results are bit-identical for any thread count; `CHAINER_NUM_THREADS` sets the count (default: the cores).
public enum Parallel {
    /// Threads kernels may use.
    public static var threadCount: Int { configuredThreads }

    private static let configuredThreads: Int = {
        if let s = ProcessInfo.processInfo.environment["CHAINER_NUM_THREADS"], let n = Int(s), n > 0 { return n }
        return max(ProcessInfo.processInfo.activeProcessorCount, 1)
    }()

    /// Below this many elements of work a kernel stays on the calling thread. Waking a pool thread costs tens of
    /// microseconds, which a memory-bound pass over a few hundred thousand float32 elements does not earn back: on 2
    /// cores, 1 << 16 made resnet20 2-7% and lstm ~2% slower than 1 << 20. Between the two, 1 << 19 puts LeNet's
    /// 737k-element passes (max-pool scatter, bias and ReLU gradients) on both cores: lenet went from a median 6 181
    /// to 6 507 samples/s (4 interleaved pairs), with resnet20 and lstm unchanged within noise.
    static let minParallelWork = 1 << 19

    /// Runs `body(range)` over `0..<count` items, in contiguous item ranges on up to `threadCount` threads when the
    /// total work (`count * costPerItem`) is large enough to pay for the hand-off.
    static func forEach(_ count: Int, costPerItem: Int, _ body: (Range<Int>) -> Void) {
        let threads = min(threadCount, count)
        if threads <= 1 || count * max(costPerItem, 1) < minParallelWork {
            if count > 0 { body(0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            // concurrentPerform returns only after every iteration ran, so the non-escaping body outlives them all.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                let lo = count * t / threads, hi = count * (t + 1) / threads
                if lo < hi { body(lo..<hi) }
            }
        }
    }
}
