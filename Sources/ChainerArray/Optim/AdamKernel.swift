import CChainerKernels

/// Fused optimizer steps over raw parameter buffers, for optimizers whose whole update is one elementwise pass.
public enum OptimizerKernels {
    /// Adam's hyperparameters for one step, already folded into the coefficients the pass uses.
    public struct AdamCoefficients: Sendable {
        /// `1 - beta1`.
        public var c1: Float
        /// `1 - beta2`.
        public var c2: Float
        /// The bias-corrected step size.
        public var alphaT: Float
        /// Added to the square root of the second moment.
        public var eps: Float
        /// `1 - eta * weightDecayRate` (1 when there is no decoupled weight decay).
        public var decay: Float
        /// `-eta`.
        public var scale: Float
        /// AdaBound's lower step bound (-infinity when off).
        public var lower: Float
        /// AdaBound's upper step bound (+infinity when off).
        public var upper: Float

        /// Creates the coefficients; the bounds default to none.
        public init(c1: Float, c2: Float, alphaT: Float, eps: Float, decay: Float, scale: Float,
                    lower: Float = -.infinity, upper: Float = .infinity) {
            self.c1 = c1; self.c2 = c2; self.alphaT = alphaT; self.eps = eps; self.decay = decay; self.scale = scale
            self.lower = lower; self.upper = upper
        }

        var packed: [Float] { [c1, c2, alphaT, eps, decay, scale, lower, upper] }
    }

    /// One Adam step over `count` float32 elements in place: `m += c1 (g - m)`, `v += c2 (g² - v)`, with `vhat`
    /// (AMSGrad) `vhat = max(vhat, v)`, `step = clamp(alphaT / (sqrt(vhat ?? v) + eps), lower, upper)`,
    /// `param = decay·param + scale·step·m`. Vectorised and split across cores; every element is computed the same
    /// way whatever the thread count or ISA (no FMA contraction), so the bits do not depend on either; `isa` forces
    /// one level's kernels (for tests).
    public static func adam(count: Int, param: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
                            m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
                            vhat: UnsafeMutablePointer<Float>?, _ k: AdamCoefficients, isa: KernelISA? = nil) {
        precondition(count >= 0, "OptimizerKernels.adam: count must be non-negative, got \(count)")
        let h = k.packed
        h.withUnsafeBufferPointer { hp in
            let h = hp.baseAddress!
            // Items of 4096 elements: the pass is memory-bound, so a core pays for itself past a few items.
            let chunk = 4096, items = (count + chunk - 1) / chunk
            Parallel.forEach(items, costPerItem: chunk * 4) { r in
                let lo = r.lowerBound * chunk, hi = Swift.min(r.upperBound * chunk, count)
                guard lo < hi else { return }
                let n = Int64(hi - lo)
                if let isa {
                    let ok = ck_adam_f32_isa(isa.code, n, param + lo, grad + lo, m + lo, v + lo, vhat.map { $0 + lo }, h)
                    precondition(ok != 0, "OptimizerKernels.adam: this CPU cannot run the \(isa) kernels")
                } else {
                    ck_adam_f32(n, param + lo, grad + lo, m + lo, v + lo, vhat.map { $0 + lo }, h)
                }
            }
        }
    }
}
