import Chainer
import Foundation

/// The `lstm` and `resnet20` workloads of ../shared/bench: fixed-step training loops on random data.
enum ModelBench {
    /// The 2-layer LSTM language model (vocab 10000, 200 units), bptt 35, batch 20, SGD lr 1: 12 steps after 2.
    static func lstm(steps: Int = 12, bptt: Int = 35, batch: Int = 20) {
        seed(0)
        let model = LSTMLM(vocab: 10000, units: 200)
        let optimizer = SGD(lr: 1)
        optimizer.setup(model)
        func step() {
            let xs = NDArray.randint(0, 10000, shape: [bptt + 1, batch], dtype: .int32)
            optimizer.update { model(xs) }
        }
        let seconds = timed(warmUp: 2, steps: steps, step)
        BenchTimer.emit(["workload": "lstm", "tokens_per_s": TrainBench.rounded(Double(steps * bptt * batch) / seconds)])
    }

    /// ResNet-20 on a random 64×3×32×32 batch with MomentumSGD lr 0.1: 10 steps after 2.
    static func resnet20(steps: Int = 10, batch: Int = 64) {
        seed(0)
        let model = ResNet20()
        let optimizer = MomentumSGD(lr: 0.1)
        optimizer.setup(model)
        let x = Variable(NDArray.normal([batch, 3, 32, 32]), requiresGrad: false)
        let t = NDArray.randint(0, 10, shape: [batch], dtype: .int32)
        let seconds = timed(warmUp: 2, steps: steps) { optimizer.update { F.softmaxCrossEntropy(model(x), t) } }
        BenchTimer.emit(["workload": "resnet20", "images_per_s": TrainBench.rounded(Double(steps * batch) / seconds)])
    }

    /// Seconds taken by `steps` calls after `warmUp` untimed ones.
    static func timed(warmUp: Int, steps: Int, _ step: () -> Void) -> Double {
        for _ in 0..<warmUp { step() }
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { step() }
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }
}

/// The LSTM language model of ../shared/bench, unrolled step by step; returns the summed loss.
final class LSTMLM: ChainBase {
    let embed: L.EmbedID, l1: L.LSTM, l2: L.LSTM, out: L.Linear
    init(vocab: Int, units: Int) {
        embed = L.EmbedID(vocab, units); l1 = L.LSTM(units, units); l2 = L.LSTM(units, units); out = L.Linear(units, vocab)
        super.init()
    }
    func callAsFunction(_ xs: NDArray) -> Variable {
        l1.resetState(); l2.resetState()
        var loss: Variable?
        for t in 0..<(xs.shape[0] - 1) {
            let h = l2(l1(embed(xs[t])))
            let l = F.softmaxCrossEntropy(out(h), xs[t + 1])
            loss = loss.map { $0 + l } ?? l
        }
        return loss!
    }
}

/// A ResNet basic block: two 3×3 convolutions with BN, and a 1×1 projection shortcut when the shape changes.
final class ResBlock: Chain {
    let c1: L.Convolution2D, b1: L.BatchNormalization, c2: L.Convolution2D, b2: L.BatchNormalization
    let sc: L.Convolution2D?, bs: L.BatchNormalization?
    init(_ cin: Int, _ cout: Int, stride: Int) {
        c1 = L.Convolution2D(cin, cout, ksize: 3, stride: stride, pad: 1, noBias: true); b1 = L.BatchNormalization(cout)
        c2 = L.Convolution2D(cout, cout, ksize: 3, stride: 1, pad: 1, noBias: true); b2 = L.BatchNormalization(cout)
        let proj = !(stride == 1 && cin == cout)
        sc = proj ? L.Convolution2D(cin, cout, ksize: 1, stride: stride, pad: 0, noBias: true) : nil
        bs = proj ? L.BatchNormalization(cout) : nil
        super.init()
    }
    func callAsFunction(_ x: Variable) -> Variable {
        let h = b2(c2(F.relu(b1(c1(x)))))
        let shortcut = if let sc, let bs { bs(sc(x)) } else { x }
        return F.relu(h + shortcut)
    }
}

/// ResNet-20 for 32×32 inputs: 3 stages of 3 basic blocks (16, 32, 64 channels), global average pool, fc 64→10.
final class ResNet20: Chain {
    let c0 = L.Convolution2D(3, 16, ksize: 3, stride: 1, pad: 1, noBias: true), b0 = L.BatchNormalization(16)
    let blocks: [ResBlock]
    let fc = L.Linear(64, 10)
    override init() {
        var blocks: [ResBlock] = [], cin = 16
        for (cout, stride) in [(16, 1), (32, 2), (64, 2)] {
            for i in 0..<3 { blocks.append(ResBlock(cin, cout, stride: i == 0 ? stride : 1)); cin = cout }
        }
        self.blocks = blocks
        super.init()
    }
    func callAsFunction(_ x: Variable) -> Variable {
        var h = F.relu(b0(c0(x)))
        for b in blocks { h = b(h) }
        return fc(F.mean(h, axes: [2, 3]))
    }
}
