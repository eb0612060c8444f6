extension L {
    /// A fully connected layer, `y = x Wᵀ + b` (Chainer's `L.Linear`). `W` has shape (outSize, inSize) and defaults
    /// to LeCunNormal, `b` to zeros. With `inSize` nil (`L.Linear(10)` or `L.Linear(nil, 10)`), `W` is allocated on
    /// the first call from the input's size per example.
    public final class Linear: Link, ForwardLink {
        /// Every parameter is registered and no link is held: the walk needs no reflection.
        public override class var discoversMembers: Bool { false }
        /// The weight, (outSize, inSize).
        public let W: Parameter
        /// The bias, (outSize), unless created with `noBias`.
        public let b: Parameter?
        /// The number of outputs.
        public let outSize: Int
        private let initialW: any Initializer
        private let initialBias: (any Initializer)?

        /// Creates the layer; a nil `inSize` defers allocating `W` to the first call.
        public init(_ inSize: Int?, _ outSize: Int, noBias: Bool = false, initialW: (any Initializer)? = nil,
                    initialBias: (any Initializer)? = nil) {
            precondition(outSize > 0 && (inSize ?? 1) > 0, "Linear: sizes must be positive, got in \(String(describing: inSize)) out \(outSize)")
            let dtype = Config.current.dtype
            self.outSize = outSize
            let wInit = initialW ?? Initializers.LeCunNormal()
            self.initialW = wInit
            self.initialBias = initialBias
            W = inSize.map { Parameter(wInit([outSize, $0], dtype: dtype)) } ?? Parameter(uninitializedName: "W", dtype: dtype)
            b = noBias ? nil : Parameter((initialBias ?? 0.0)([outSize], dtype: dtype))
            super.init()
            register(W, as: "W")
            if let b { register(b, as: "b") }
        }

        /// Creates a layer whose input size is taken from its first input (Chainer's `L.Linear(out_size)`).
        public convenience init(_ outSize: Int, noBias: Bool = false, initialW: (any Initializer)? = nil,
                                initialBias: (any Initializer)? = nil) {
            self.init(nil, outSize, noBias: noBias, initialW: initialW, initialBias: initialBias)
        }

        /// The number of inputs (nil until known).
        public var inSize: Int? { W.isInitialized ? W.shape[1] : nil }

        /// Allocates `W` from the size per example of `x` when it is not allocated yet.
        public override func initializeLazyParams(_ x: Variable) {
            guard !W.isInitialized else { return }
            precondition(x.ndim >= 1 && x.shape[0] > 0, "Linear: cannot infer the input size from x of shape \(x.shape)")
            W.initialize(initialW([outSize, x.size / x.shape[0]], dtype: W.dtype))
        }

        /// Applies the layer to `x` of shape (batch, ...), flattening the trailing axes.
        public func forward(_ x: Variable) -> Variable {
            initializeLazyParams(x)
            return F.linear(x, current(W), current(b))
        }

        public override func makeFresh() -> Link {
            usingConfig(\.dtype, W.dtype) { Linear(inSize, outSize, noBias: b == nil, initialW: initialW, initialBias: initialBias) }
        }
    }
}
