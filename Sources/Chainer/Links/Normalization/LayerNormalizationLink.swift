extension L {
    /// Layer normalization over the last axis with learned scale and shift (Chainer's `L.LayerNormalization`;
    /// serialized names `gamma`, `beta`). A nil size defers allocation to the first call.
    public final class LayerNormalization: Link, ForwardLink {
        /// The scale (ones at first).
        public let gamma: Parameter
        /// The shift (zeros at first).
        public let beta: Parameter
        /// Added to the variance for stability.
        public let eps: Double
        private let initialGamma: any Initializer, initialBeta: any Initializer

        /// Creates the layer.
        public init(_ size: Int? = nil, eps: Double = 1e-6, initialGamma: (any Initializer)? = nil,
                    initialBeta: (any Initializer)? = nil) {
            self.eps = eps
            self.initialGamma = initialGamma ?? 1.0
            self.initialBeta = initialBeta ?? 0.0
            let dtype = Config.current.dtype
            gamma = Parameter(uninitializedName: "gamma", dtype: dtype)
            beta = Parameter(uninitializedName: "beta", dtype: dtype)
            super.init()
            register(gamma, as: "gamma")
            register(beta, as: "beta")
            if let size { initializeParams(size) }
        }

        private func initializeParams(_ size: Int) {
            gamma.initialize(initialGamma([size], dtype: gamma.dtype))
            beta.initialize(initialBeta([size], dtype: beta.dtype))
        }

        public override func makeFresh() -> Link {
            let l = usingConfig(\.dtype, gamma.dtype) { LayerNormalization(nil, eps: eps, initialGamma: initialGamma, initialBeta: initialBeta) }
            if gamma.isInitialized { l.initializeParams(gamma.shape[0]) }
            return l
        }

        /// Normalizes each row of `x` over its last axis.
        public func forward(_ x: Variable) -> Variable {
            if !gamma.isInitialized { initializeParams(x.shape.last ?? 1) }
            return F.layerNormalization(x, gamma, beta, eps: eps)
        }
    }

    /// Group normalization with learned per-channel scale and shift (Chainer's `L.GroupNormalization`).
    public final class GroupNormalization: Link, ForwardLink {
        /// The number of channel groups.
        public let groups: Int
        /// The scale (ones at first).
        public let gamma: Parameter
        /// The shift (zeros at first).
        public let beta: Parameter
        /// Added to the variance for stability.
        public let eps: Double
        private let initialGamma: any Initializer, initialBeta: any Initializer

        /// Creates the layer; a nil size (channels) defers allocation to the first call.
        public init(_ groups: Int, size: Int? = nil, eps: Double = 1e-5, initialGamma: (any Initializer)? = nil,
                    initialBeta: (any Initializer)? = nil) {
            self.groups = groups
            self.eps = eps
            self.initialGamma = initialGamma ?? 1.0
            self.initialBeta = initialBeta ?? 0.0
            let dtype = Config.current.dtype
            gamma = Parameter(uninitializedName: "gamma", dtype: dtype)
            beta = Parameter(uninitializedName: "beta", dtype: dtype)
            super.init()
            register(gamma, as: "gamma")
            register(beta, as: "beta")
            if let size { initializeParams(size) }
        }

        private func initializeParams(_ size: Int) {
            gamma.initialize(initialGamma([size], dtype: gamma.dtype))
            beta.initialize(initialBeta([size], dtype: beta.dtype))
        }

        public override func makeFresh() -> Link {
            let l = usingConfig(\.dtype, gamma.dtype) {
                GroupNormalization(groups, eps: eps, initialGamma: initialGamma, initialBeta: initialBeta)
            }
            if gamma.isInitialized { l.initializeParams(gamma.shape[0]) }
            return l
        }

        /// Normalizes `x` of shape (N, C, ...) over each group of channels.
        public func forward(_ x: Variable) -> Variable {
            if !gamma.isInitialized {
                precondition(x.ndim >= 2, "GroupNormalization: x needs shape (N, C, ...), got \(x.shape)")
                initializeParams(x.shape[1])
            }
            return F.groupNormalization(x, groups, gamma, beta, eps: eps)
        }
    }
}
