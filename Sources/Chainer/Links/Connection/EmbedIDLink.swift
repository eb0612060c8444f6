extension L {
    /// A lookup table of embeddings (Chainer's `L.EmbedID`): `W` has shape (inSize, outSize) and defaults to
    /// Normal(1.0); ids equal to `ignoreLabel` give zero vectors.
    public final class EmbedID: Link, ChainCall {
        /// The embeddings, (inSize, outSize).
        public let W: Parameter
        /// The id that maps to zeros.
        public let ignoreLabel: Int?

        /// Creates the table.
        public init(_ inSize: Int, _ outSize: Int, initialW: (any Initializer)? = nil, ignoreLabel: Int? = nil) {
            W = Parameter((initialW ?? Initializers.Normal(1.0))([inSize, outSize], dtype: Config.current.dtype))
            self.ignoreLabel = ignoreLabel
            super.init()
            register(W, as: "W")
        }

        /// The embeddings of integer ids.
        public func callAsFunction(_ x: NDArray) -> Variable { F.embedID(x, W, ignoreLabel: ignoreLabel) }
        /// The embeddings of integer ids held in a variable.
        public func callAsFunction(_ x: Variable) -> Variable { F.embedID(x, W, ignoreLabel: ignoreLabel) }
    }
}
