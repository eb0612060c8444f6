import ChainerArray

/// Chainer's n-step RNN functions (`n_step_lstm`, `n_step_gru`, `n_step_rnn` and their bidirectional forms), built
/// from differentiable primitives as Chainer's CPU path is. `xs` are the sequences, (length, inSize) each, sorted by
/// decreasing length; `hx` (and `cx`) are (layers × directions, batch, outSize); `ws[k]` and `bs[k]` are the weights
/// and biases of layer k (direction d at k = 2·layer + d), in Chainer's order and shapes. Dropout applies to the
/// inputs of every layer but the first.
extension F {
    /// The cell an n-step RNN runs at each time step: (x, h, c, weights, biases) → (h, c).
    typealias RecurrentCell = (Variable, Variable, Variable?, [Variable], [Variable]) -> (Variable, Variable?)

    /// Chainer's `n_step_lstm`: returns the last hidden and cell states and each sequence's outputs.
    public static func nStepLSTM(_ nLayers: Int, _ dropoutRatio: Double, _ hx: Variable, _ cx: Variable,
                                 _ ws: [[Variable]], _ bs: [[Variable]], _ xs: [Variable]) -> (hy: Variable, cy: Variable, ys: [Variable]) {
        let r = nStepRNNImpl(lstmCell, nLayers, dropoutRatio, hx, cx, ws, bs, xs, bidirectional: false)
        return (r.hy, r.cy!, r.ys)
    }

    /// Chainer's `n_step_bilstm`: outputs are the forward and backward states side by side (2·outSize).
    public static func nStepBiLSTM(_ nLayers: Int, _ dropoutRatio: Double, _ hx: Variable, _ cx: Variable,
                                   _ ws: [[Variable]], _ bs: [[Variable]], _ xs: [Variable]) -> (hy: Variable, cy: Variable, ys: [Variable]) {
        let r = nStepRNNImpl(lstmCell, nLayers, dropoutRatio, hx, cx, ws, bs, xs, bidirectional: true)
        return (r.hy, r.cy!, r.ys)
    }

    /// Chainer's `n_step_gru`.
    public static func nStepGRU(_ nLayers: Int, _ dropoutRatio: Double, _ hx: Variable, _ ws: [[Variable]],
                                _ bs: [[Variable]], _ xs: [Variable]) -> (hy: Variable, ys: [Variable]) {
        let r = nStepRNNImpl(gruCell, nLayers, dropoutRatio, hx, nil, ws, bs, xs, bidirectional: false)
        return (r.hy, r.ys)
    }

    /// Chainer's `n_step_bigru`.
    public static func nStepBiGRU(_ nLayers: Int, _ dropoutRatio: Double, _ hx: Variable, _ ws: [[Variable]],
                                  _ bs: [[Variable]], _ xs: [Variable]) -> (hy: Variable, ys: [Variable]) {
        let r = nStepRNNImpl(gruCell, nLayers, dropoutRatio, hx, nil, ws, bs, xs, bidirectional: true)
        return (r.hy, r.ys)
    }

    /// The activation of a plain n-step RNN (Chainer's `activation='tanh'` or `'relu'`).
    public enum RNNActivation: Sendable { case tanh, relu }

    /// Chainer's `n_step_rnn`: `h = activation(x W0ᵀ + b0 + h W1ᵀ + b1)`.
    public static func nStepRNN(_ nLayers: Int, _ dropoutRatio: Double, _ hx: Variable, _ ws: [[Variable]],
                                _ bs: [[Variable]], _ xs: [Variable], activation: RNNActivation = .tanh) -> (hy: Variable, ys: [Variable]) {
        let r = nStepRNNImpl(plainCell(activation), nLayers, dropoutRatio, hx, nil, ws, bs, xs, bidirectional: false)
        return (r.hy, r.ys)
    }

    /// Chainer's `n_step_birnn`.
    public static func nStepBiRNN(_ nLayers: Int, _ dropoutRatio: Double, _ hx: Variable, _ ws: [[Variable]],
                                  _ bs: [[Variable]], _ xs: [Variable], activation: RNNActivation = .tanh) -> (hy: Variable, ys: [Variable]) {
        let r = nStepRNNImpl(plainCell(activation), nLayers, dropoutRatio, hx, nil, ws, bs, xs, bidirectional: true)
        return (r.hy, r.ys)
    }

    /// Chainer's LSTM step: w0…w3 act on x and w4…w7 on h, for the input, forget, cell-input and output gates;
    /// stacked per unit in the (a, i, f, o) order `F.lstm` reads.
    private static func lstmCell(_ x: Variable, _ h: Variable, _ c: Variable?, _ w: [Variable], _ b: [Variable]) -> (Variable, Variable?) {
        func interleaved(_ parts: [Variable]) -> Variable {
            let s = F.stack(parts, axis: 1)
            return F.reshape(s, [s.shape[0] * s.shape[1]] + Array(s.shape.dropFirst(2)))
        }
        let gates = F.linear(x, interleaved([w[2], w[0], w[1], w[3]]), interleaved([b[2], b[0], b[1], b[3]]))
            + F.linear(h, interleaved([w[6], w[4], w[5], w[7]]), interleaved([b[6], b[4], b[5], b[7]]))
        let (cNew, hNew) = F.lstm(c!, gates)
        return (hNew, cNew)
    }

    /// Chainer's GRU step: w0…w2 on x and w3…w5 on h, for the reset gate, update gate and candidate.
    private static func gruCell(_ x: Variable, _ h: Variable, _ c: Variable?, _ w: [Variable], _ b: [Variable]) -> (Variable, Variable?) {
        let gx = F.splitAxis(F.linear(x, F.concat([w[0], w[1], w[2]], axis: 0), F.concat([b[0], b[1], b[2]], axis: 0)), 3, axis: 1)
        let gh = F.splitAxis(F.linear(h, F.concat([w[3], w[4], w[5]], axis: 0), F.concat([b[3], b[4], b[5]], axis: 0)), 3, axis: 1)
        let r = F.sigmoid(gx[0] + gh[0]), z = F.sigmoid(gx[1] + gh[1])
        let candidate = F.tanh(gx[2] + r * gh[2])
        return ((1.0 - z) * candidate + z * h, nil)
    }

    private static func plainCell(_ activation: RNNActivation) -> RecurrentCell {
        { x, h, _, w, b in
            let pre = F.linear(x, w[0], b[0]) + F.linear(h, w[1], b[1])
            return (activation == .tanh ? F.tanh(pre) : F.relu(pre), nil)
        }
    }

    /// Chainer's `n_step_rnn_impl`: each layer (and direction) runs its cell over time on the sequences still going
    /// (the first `batch` rows); the other rows keep their state, so a finished sequence keeps its last one and, run
    /// backwards, a sequence not yet begun starts from `hx`.
    private static func nStepRNNImpl(_ cell: RecurrentCell, _ nLayers: Int, _ dropoutRatio: Double, _ hx: Variable,
                                     _ cx: Variable?, _ ws: [[Variable]], _ bs: [[Variable]], _ xs: [Variable],
                                     bidirectional: Bool) -> (hy: Variable, cy: Variable?, ys: [Variable]) {
        let directions = bidirectional ? 2 : 1
        precondition(!xs.isEmpty, "nStepRNN: xs is empty")
        precondition(zip(xs, xs.dropFirst()).allSatisfy { $0.shape[0] >= $1.shape[0] },
                     "nStepRNN: xs must be sorted by decreasing length, got lengths \(xs.map { $0.shape[0] })")
        precondition(hx.shape.count == 3 && hx.shape[0] == nLayers * directions && hx.shape[1] == xs.count,
                     "nStepRNN: hx has shape \(hx.shape), expected (\(nLayers * directions), \(xs.count), outSize)")
        precondition(ws.count == nLayers * directions && bs.count == ws.count,
                     "nStepRNN: \(ws.count) weight lists for \(nLayers) layers × \(directions) directions")
        if xs[0].shape[0] == 0 {
            // Every sequence is empty: the states pass through, as in Chainer.
            let width = hx.shape[2] * directions
            return (hx, cx, xs.map { _ in Variable(NDArray.zeros([0, width], dtype: hx.dtype), requiresGrad: false) })
        }
        let hs = F.separate(hx), cs = cx.map { F.separate($0) }
        var sequence = timeMajor(xs)
        var hy: [Variable] = [], cy: [Variable] = []
        for layer in 0..<nLayers {
            var outputs: [[Variable]] = []
            for d in 0..<directions {
                // Each direction draws its own dropout mask, as Chainer's.
                let input = layer == 0 ? sequence : sequence.map { F.dropout($0, ratio: dropoutRatio) }
                let k = layer * directions + d
                let steps = d == 0 ? input : input.reversed()
                var h = hs[k], c = cs?[k]
                var out: [Variable] = []
                for x in steps {
                    let batch = x.shape[0], total = h.shape[0]
                    var hRest: Variable?, cRest: Variable?
                    if total > batch {
                        let hp = F.splitAxis(h, [batch], axis: 0)
                        (h, hRest) = (hp[0], hp[1])
                        if let cc = c { let cp = F.splitAxis(cc, [batch], axis: 0); (c, cRest) = (cp[0], cp[1]) }
                    }
                    (h, c) = cell(x, h, c, ws[k], bs[k])
                    out.append(h)
                    if let hRest { h = F.concat([h, hRest], axis: 0) }
                    if let cRest, let cc = c { c = F.concat([cc, cRest], axis: 0) }
                }
                hy.append(h)
                if let c { cy.append(c) }
                outputs.append(d == 0 ? out : out.reversed())
            }
            sequence = directions == 1 ? outputs[0] : zip(outputs[0], outputs[1]).map { F.concat([$0, $1], axis: 1) }
        }
        return (F.stack(hy), cx == nil ? nil : F.stack(cy), batchMajor(sequence, lengths: xs.map { $0.shape[0] }))
    }

    /// The inputs at each time step: row i of step t is sequence i's t-th element (sequences sorted by length).
    private static func timeMajor(_ xs: [Variable]) -> [Variable] {
        let lengths = xs.map { $0.shape[0] }
        let all = F.concat(xs, axis: 0)
        var offsets = [0]
        for n in lengths.dropLast() { offsets.append(offsets.last! + n) }
        return (0..<lengths[0]).map { t in
            let rows = lengths.indices.filter { lengths[$0] > t }.map { Int32(offsets[$0] + t) }
            return F.embedID(NDArray(rows, shape: [rows.count]), all)
        }
    }

    /// The inverse of `timeMajor`: each sequence's outputs over its own length.
    private static func batchMajor(_ steps: [Variable], lengths: [Int]) -> [Variable] {
        let all = F.concat(steps, axis: 0)
        var starts = [0]
        for s in steps.dropLast() { starts.append(starts.last! + s.shape[0]) }
        return lengths.indices.map { i in
            let rows = (0..<lengths[i]).map { Int32(starts[$0] + i) }
            return F.embedID(NDArray(rows, shape: [rows.count]), all)
        }
    }
}
