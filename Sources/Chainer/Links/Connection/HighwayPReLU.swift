extension L {
    /// Parametric ReLU with a learned slope for negative inputs (Chainer's `L.PReLU`; `W` of `shape`, 0.25 at first,
    /// lined up with x's axes from 1).
    public final class PReLU: Link, ForwardLink {
        /// The slopes.
        public let W: Parameter
        private let initialW: any Initializer

        /// Creates the link.
        public init(shape: [Int] = [], initialW: any Initializer = 0.25) {
            W = Parameter(initialW(shape, dtype: Config.current.dtype))
            self.initialW = initialW
            super.init()
            register(W, as: "W")
        }

        public override func makeFresh() -> Link {
            usingConfig(\.dtype, W.dtype) { PReLU(shape: W.shape, initialW: initialW) }
        }

        /// `x` where positive, `W * x` elsewhere.
        public func forward(_ x: Variable) -> Variable {
            let W = current(self.W)
            let w = W.ndim == 0 ? F.broadcastTo(W, x.shape) : L.broadcastAlong(W, to: x, axis: 1, link: "PReLU")
            return F.relu(x) - w * F.relu(F.neg(x))
        }
    }

    /// A highway layer (Chainer's `L.Highway`): `activate(plain(x)) * T + x * (1 - T)` with
    /// `T = sigmoid(transform(x))`; the transform gate's bias starts at -1 so the layer starts close to identity.
    public final class Highway: ChainBase, ForwardLink {
        /// The plain path.
        public let plain: Linear
        /// The transform gate.
        public let transform: Linear
        /// The plain path's activation.
        public let activate: (Variable) -> Variable

        /// Creates the layer.
        public init(_ inOutSize: Int, noBias: Bool = false, activate: @escaping (Variable) -> Variable = { F.relu($0) },
                    initWh: (any Initializer)? = nil, initWt: (any Initializer)? = nil,
                    initBh: (any Initializer)? = nil, initBt: any Initializer = -1.0) {
            plain = Linear(inOutSize, inOutSize, noBias: noBias, initialW: initWh, initialBias: initBh)
            transform = Linear(inOutSize, inOutSize, noBias: noBias, initialW: initWt, initialBias: initBt)
            self.activate = activate
        }

        private init(plain: Linear, transform: Linear, activate: @escaping (Variable) -> Variable) {
            (self.plain, self.transform, self.activate) = (plain, transform, activate)
        }

        public override func makeFresh() -> Link {
            Highway(plain: plain.makeFresh() as! Linear, transform: transform.makeFresh() as! Linear, activate: activate)
        }

        /// Applies the layer.
        public func forward(_ x: Variable) -> Variable {
            let t = F.sigmoid(transform(x))
            return activate(plain(x)) * t + x * (1.0 - t)
        }
    }
}
