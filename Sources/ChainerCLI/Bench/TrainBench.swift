import Chainer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `mlp` and `lenet` workloads of ../shared/bench: the bare training loop (no Trainer) on the embedded MNIST.
enum TrainBench {
    /// The MLP 784-1000-1000-10 with Adam, batch 100, 3 epochs; also prints the GEMM-only ceiling.
    static func mlp() throws {
        seed(0)
        let (train, test) = try Datasets.mnist()
        releaseLoadingMemory()
        let model = MLP(1000)
        let rate = Self.train(model, train.arrays[0], train.arrays[1], batchSize: 100, epochs: 3)
        let ceiling = gemmCeiling(batchSize: 100, sizes: [784, 1000, 1000, 10])
        BenchTimer.emit(["workload": "mlp", "samples_per_s": rounded(rate), "test_acc": accuracy(model, test),
                         "gemm_ceiling_samples_per_s": rounded(ceiling)])
    }

    /// LeNet with Adam, batch 64, 1 epoch.
    static func lenet() throws {
        seed(0)
        let (train, test) = try Datasets.mnist(ndim: 3)
        releaseLoadingMemory()
        let model = LeNet()
        let rate = Self.train(model, train.arrays[0], train.arrays[1], batchSize: 64, epochs: 1)
        BenchTimer.emit(["workload": "lenet", "samples_per_s": rounded(rate), "test_acc": accuracy(model, test)])
    }

    /// Samples per second of the loop, timed from the 6th iteration as the peers do.
    static func train(_ model: Link & ChainCall, _ xs: NDArray, _ ys: NDArray, batchSize bs: Int, epochs: Int) -> Double {
        let optimizer = Adam()
        optimizer.setup(model)
        let n = xs.shape[0]
        var t0: UInt64 = 0, seen = 0
        for epoch in 0..<epochs {
            let perm = NDArray.permutation(n)
            for i in stride(from: 0, through: n - bs, by: bs) {
                if epoch == 0 && i == bs * 5 { t0 = DispatchTime.now().uptimeNanoseconds; seen = 0 }
                let idx = perm[i..<(i + bs)]
                let x = Variable(xs.take(idx, axis: 0), requiresGrad: false), t = ys.take(idx, axis: 0)
                optimizer.update { F.softmaxCrossEntropy(model(x), t) }
                seen += bs
            }
        }
        return Double(seen) / (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }

    /// Test accuracy in test mode without the graph, in batches of 500 so the activations of the whole test set are
    /// never resident at once (the same count of correct answers as one batch).
    static func accuracy(_ model: ChainCall, _ test: TupleDataset) -> Double {
        let xs = test.arrays[0], ts = test.arrays[1], n = xs.shape[0], bs = 500
        var correct = 0.0
        usingConfig(\.train, false) {
            noBackpropMode {
                for i in stride(from: 0, to: n, by: bs) {
                    let j = min(i + bs, n)
                    let acc = F.accuracy(model(Variable(xs[i..<j], requiresGrad: false)), ts[i..<j]).item()
                    correct += (acc * Double(j - i)).rounded()
                }
            }
        }
        return correct / Double(max(n, 1))
    }

    /// Samples per second if a step cost only its GEMMs: per layer the GEMMs `F.linear` runs, through the same calls
    /// — the forward `x Wᵀ + b` (onto bias rows), the weight gradient `gyᵀ x` and (above the first layer) the input
    /// gradient `gy W`.
    static func gemmCeiling(batchSize bs: Int, sizes: [Int]) -> Double {
        var ms = 0.0
        for l in 0..<(sizes.count - 1) {
            let x = NDArray.uniform([bs, sizes[l]]), w = NDArray.uniform([sizes[l + 1], sizes[l]])
            let b = NDArray.uniform([sizes[l + 1]]), gy = NDArray.uniform([bs, sizes[l + 1]])
            ms += BenchTimer.medianMilliseconds(reps: 20) { NDArray.linear(x, w, bias: b) }
            ms += BenchTimer.medianMilliseconds(reps: 20) { NDArray.linearGradW(x, gy) }
            if l > 0 { ms += BenchTimer.medianMilliseconds(reps: 20) { gy.matmul(w) } }
        }
        return Double(bs) / (ms / 1e3)
    }

    /// Gives the heap pages freed by loading the data back to the system. Decompressing the dataset frees buffers of
    /// several MB, which raises glibc's trim threshold to twice their size, so without this the freed heap stays
    /// resident for the whole run.
    static func releaseLoadingMemory() {
        #if canImport(Glibc)
        // malloc.h is not in the Glibc module; the symbol is looked up in the process instead.
        typealias Trim = @convention(c) (Int) -> Int32
        if let handle = dlopen(nil, RTLD_NOW), let f = dlsym(handle, "malloc_trim") {
            _ = unsafeBitCast(f, to: Trim.self)(0)
        }
        #endif
    }

    static func rounded(_ v: Double) -> Double { (v * 10).rounded() / 10 }
}
