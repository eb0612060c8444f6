import Chainer
import Foundation

/// The cases of ../shared/bench/numpy_bench.py with the same semantics: eager ops, a fresh result per call.
enum ArrayBench {
    static func run(only: Set<String>, reps: Int) {
        seed(0)
        let a1 = NDArray.normal([1 << 20]), b1 = NDArray.normal([1 << 20])
        let a16 = NDArray.normal([1 << 24]), b16 = NDArray.normal([1 << 24])
        let m = NDArray.normal([1024, 1024]), n = NDArray.normal([1024, 1024])
        let img = NDArray.normal([64, 128, 28, 28])
        let square = a16.reshaped([4096, 4096])
        let cases: [(String, () -> NDArray)] = [
            ("add_1M", { a1 + b1 }),
            ("add_16M", { a16 + b16 }),
            ("mul_add_16M", { a16 * 1.5 + b16 }),
            ("exp_1M", { a1.exp() }),
            ("tanh_1M", { a1.tanh() }),
            ("sum_16M", { a16.sum() }),
            ("sum_axis1_4096x4096", { square.sum(axis: 1) }),
            ("max_axis0_4096x4096", { square.max(axis: 0) }),
            ("transpose_copy_4096x4096", { square.T.contiguous() }),
            // MATMUL ("matmul_1024", { m.matmul(n) }),
            ("nchw_to_nhwc_64x128x28x28", { img.transposed([0, 2, 3, 1]).contiguous() }),
            ("softmax_rows_4096x4096", {
                let e = (square - square.max(axis: 1, keepDims: true)).exp()
                return e / e.sum(axis: 1, keepDims: true)
            }),
        ]
        for (name, f) in cases where only.isEmpty || only.contains(name) {
            let ms = BenchTimer.medianMilliseconds(reps: reps, f)
            BenchTimer.emit(["case": name, "ms": (ms * 1000).rounded() / 1000])
        }
    }
}
