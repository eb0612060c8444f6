extension L {
    /// A dilated 2-D convolution layer (Chainer's `L.DilatedConvolution2D`): `W` (outChannels, inChannels, kh, kw),
    /// LeCunNormal by default, `b` zeros.
    public final class DilatedConvolution2D: Link, ForwardLink {
        /// The filters.
        public let W: Parameter
        /// The bias, unless created with `noBias`.
        public let b: Parameter?
        private let conv: (Variable, Variable, Variable?) -> Variable
        private let outChannels: Int, ksize: (Int, Int), stride: (Int, Int), pad: (Int, Int), dilate: (Int, Int)
        private let initialW: any Initializer, initialBias: (any Initializer)?

        /// Creates the layer; a nil `inChannels` defers allocating `W` to the first call.
        public init(_ inChannels: Int?, _ outChannels: Int, ksize: any Spatial2D, stride: any Spatial2D = 1,
                    pad: any Spatial2D = 0, dilate: any Spatial2D = 1, noBias: Bool = false,
                    initialW: (any Initializer)? = nil, initialBias: (any Initializer)? = nil) {
            let dtype = Config.current.dtype
            let k = ksize.pair, s = stride.pair, p = pad.pair, d = dilate.pair
            let wInit = initialW ?? Initializers.LeCunNormal()
            self.initialW = wInit
            self.initialBias = initialBias
            self.outChannels = outChannels
            (self.ksize, self.stride, self.pad, self.dilate) = (k, s, p, d)
            W = inChannels.map { Parameter(wInit([outChannels, $0, k.0, k.1], dtype: dtype)) }
                ?? Parameter(uninitializedName: "W", dtype: dtype)
            b = noBias ? nil : Parameter((initialBias ?? 0.0)([outChannels], dtype: dtype))
            conv = { x, w, b in F.dilatedConvolution2D(x, w, b, stride: [s.0, s.1], pad: [p.0, p.1], dilate: [d.0, d.1]) }
            super.init()
            register(W, as: "W")
            if let b { register(b, as: "b") }
        }

        /// Applies the convolution to `x` of shape (N, C, H, W).
        public func forward(_ x: Variable) -> Variable {
            initializeLazyParams(x)
            return conv(x, current(W), current(b))
        }

        public override func makeFresh() -> Link {
            usingConfig(\.dtype, W.dtype) {
                DilatedConvolution2D(W.isInitialized ? W.shape[1] : nil, outChannels, ksize: [ksize.0, ksize.1],
                                     stride: [stride.0, stride.1], pad: [pad.0, pad.1], dilate: [dilate.0, dilate.1],
                                     noBias: b == nil, initialW: initialW, initialBias: initialBias)
            }
        }

        /// Allocates `W` from the channels of `x` when it is not allocated yet.
        public override func initializeLazyParams(_ x: Variable) {
            guard !W.isInitialized else { return }
            precondition(x.ndim == 4, "DilatedConvolution2D: expects x of shape (N, C, H, W), got \(x.shape)")
            W.initialize(initialW([outChannels, x.shape[1], ksize.0, ksize.1], dtype: W.dtype))
        }
    }

    /// A depthwise 2-D convolution layer (Chainer's `L.DepthwiseConvolution2D`): `W` (channelMultiplier,
    /// inChannels, kh, kw), `b` (inChannels × channelMultiplier).
    public final class DepthwiseConvolution2D: Link, ForwardLink {
        /// The filters.
        public let W: Parameter
        /// The bias, unless created with `noBias`.
        public let b: Parameter?
        private let stride: (Int, Int), pad: (Int, Int)
        private let initialW: (any Initializer)?, initialBias: (any Initializer)?

        /// Creates the layer.
        public init(_ inChannels: Int, _ channelMultiplier: Int, ksize: any Spatial2D, stride: any Spatial2D = 1,
                    pad: any Spatial2D = 0, noBias: Bool = false, initialW: (any Initializer)? = nil,
                    initialBias: (any Initializer)? = nil) {
            let dtype = Config.current.dtype
            let k = ksize.pair
            self.stride = stride.pair
            self.pad = pad.pair
            self.initialW = initialW
            self.initialBias = initialBias
            W = Parameter((initialW ?? Initializers.LeCunNormal())([channelMultiplier, inChannels, k.0, k.1], dtype: dtype))
            b = noBias ? nil : Parameter((initialBias ?? 0.0)([inChannels * channelMultiplier], dtype: dtype))
            super.init()
            register(W, as: "W")
            if let b { register(b, as: "b") }
        }

        /// Applies the convolution to `x` of shape (N, C, H, W).
        public override func makeFresh() -> Link {
            usingConfig(\.dtype, W.dtype) {
                DepthwiseConvolution2D(W.shape[1], W.shape[0], ksize: [W.shape[2], W.shape[3]], stride: [stride.0, stride.1],
                                       pad: [pad.0, pad.1], noBias: b == nil, initialW: initialW, initialBias: initialBias)
            }
        }

        public func forward(_ x: Variable) -> Variable {
            F.depthwiseConvolution2D(x, current(W), current(b), stride: [stride.0, stride.1], pad: [pad.0, pad.1])
        }
    }

    /// Network-in-network block (Chainer's `L.MLPConvolution2D`): a convolution followed by 1×1 convolutions, with
    /// the activation between them; children `0`, `1`, ….
    public final class MLPConvolution2D: ChainList, ForwardLink {
        /// Applied after every convolution but the last.
        public let activation: (Variable) -> Variable

        /// Creates the block; `outChannels` lists each convolution's output channels.
        public init(_ inChannels: Int?, _ outChannels: [Int], ksize: any Spatial2D, stride: any Spatial2D = 1,
                    pad: any Spatial2D = 0, activation: @escaping (Variable) -> Variable = { F.relu($0) },
                    convInit: (any Initializer)? = nil, biasInit: (any Initializer)? = nil) {
            precondition(!outChannels.isEmpty, "MLPConvolution2D: outChannels must not be empty")
            self.activation = activation
            var convs: [Link] = [Convolution2D(inChannels, outChannels[0], ksize: ksize, stride: stride, pad: pad,
                                               initialW: convInit, initialBias: biasInit)]
            for (i, n) in outChannels.enumerated().dropFirst() {
                convs.append(Convolution2D(outChannels[i - 1], n, ksize: 1, initialW: convInit, initialBias: biasInit))
            }
            super.init(convs)
        }

        private init(copying convs: [Link], activation: @escaping (Variable) -> Variable) {
            self.activation = activation
            super.init(convs)
        }

        public override func makeFresh() -> Link {
            MLPConvolution2D(copying: items.map { $0.makeFresh() }, activation: activation)
        }

        /// Runs the convolutions.
        public func forward(_ x: Variable) -> Variable {
            var h = x
            for (i, link) in items.enumerated() {
                h = (link as! Convolution2D)(h)
                if i < items.count - 1 { h = activation(h) }
            }
            return h
        }
    }
}
