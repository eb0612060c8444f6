extension LinkHooks {
    /// Divides a link's weight by its largest singular value, estimated by power iteration with a persistent vector
    /// `u` (Chainer's `chainer.link_hooks.SpectralNormalization`; Miyato et al., 2018). Register it with
    /// `link.addHook(LinkHooks.SpectralNormalization())`; forward then uses `W / σ(W)` and gradients reach `W`
    /// through the normalisation. `u` is stored on the link as the persistent `<weightName>_u` (saved with it) and
    /// advances only in train mode.
    public final class SpectralNormalization: LinkHook, @unchecked Sendable {
        /// Power iterations per forward.
        public let nPowerIteration: Int
        /// Added to the norms in the power iteration (outside the square root, as Chainer).
        public let eps: Double
        /// Whether a learned scale `gamma` (initialised to σ(W)) multiplies the normalised weight.
        public let useGamma: Bool
        /// σ is divided by this, when given.
        public let factor: Double?
        /// The normalised parameter's name.
        public let weightName: String
        /// The persistent vector's name (`<weightName>_u`).
        public let vectorName: String
        /// The weight's axis of output units (1 for a deconvolution, else 0).
        public private(set) var axis = 0
        /// The right singular vector estimated at the last forward.
        public private(set) var v: NDArray?
        private var initialized = false

        /// Creates the hook with Chainer's defaults.
        public init(nPowerIteration: Int = 1, eps: Double = 1e-6, useGamma: Bool = false, factor: Double? = nil,
                    weightName: String = "W", name: String? = nil) {
            precondition(nPowerIteration > 0, "SpectralNormalization: nPowerIteration must be positive, got \(nPowerIteration)")
            self.nPowerIteration = nPowerIteration
            self.eps = eps
            self.useGamma = useGamma
            self.factor = factor
            self.weightName = weightName
            vectorName = weightName + "_u"
            super.init(name: name ?? "SpectralNormalization")
        }

        public override func added(to link: Link?) {
            guard let link else { preconditionFailure("SpectralNormalization: register it on a link with addHook, not LinkHooks.using") }
            guard let w = link.param(weightName) else {
                preconditionFailure("SpectralNormalization: \(type(of: link)) has no parameter named \(weightName)")
            }
            if link is L.Deconvolution2D { axis = 1 }
            if w.isInitialized { prepare(link) }
        }

        public override func deleted(from link: Link?) {
            guard let link else { return }
            link.removePersistent(vectorName)
            if useGamma { link.unregister("gamma") }
            link.restoreParameter(weightName)
        }

        public override func forwardPreprocess(_ call: LinkHookCall) {
            let link = call.link
            if !initialized {
                if let x = call.inputs.first { link.initializeLazyParams(x) }
                prepare(link)
            }
            link.substituteParameter(weightName, with: normalizedWeight(link))
        }

        public override func forwardPostprocess(_ call: LinkHookCall) { call.link.restoreParameter(weightName) }

        /// Registers `u` (drawn from the standard normal) and, with `useGamma`, the scale `gamma` = σ(W).
        private func prepare(_ link: Link) {
            let w = link.param(weightName)!
            precondition(w.isInitialized, "SpectralNormalization: \(weightName) of \(type(of: link)) is not initialised yet")
            precondition(w.shape[axis] > 0, "SpectralNormalization: expects \(weightName).shape[\(axis)] > 0, got \(w.shape)")
            link.addPersistent(vectorName, NDArray.normal([w.shape[axis]], dtype: w.dtype))
            if useGamma {
                let sigma = Self.largestSingularValue(matrix(w.array))
                link.register(Parameter(NDArray.full([], sigma, dtype: w.dtype)), as: "gamma")
            }
            initialized = true
        }

        /// The weight as a 2-D (units, rest) matrix, units on `axis`.
        private func matrix(_ w: NDArray) -> NDArray {
            var m = w
            if axis != 0 { m = m.transposed([axis] + (0..<w.ndim).filter { $0 != axis }) }
            return m.ndim == 2 ? m : m.reshaped([m.shape[0], m.size / Swift.max(m.shape[0], 1)])
        }

        /// The same reshaping in the graph, so gradients reach the weight.
        private func matrix(_ w: Variable) -> Variable {
            var m = w
            if axis != 0 { m = F.transpose(m, [axis] + (0..<w.ndim).filter { $0 != axis }) }
            return m.ndim == 2 ? m : F.reshape(m, [m.shape[0], m.size / Swift.max(m.shape[0], 1)])
        }

        private func l2normalize(_ x: NDArray) -> NDArray {
            let norm = (x * x).sum().sqrt().item()
            return x / (norm + eps)
        }

        /// `W / σ` (times gamma) with σ = uᵀ W v after the power iterations; advances `u` in train mode.
        private func normalizedWeight(_ link: Link) -> Variable {
            let w = link.param(weightName)!
            let wm = matrix(w as Variable)
            let m = wm.array
            var u = link[persistent: vectorName]!
            var v = u
            for _ in 0..<nPowerIteration {
                v = l2normalize(u.reshaped([1, u.size]).matmul(m).reshaped([m.shape[1]]))
                u = l2normalize(m.matmul(v.reshaped([v.size, 1])).reshaped([m.shape[0]]))
            }
            let uRow = Variable(u.reshaped([1, u.size]), requiresGrad: false)
            let vCol = Variable(v.reshaped([v.size, 1]), requiresGrad: false)
            var sigma = F.reshape(F.matmul(F.matmul(uRow, wm), vCol), [])
            if let factor { sigma = sigma / factor }
            var out: Variable = w / F.broadcastTo(sigma, w.shape)
            if useGamma, let gamma = link.param("gamma") { out = F.broadcastTo(gamma, w.shape) * out }
            self.v = v
            if Config.current.train { link[persistent: vectorName] = u }
            return out
        }

        /// σ₁ of a matrix, by power iteration on MᵀM in float64 run to convergence (Chainer takes it from an SVD).
        static func largestSingularValue(_ m: NDArray) -> Double {
            let a = m.astype(.float64)
            let ata = a.transposed().matmul(a)
            var x = NDArray.full([ata.shape[0], 1], 1, dtype: .float64)
            var lambda = 0.0
            for _ in 0..<10_000 {
                let y = ata.matmul(x)
                let norm = (y * y).sum().sqrt().item()
                if norm == 0 { return 0 }
                x = y / norm
                let next = (x * ata.matmul(x)).sum().item()
                if abs(next - lambda) <= 1e-15 * abs(next) { lambda = next; break }
                lambda = next
            }
            return Swift.max(lambda, 0).squareRoot()
        }
    }
}
