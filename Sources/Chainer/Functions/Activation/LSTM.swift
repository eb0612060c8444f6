extension F {
    /// The LSTM cell activation (Chainer's `lstm`): `x` of shape (B, 4H, …) holds the gates interleaved per unit,
    /// so that `x.reshape(B, H, 4, …)[:, :, k]` is the cell input a (k = 0), input gate i (1), forget gate f (2)
    /// and output gate o (3). Returns the new cell c = tanh(a)·σ(i) + σ(f)·cPrev and output h = σ(o)·tanh(c).
    /// `cPrev` may have more rows than `x`; the extra rows pass through to c unchanged (h has B rows).
    public static func lstm(_ cPrev: Variable, _ x: Variable, file: StaticString = #fileID, line: UInt = #line) -> (c: Variable, h: Variable) {
        precondition(x.ndim >= 2 && x.shape[1] % 4 == 0 && cPrev.ndim == x.ndim && cPrev.shape[0] >= x.shape[0]
                     && cPrev.shape[1] * 4 == x.shape[1] && Array(cPrev.shape[2...]) == Array(x.shape[2...]),
                     "lstm: c of shape \(cPrev.shape) (\(cPrev.dtype)) does not fit x of shape \(x.shape) (\(x.dtype)) (\(file):\(line))")
        let b = x.shape[0], units = x.shape[1] / 4, rest = Array(x.shape[2...])
        let gates = separate(reshape(x, [b, units, 4] + rest), axis: 2, file: file, line: line)
        let a = tanh(gates[0]), i = sigmoid(gates[1]), f = sigmoid(gates[2]), o = sigmoid(gates[3])
        let cHead = b == cPrev.shape[0] ? cPrev : getItem(cPrev, [.slice(0, b)], file: file, line: line)
        let c = a * i + f * cHead
        let h = o * tanh(c)
        if b == cPrev.shape[0] { return (c, h) }
        let cTail = getItem(cPrev, [.slice(b, nil)], file: file, line: line)
        return (concat([c, cTail], axis: 0, file: file, line: line), h)
    }
}
