/// Rows of an embedding table picked by integer ids (Chainer's `EmbedIDFunction`); ignored ids give zero rows.
final class EmbedIDFunction: FunctionNode {
    let ids: NDArray, ignoreLabel: Int?
    init(ids: NDArray, ignoreLabel: Int?) { self.ids = ids; self.ignoreLabel = ignoreLabel }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        [NDArray.embedRows(x[0], ids: ids, ignoreLabel: ignoreLabel)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [EmbedIDGrad(ids: ids, vocab: inputs[0].shape[0], ignoreLabel: ignoreLabel).applySingle([gy[0]!])]
    }

    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        [NDArray.embedRowsGrad(gy[0]!, ids: ids, vocab: inputs[0].shape[0], ignoreLabel: ignoreLabel).cast(inputs[0].dtype)]
    }

    override var accumulatesGradients: Bool { true }

    /// The table's gradient is added at the ids straight into the one the table already has (a zeroed
    /// vocab-sized table per call otherwise).
    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?], accumulatingInto accumulated: inout [NDArray?]) -> [NDArray?]? {
        guard var held = accumulated[0] else { return backwardArrays(indexes, gy) }
        accumulated[0] = nil
        let added = NDArray.embedRowsGrad(gy[0]!, ids: ids, ignoreLabel: ignoreLabel, addingInto: &held)
        accumulated[0] = held
        return added ? [nil] : backwardArrays(indexes, gy)
    }
}

/// The table gradient of `EmbedIDFunction`: output-gradient rows added at their ids. Its own gradient is a lookup.
final class EmbedIDGrad: FunctionNode {
    let ids: NDArray, vocab: Int, ignoreLabel: Int?
    init(ids: NDArray, vocab: Int, ignoreLabel: Int?) { self.ids = ids; self.vocab = vocab; self.ignoreLabel = ignoreLabel }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        [NDArray.embedRowsGrad(x[0], ids: ids, vocab: vocab, ignoreLabel: ignoreLabel)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [EmbedIDFunction(ids: ids, ignoreLabel: ignoreLabel).applySingle([gy[0]!])]
    }
}

extension F {
    /// Rows of `W` (V, D) for integer ids `x` (any shape): shape x.shape + [D]. Ids equal to `ignoreLabel` give zero
    /// rows and no gradient.
    public static func embedID(_ x: NDArray, _ W: Variable, ignoreLabel: Int? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(W.ndim == 2 && !x.dtype.isFloatingPoint && x.dtype != .bool,
                     "embedID: expects integer ids and a 2-D W, got ids of shape \(x.shape) (\(x.dtype)) and W of shape \(W.shape) (\(W.dtype)) (\(file):\(line))")
        return EmbedIDFunction(ids: x, ignoreLabel: ignoreLabel).applySingle([W], file: file, line: line)
    }

    /// Rows of `W` for ids held in a variable.
    public static func embedID(_ x: Variable, _ W: Variable, ignoreLabel: Int? = nil,
                               file: StaticString = #fileID, line: UInt = #line) -> Variable {
        embedID(x.array, W, ignoreLabel: ignoreLabel, file: file, line: line)
    }
}
