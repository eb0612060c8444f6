/// The fused LSTM cell activation (one kernel pass each way for float32 and float64): gates are recomputed from the
/// retained `x` in backward, so only the inputs and the new cell state are kept.
final class LSTMActivation: FunctionNode {
    var batch = 0, units = 0, rest: [Int] = []
    override var label: String { "LSTM" }

    /// Gate `k` (a, i, f, o) of an interleaved (B, 4H, …) array, as a (B, H, …) view.
    private func gate(_ x: NDArray, _ k: Int) -> NDArray {
        x.reshaped([batch, units, 4] + rest)[indices: [.all, .all, .index(k)]]
    }

    override func forward(_ xs: [NDArray]) -> [NDArray] {
        let cPrev = xs[0], x = xs[1]
        batch = x.shape[0]; units = x.shape[1] / 4; rest = Array(x.shape[2...])
        retainInputs([0, 1])
        retainOutputs([0])
        let extra = batch < cPrev.shape[0]
        let head = extra ? cPrev[indices: [.slice(0, batch)]] : cPrev
        if NDArray.lstmCellFuses(head, x) {
            let (c, h) = NDArray.lstmCell(head, x)
            return [extra ? NDArray.concatenate([c, cPrev[indices: [.slice(batch, nil)]]], axis: 0) : c, h]
        }
        let a = gate(x, 0).tanh(), i = gate(x, 1).sigmoid(), f = gate(x, 2).sigmoid(), o = gate(x, 3).sigmoid()
        let c = a * i + f * head
        let h = o * c.tanh()
        if !extra { return [c, h] }
        return [NDArray.concatenate([c, cPrev[indices: [.slice(batch, nil)]]], axis: 0), h]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let cPrev = retainedInput(0), x = retainedInput(1)
        let zeros = { (shape: [Int]) in Variable.constant(NDArray.zeros(shape, dtype: x.dtype)) }
        let gates = F.separate(F.reshape(x, [batch, units, 4] + rest), axis: 2)
        let a = F.tanh(gates[0]), i = F.sigmoid(gates[1]), f = F.sigmoid(gates[2]), o = F.sigmoid(gates[3])
        let extra = cPrev.shape[0] > batch
        let head = extra ? F.getItem(cPrev, [.slice(0, batch)]) : cPrev
        let tc = F.tanh(a * i + f * head)
        let gcFull = gy[0] ?? zeros(cPrev.shape)
        let gc = extra ? F.getItem(gcFull, [.slice(0, batch)]) : gcFull
        let gh = gy[1] ?? zeros(tc.shape)
        let gcTotal = gc + gh * o * (1.0 - tc * tc)
        let gx = F.stack([gcTotal * i * (1.0 - a * a), gcTotal * a * i * (1.0 - i),
                          gcTotal * head * f * (1.0 - f), gh * tc * o * (1.0 - o)], axis: 2)
        return indexes.map { k in
            if k == 1 { return F.reshape(gx, x.shape) }
            let gHead = gcTotal * f
            return extra ? F.concat([gHead, F.getItem(gcFull, [.slice(batch, nil)])], axis: 0) : gHead
        }
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let cPrev = retainedInputArray(0), x = retainedInputArray(1)
        let extra = cPrev.shape[0] > batch
        let head = extra ? cPrev[indices: [.slice(0, batch)]] : cPrev
        if NDArray.lstmCellFuses(head, x) {
            let batch = self.batch
            let rows = { (a: NDArray) in extra ? a[indices: [.slice(0, batch)]] : a }
            let g = NDArray.lstmCellGrad(head, x, c: rows(retainedOutputArray(0)), gc: gy[0].map(rows), gh: gy[1])
            return indexes.map { k in
                if k == 1 { return g.gx }
                guard extra else { return g.gcPrev }
                let rest = gy[0].map { $0[indices: [.slice(batch, nil)]] }
                    ?? NDArray.zeros([cPrev.shape[0] - batch] + Array(cPrev.shape.dropFirst()), dtype: x.dtype)
                return NDArray.concatenate([g.gcPrev, rest.cast(x.dtype)], axis: 0)
            }
        }
        let a = gate(x, 0).tanh(), i = gate(x, 1).sigmoid(), f = gate(x, 2).sigmoid(), o = gate(x, 3).sigmoid()
        let cOut = retainedOutputArray(0)
        let tc = (extra ? cOut[indices: [.slice(0, batch)]] : cOut).tanh()
        let gcFull = gy[0] ?? NDArray.zeros(cPrev.shape, dtype: x.dtype)
        let gc = extra ? gcFull[indices: [.slice(0, batch)]] : gcFull
        var gcTotal = gc
        if let gh = gy[1] { gcTotal = gc + gh * o * (1 - tc.square()) }
        return indexes.map { k in
            if k == 1 {
                var gx = NDArray.zeros([batch, units, 4] + rest, dtype: x.dtype)
                gx[indices: [.all, .all, .index(0)]] = gcTotal * i * (1 - a.square())
                gx[indices: [.all, .all, .index(1)]] = gcTotal * a * i * (1 - i)
                gx[indices: [.all, .all, .index(2)]] = gcTotal * head * f * (1 - f)
                if let gh = gy[1] { gx[indices: [.all, .all, .index(3)]] = gh * tc * o * (1 - o) }
                return gx.reshaped(x.shape)
            }
            let gHead = gcTotal * f
            return extra ? NDArray.concatenate([gHead, gcFull[indices: [.slice(batch, nil)]]], axis: 0) : gHead
        }
    }
}

extension F {
    /// The LSTM cell activation (Chainer's `lstm`): `x` of shape (B, 4H, …) holds the gates interleaved per unit,
    /// so that `x.reshape(B, H, 4, …)[:, :, k]` is the cell input a (k = 0), input gate i (1), forget gate f (2)
    /// and output gate o (3). Returns the new cell c = tanh(a)·σ(i) + σ(f)·cPrev and output h = σ(o)·tanh(c).
    /// `cPrev` may have more rows than `x`; the extra rows pass through to c unchanged (h has B rows).
    public static func lstm(_ cPrev: Variable, _ x: Variable, file: StaticString = #fileID, line: UInt = #line) -> (c: Variable, h: Variable) {
        precondition(x.ndim >= 2 && x.shape[1] % 4 == 0 && cPrev.ndim == x.ndim && cPrev.shape[0] >= x.shape[0]
                     && cPrev.shape[1] * 4 == x.shape[1] && Array(cPrev.shape[2...]) == Array(x.shape[2...])
                     && cPrev.dtype == x.dtype,
                     "lstm: c of shape \(cPrev.shape) (\(cPrev.dtype)) does not fit x of shape \(x.shape) (\(x.dtype)) (\(file):\(line))")
        let ys = LSTMActivation().apply([cPrev, x], file: file, line: line)
        return (ys[0], ys[1])
    }
}
