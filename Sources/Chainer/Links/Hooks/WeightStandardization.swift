extension LinkHooks {
    /// Standardizes a link's weight per output unit before each forward: each `W[i]` minus its mean, over its
    /// standard deviation (Chainer's `chainer.link_hooks.WeightStandardization`, which runs group normalization
    /// with one group on the weight; Qiao et al., 2019). Gradients reach `W` through the standardization.
    public final class WeightStandardization: LinkHook, @unchecked Sendable {
        /// Added to the variance inside the square root.
        public let eps: Double
        /// The standardized parameter's name.
        public let weightName: String

        /// Creates the hook with Chainer's defaults.
        public init(eps: Double = 1e-5, weightName: String = "W", name: String? = nil) {
            self.eps = eps
            self.weightName = weightName
            super.init(name: name ?? "WeightStandardization")
        }

        public override func added(to link: Link?) {
            guard let link else { preconditionFailure("WeightStandardization: register it on a link with addHook, not LinkHooks.using") }
            precondition(link.param(weightName) != nil, "WeightStandardization: \(type(of: link)) has no parameter named \(weightName)")
            precondition(!(link is L.Deconvolution2D), "WeightStandardization: Deconvolution2D is not supported (as in Chainer)")
        }

        public override func deleted(from link: Link?) { link?.restoreParameter(weightName) }

        public override func forwardPreprocess(_ call: LinkHookCall) {
            let link = call.link
            let w = link.param(weightName)!
            if !w.isInitialized, let x = call.inputs.first { link.initializeLazyParams(x) }
            precondition(w.ndim >= 2, "WeightStandardization: \(weightName) of shape \(w.shape) needs at least 2 axes")
            let c = w.shape[1]
            let gamma = Variable(NDArray.full([c], 1, dtype: w.dtype), requiresGrad: false)
            let beta = Variable(NDArray.zeros([c], dtype: w.dtype), requiresGrad: false)
            link.substituteParameter(weightName, with: F.groupNormalization(w, 1, gamma, beta, eps: eps))
        }

        public override func forwardPostprocess(_ call: LinkHookCall) { call.link.restoreParameter(weightName) }
    }
}
