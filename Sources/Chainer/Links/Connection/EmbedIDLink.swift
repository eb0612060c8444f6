extension L {
    /// A lookup table of embeddings (Chainer's `L.EmbedID`): `W` has shape (inSize, outSize) and defaults to
    /// Normal(1.0); ids equal to `ignoreLabel` give zero vectors.
    public final class EmbedID: Link, ForwardLink {
        /// Every parameter is registered and no link is held: the walk needs no reflection.
        public override class var discoversMembers: Bool { false }
        /// The embeddings, (inSize, outSize).
        public let W: Parameter
        /// The id that maps to zeros.
        public let ignoreLabel: Int?

        /// Creates the table.
        public init(_ inSize: Int, _ outSize: Int, initialW: (any Initializer)? = nil, ignoreLabel: Int? = nil) {
            W = Parameter((initialW ?? Initializers.Normal(1.0))([inSize, outSize], dtype: Config.current.dtype))
            self.ignoreLabel = ignoreLabel
            self.initialW = initialW
            super.init()
            register(W, as: "W")
        }

        private let initialW: (any Initializer)?

        /// The embeddings of integer ids.
        public func callAsFunction(_ x: NDArray) -> Variable { callAsFunction(Variable(x, requiresGrad: false)) }
        /// The embeddings of integer ids held in a variable.
        public func forward(_ x: Variable) -> Variable { F.embedID(x, current(W), ignoreLabel: ignoreLabel) }

        public override func makeFresh() -> Link {
            usingConfig(\.dtype, W.dtype) { EmbedID(W.shape[0], W.shape[1], initialW: initialW, ignoreLabel: ignoreLabel) }
        }
    }
}
