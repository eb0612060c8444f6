import Foundation

extension L {
    /// Applies a linear layer to the last axis of `x` (..., in), keeping the leading axes.
    static func linearLastAxis(_ l: Linear, _ x: Variable) -> Variable {
        let lead = Array(x.shape.dropLast())
        let y = l(F.reshape(x, [lead.reduce(1, *), x.shape.last ?? 0]))
        return F.reshape(y, lead + [l.outSize])
    }

    /// Multi-head attention over (batch, length, embedDim) sequences (beyond Chainer): projections `q`, `k`, `v`
    /// and `out` (each an `L.Linear`), `numHeads` heads of `embedDim / numHeads` features each.
    public final class MultiHeadAttention: ChainBase, ForwardLink {
        /// The query projection.
        public let q: Linear
        /// The key projection.
        public let k: Linear
        /// The value projection.
        public let v: Linear
        /// The output projection.
        public let out: Linear
        /// The number of heads.
        public let numHeads: Int
        /// Dropout ratio on the attention output in training.
        public let dropout: Double

        /// Creates the layer.
        public init(_ embedDim: Int, numHeads: Int, dropout: Double = 0, noBias: Bool = false,
                    initialW: (any Initializer)? = nil) {
            precondition(numHeads > 0 && embedDim % numHeads == 0,
                         "MultiHeadAttention: embedDim \(embedDim) does not split into \(numHeads) heads")
            q = Linear(embedDim, embedDim, noBias: noBias, initialW: initialW)
            k = Linear(embedDim, embedDim, noBias: noBias, initialW: initialW)
            v = Linear(embedDim, embedDim, noBias: noBias, initialW: initialW)
            out = Linear(embedDim, embedDim, noBias: noBias, initialW: initialW)
            self.numHeads = numHeads
            self.dropout = dropout
        }

        private init(fresh other: MultiHeadAttention) {
            func fresh(_ l: Linear) -> Linear { l.makeFresh() as! Linear }
            (q, k, v, out) = (fresh(other.q), fresh(other.k), fresh(other.v), fresh(other.out))
            (numHeads, dropout) = (other.numHeads, other.dropout)
        }

        public override func makeFresh() -> Link { MultiHeadAttention(fresh: self) }

        /// (B, L, E) → (B, H, L, E / H).
        private func splitHeads(_ x: Variable) -> Variable {
            let (b, l, e) = (x.shape[0], x.shape[1], x.shape[2])
            return F.transpose(F.reshape(x, [b, l, numHeads, e / numHeads]), [0, 2, 1, 3])
        }

        /// Attention of `query` (B, Lq, E) over `key` and `value` (B, Lk, E); `mask` and `causal` as in
        /// `F.scaledDotProductAttention`.
        public func callAsFunction(_ query: Variable, _ key: Variable, _ value: Variable, mask: NDArray? = nil,
                                   causal: Bool = false) -> Variable {
            runHooks([query, key, value]) { attend(query, key, value, mask: mask, causal: causal) }
        }

        private func attend(_ query: Variable, _ key: Variable, _ value: Variable, mask: NDArray?, causal: Bool) -> Variable {
            precondition(query.ndim == 3 && key.ndim == 3 && value.ndim == 3 && key.shape == value.shape
                         && query.shape[0] == key.shape[0] && query.shape[2] == q.outSize && key.shape[2] == q.outSize,
                         "MultiHeadAttention: query \(query.shape), key \(key.shape), value \(value.shape) do not fit (B, L, \(q.outSize))")
            let h = F.scaledDotProductAttention(splitHeads(L.linearLastAxis(q, query)), splitHeads(L.linearLastAxis(k, key)),
                                                splitHeads(L.linearLastAxis(v, value)), mask: mask, causal: causal)
            let (b, lq) = (query.shape[0], query.shape[1])
            var y = F.reshape(F.transpose(h, [0, 2, 1, 3]), [b, lq, q.outSize])
            if dropout > 0 { y = F.dropout(y, ratio: dropout) }
            return L.linearLastAxis(out, y)
        }

        /// Self-attention of `x` (B, L, E).
        public func forward(_ x: Variable) -> Variable { attend(x, x, x, mask: nil, causal: false) }
    }

    /// A Transformer encoder block (beyond Chainer): self-attention and a ReLU feed-forward network, each with a
    /// residual connection and layer normalization (after, or before with `normFirst`).
    public final class TransformerEncoderLayer: ChainBase, ForwardLink {
        /// The self-attention.
        public let selfAttn: MultiHeadAttention
        /// The feed-forward network's first layer.
        public let linear1: Linear
        /// The feed-forward network's second layer.
        public let linear2: Linear
        /// Normalization around the attention.
        public let norm1: LayerNormalization
        /// Normalization around the feed-forward network.
        public let norm2: LayerNormalization
        /// Dropout ratio in training.
        public let dropout: Double
        /// Whether normalization comes before each sublayer (pre-norm) rather than after.
        public let normFirst: Bool

        /// Creates the block.
        public init(_ dModel: Int, numHeads: Int, dimFeedforward: Int? = nil, dropout: Double = 0.1,
                    normFirst: Bool = false, eps: Double = 1e-5) {
            selfAttn = MultiHeadAttention(dModel, numHeads: numHeads, dropout: dropout)
            linear1 = Linear(dModel, dimFeedforward ?? 4 * dModel)
            linear2 = Linear(dimFeedforward ?? 4 * dModel, dModel)
            norm1 = LayerNormalization(dModel, eps: eps)
            norm2 = LayerNormalization(dModel, eps: eps)
            self.dropout = dropout
            self.normFirst = normFirst
        }

        private init(fresh other: TransformerEncoderLayer) {
            selfAttn = other.selfAttn.makeFresh() as! MultiHeadAttention
            (linear1, linear2) = (other.linear1.makeFresh() as! Linear, other.linear2.makeFresh() as! Linear)
            norm1 = other.norm1.makeFresh() as! LayerNormalization
            norm2 = other.norm2.makeFresh() as! LayerNormalization
            (dropout, normFirst) = (other.dropout, other.normFirst)
        }

        public override func makeFresh() -> Link { TransformerEncoderLayer(fresh: self) }

        private func drop(_ x: Variable) -> Variable { dropout > 0 ? F.dropout(x, ratio: dropout) : x }
        private func feedForward(_ x: Variable) -> Variable {
            L.linearLastAxis(linear2, drop(F.relu(L.linearLastAxis(linear1, x))))
        }

        /// Encodes `x` (B, L, dModel); `mask` and `causal` as in `F.scaledDotProductAttention`.
        public func callAsFunction(_ x: Variable, mask: NDArray?, causal: Bool = false) -> Variable {
            runHooks([x]) { encode(x, mask: mask, causal: causal) }
        }

        private func encode(_ x: Variable, mask: NDArray?, causal: Bool) -> Variable {
            if normFirst {
                let n = norm1(x)
                let h = x + drop(selfAttn(n, n, n, mask: mask, causal: causal))
                return h + drop(feedForward(norm2(h)))
            }
            let h = norm1(x + drop(selfAttn(x, x, x, mask: mask, causal: causal)))
            return norm2(h + drop(feedForward(h)))
        }

        /// Encodes `x` (B, L, dModel) with no mask.
        public func forward(_ x: Variable) -> Variable { encode(x, mask: nil, causal: false) }
    }
}
