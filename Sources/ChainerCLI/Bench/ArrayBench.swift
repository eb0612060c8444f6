import Chainer
import Foundation

/// The cases of ../shared/bench/numpy_bench.py with the same semantics: eager ops, a fresh result per call.
enum ArrayBench {
    /// Every case's name, in the order they run.
    static let caseNames = ["add_1M", "add_16M", "mul_add_16M", "exp_1M", "tanh_1M", "sum_16M", "sum_axis1_4096x4096",
                            "max_axis0_4096x4096", "transpose_copy_4096x4096", "matmul_1024", "nchw_to_nhwc_64x128x28x28",
                            "softmax_rows_4096x4096", "small_op_16"]

    static func run(only: Set<String>, reps: Int) {
        seed(0)
        let inputs = Inputs()
        let cases: [(String, () -> NDArray)] = [
            ("add_1M", { inputs.a1 + inputs.b1 }),
            ("add_16M", { inputs.a16 + inputs.b16 }),
            ("mul_add_16M", { inputs.a16 * 1.5 + inputs.b16 }),
            ("exp_1M", { inputs.a1.exp() }),
            ("tanh_1M", { inputs.a1.tanh() }),
            ("sum_16M", { inputs.a16.sum() }),
            ("sum_axis1_4096x4096", { inputs.square.sum(axis: 1) }),
            ("max_axis0_4096x4096", { inputs.square.max(axis: 0) }),
            ("transpose_copy_4096x4096", { inputs.square.T.contiguous() }),
            ("matmul_1024", { inputs.m.matmul(inputs.n) }),
            ("nchw_to_nhwc_64x128x28x28", { inputs.img.transposed([0, 2, 3, 1]).contiguous() }),
            ("softmax_rows_4096x4096", {
                let e = (inputs.square - inputs.square.max(axis: 1, keepDims: true)).exp()
                return e / e.sum(axis: 1, keepDims: true)
            }),
        ]
        for (name, f) in cases where only.isEmpty || only.contains(name) {
            let ms = BenchTimer.medianMilliseconds(reps: reps, f)
            BenchTimer.emit(["case": name, "ms": (ms * 1000).rounded() / 1000])
        }
        // Beyond NumPy's list: the fixed cost of one eager op on a tiny array, which bounds define-by-run overhead.
        if only.isEmpty || only.contains("small_op_16") {
            let h = NDArray.normal([16])
            let ms = BenchTimer.medianMilliseconds(reps: reps) {
                var x = h
                for _ in 0..<200 { x = (x * 1.0001 + 0.0001).tanh() }
                return x
            }
            BenchTimer.emit(["case": "small_op_16", "us_per_op": (ms * 1000 / 600 * 1000).rounded() / 1000])
        }
    }
}

/// Benchmark inputs, made on first use so that running one case does not pay for all of them.
private final class Inputs {
    lazy var a1 = NDArray.normal([1 << 20])
    lazy var b1 = NDArray.normal([1 << 20])
    lazy var a16 = NDArray.normal([1 << 24])
    lazy var b16 = NDArray.normal([1 << 24])
    lazy var m = NDArray.normal([1024, 1024])
    lazy var n = NDArray.normal([1024, 1024])
    lazy var img = NDArray.normal([64, 128, 28, 28])
    lazy var square = a16.reshaped([4096, 4096])
}
