extension L {
    /// Batch normalization with learned scale and shift and running statistics (Chainer's `L.BatchNormalization`).
    /// In training (`Config.current.train`) it normalizes with the batch's statistics and updates `avg_mean` and
    /// `avg_var` with `decay`; in evaluation it uses them. Serialized names: `gamma`, `beta`, `avg_mean`, `avg_var`,
    /// `N`.
    public final class BatchNormalization: Link, ForwardLink {
        /// Every parameter is registered and no link is held: the walk needs no reflection.
        public override class var discoversMembers: Bool { false }
        /// The scale (ones at first), unless created with `useGamma: false`.
        public let gamma: Parameter?
        /// The shift (zeros at first), unless created with `useBeta: false`.
        public let beta: Parameter?
        /// Weight of the old running statistics in each update.
        public var decay: Double
        /// Added to the variance for stability.
        public var eps: Double
        /// Axes normalized over (nil: every axis but the channel axis 1).
        public let axis: [Int]?
        private let initialGamma: any Initializer, initialBeta: any Initializer
        private let initialAvgMean: any Initializer, initialAvgVar: any Initializer
        private let statsDType: DType

        /// Creates the layer for `size` channels; a nil size defers allocation to the first call.
        public init(_ size: Int?, decay: Double = 0.9, eps: Double = 2e-5, useGamma: Bool = true, useBeta: Bool = true,
                    initialGamma: (any Initializer)? = nil, initialBeta: (any Initializer)? = nil, axis: [Int]? = nil,
                    initialAvgMean: (any Initializer)? = nil, initialAvgVar: (any Initializer)? = nil) {
            self.decay = decay
            self.eps = eps
            self.axis = axis
            let dtype = Config.current.dtype
            // Chainer keeps float16 models' statistics and affine parameters in float32.
            statsDType = dtype == .float16 || dtype == .bfloat16 ? .float32 : dtype
            self.initialGamma = initialGamma ?? 1.0
            self.initialBeta = initialBeta ?? 0.0
            self.initialAvgMean = initialAvgMean ?? 0.0
            self.initialAvgVar = initialAvgVar ?? 1.0
            gamma = useGamma ? Parameter(uninitializedName: "gamma", dtype: statsDType) : nil
            beta = useBeta ? Parameter(uninitializedName: "beta", dtype: statsDType) : nil
            super.init()
            if let gamma { register(gamma, as: "gamma") }
            if let beta { register(beta, as: "beta") }
            addPersistent("avg_mean", nil)
            addPersistent("avg_var", nil)
            addPersistent("N", NDArray(0))
            if let size { initializeParams([size]) }
        }

        /// Creates the layer for statistics of shape `size` (several non-normalized axes).
        public convenience init(size: [Int], decay: Double = 0.9, eps: Double = 2e-5, axis: [Int]? = nil) {
            self.init(nil, decay: decay, eps: eps, axis: axis)
            initializeParams(size)
        }

        private func initializeParams(_ shape: [Int]) {
            avgMean = initialAvgMean(shape, dtype: statsDType)
            avgVar = initialAvgVar(shape, dtype: statsDType)
            if let gamma, !gamma.isInitialized { gamma.initialize(initialGamma(shape, dtype: statsDType)) }
            if let beta, !beta.isInitialized { beta.initialize(initialBeta(shape, dtype: statsDType)) }
        }

        /// The running mean (`avg_mean`).
        public var avgMean: NDArray? {
            get { self[persistent: "avg_mean"] }
            set { self[persistent: "avg_mean"] = newValue }
        }
        /// The running (unbiased) variance (`avg_var`).
        public var avgVar: NDArray? {
            get { self[persistent: "avg_var"] }
            set { self[persistent: "avg_var"] = newValue }
        }
        /// Batches seen in fine-tuning mode (`N`).
        public var N: Int {
            get { self[persistent: "N"]?.exactInt() ?? 0 }
            set { self[persistent: "N"] = NDArray(newValue) }
        }

        /// Normalizes `x` (training or evaluation behaviour from `Config.current.train`).
        public func forward(_ x: Variable) -> Variable { forward(x, finetune: false) }

        /// `forward(_:finetune:)` with the link hooks in force.
        public func callAsFunction(_ x: Variable, finetune: Bool) -> Variable { runHooks([x]) { forward(x, finetune: finetune) } }

        public override func makeFresh() -> Link {
            let l = usingConfig(\.dtype, statsDType) {
                BatchNormalization(nil, decay: decay, eps: eps, useGamma: gamma != nil, useBeta: beta != nil,
                                   initialGamma: initialGamma, initialBeta: initialBeta, axis: axis,
                                   initialAvgMean: initialAvgMean, initialAvgVar: initialAvgVar)
            }
            if let shape = avgMean?.shape { l.initializeParams(shape) }
            return l
        }

        /// Normalizes `x`; with `finetune` in training, the running statistics become the average over every batch
        /// seen (decay 1 - 1/N).
        public func forward(_ x: Variable, finetune: Bool) -> Variable {
            if avgMean == nil {
                let axes = (axis ?? ([0] + Array(Swift.min(2, x.ndim)..<x.ndim))).map { $0 < 0 ? $0 + x.ndim : $0 }
                initializeParams(x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
            }
            let shape = avgMean!.shape
            let g: Variable = gamma ?? Variable(NDArray.full(shape, 1, dtype: statsDType), requiresGrad: false)
            let b: Variable = beta ?? Variable(NDArray.zeros(shape, dtype: statsDType), requiresGrad: false)
            guard Config.current.train else {
                return F.fixedBatchNormalization(x, g, b, avgMean!, avgVar!, eps: eps, axis: axis)
            }
            var d = decay
            if finetune {
                N += 1
                d = 1 - 1 / Double(N)
            }
            var mean = avgMean!, variance = avgVar!
            let y = F.batchNormalization(x, g, b, eps: eps, runningMean: &mean, runningVar: &variance, decay: d, axis: axis)
            avgMean = mean
            avgVar = variance
            return y
        }
    }
}
