extension L {
    /// A 2-D convolution layer (Chainer's `L.Convolution2D`). `W` has shape (outChannels, inChannels / groups, kh, kw)
    /// and defaults to LeCunNormal, `b` to zeros. A nil `inChannels` defers allocating `W` to the first call.
    public final class Convolution2D: Link, ForwardLink {
        /// Every parameter is registered and no link is held: the walk needs no reflection.
        public override class var discoversMembers: Bool { false }
        /// The filters, (outChannels, inChannels / groups, kh, kw).
        public let W: Parameter
        /// The bias, (outChannels), unless created with `noBias`.
        public let b: Parameter?
        /// Output channels.
        public let outChannels: Int
        /// Kernel (height, width).
        public let ksize: (Int, Int)
        /// Stride (vertical, horizontal).
        public let stride: (Int, Int)
        /// Zero padding (vertical, horizontal).
        public let pad: (Int, Int)
        /// Dilation (vertical, horizontal).
        public let dilate: (Int, Int)
        /// Channel groups.
        public let groups: Int
        private let initialW: any Initializer
        private let initialBias: (any Initializer)?

        /// Creates the layer.
        public init(_ inChannels: Int?, _ outChannels: Int, ksize: any Spatial2D, stride: any Spatial2D = 1,
                    pad: any Spatial2D = 0, noBias: Bool = false, initialW: (any Initializer)? = nil,
                    initialBias: (any Initializer)? = nil, dilate: any Spatial2D = 1, groups: Int = 1) {
            precondition(groups > 0 && outChannels % groups == 0 && (inChannels ?? groups) % groups == 0,
                         "Convolution2D: channels in \(String(describing: inChannels)) out \(outChannels) do not split into \(groups) groups")
            let dtype = Config.current.dtype
            self.outChannels = outChannels
            self.ksize = ksize.pair
            self.stride = stride.pair
            self.pad = pad.pair
            self.dilate = dilate.pair
            self.groups = groups
            let wInit = initialW ?? Initializers.LeCunNormal()
            self.initialW = wInit
            self.initialBias = initialBias
            let k = ksize.pair
            W = inChannels.map { Parameter(wInit([outChannels, $0 / groups, k.0, k.1], dtype: dtype)) }
                ?? Parameter(uninitializedName: "W", dtype: dtype)
            b = noBias ? nil : Parameter((initialBias ?? 0.0)([outChannels], dtype: dtype))
            super.init()
            register(W, as: "W")
            if let b { register(b, as: "b") }
        }

        /// Creates the layer with positional kernel size, stride and padding (`L.Convolution2D(3, 16, 3, 1, 1)`).
        public convenience init(_ inChannels: Int?, _ outChannels: Int, _ ksize: any Spatial2D, _ stride: any Spatial2D = 1,
                                _ pad: any Spatial2D = 0, noBias: Bool = false, initialW: (any Initializer)? = nil,
                                initialBias: (any Initializer)? = nil, dilate: any Spatial2D = 1, groups: Int = 1) {
            self.init(inChannels, outChannels, ksize: ksize, stride: stride, pad: pad, noBias: noBias,
                      initialW: initialW, initialBias: initialBias, dilate: dilate, groups: groups)
        }

        /// Creates a layer whose input channels are taken from its first input.
        public convenience init(_ outChannels: Int, ksize: any Spatial2D, stride: any Spatial2D = 1, pad: any Spatial2D = 0,
                                noBias: Bool = false, initialW: (any Initializer)? = nil,
                                initialBias: (any Initializer)? = nil, dilate: any Spatial2D = 1, groups: Int = 1) {
            self.init(nil, outChannels, ksize: ksize, stride: stride, pad: pad, noBias: noBias,
                      initialW: initialW, initialBias: initialBias, dilate: dilate, groups: groups)
        }

        /// Chainer's two-argument shorthand `L.Convolution2D(outChannels, ksize)`: the input channels come from the
        /// first input.
        public convenience init(_ outChannels: Int, _ ksize: any Spatial2D, stride: any Spatial2D = 1, pad: any Spatial2D = 0,
                                noBias: Bool = false, initialW: (any Initializer)? = nil,
                                initialBias: (any Initializer)? = nil, dilate: any Spatial2D = 1, groups: Int = 1) {
            self.init(nil, outChannels, ksize: ksize, stride: stride, pad: pad, noBias: noBias,
                      initialW: initialW, initialBias: initialBias, dilate: dilate, groups: groups)
        }

        /// Allocates `W` from the channels of `x` when it is not allocated yet.
        public override func initializeLazyParams(_ x: Variable) {
            guard !W.isInitialized else { return }
            precondition(x.ndim == 4, "Convolution2D: expects x of shape (N, C, H, W), got \(x.shape)")
            W.initialize(initialW([outChannels, x.shape[1] / groups, ksize.0, ksize.1], dtype: W.dtype))
        }

        /// Applies the convolution to `x` of shape (N, C, H, W).
        public func forward(_ x: Variable) -> Variable {
            initializeLazyParams(x)
            return F.convolution2D(x, current(W), current(b), stride: stride, pad: pad, dilate: dilate, groups: groups)
        }

        public override func makeFresh() -> Link {
            usingConfig(\.dtype, W.dtype) {
                Convolution2D(W.isInitialized ? W.shape[1] * groups : nil, outChannels, ksize: [ksize.0, ksize.1],
                              stride: [stride.0, stride.1], pad: [pad.0, pad.1], noBias: b == nil, initialW: initialW,
                              initialBias: initialBias, dilate: [dilate.0, dilate.1], groups: groups)
            }
        }
    }

    /// A 2-D transposed convolution layer (Chainer's `L.Deconvolution2D`). `W` has shape
    /// (inChannels, outChannels / groups, kh, kw) and defaults to LeCunNormal, `b` to zeros.
    public final class Deconvolution2D: Link, ForwardLink {
        /// Every parameter is registered and no link is held: the walk needs no reflection.
        public override class var discoversMembers: Bool { false }
        /// The filters, (inChannels, outChannels / groups, kh, kw).
        public let W: Parameter
        /// The bias, (outChannels), unless created with `noBias`.
        public let b: Parameter?
        /// Output channels.
        public let outChannels: Int
        /// Kernel (height, width).
        public let ksize: (Int, Int)
        /// Stride (vertical, horizontal).
        public let stride: (Int, Int)
        /// Padding removed from the output (vertical, horizontal).
        public let pad: (Int, Int)
        /// The output's spatial size, when the stride leaves it ambiguous.
        public let outsize: (Int, Int)?
        /// Dilation (vertical, horizontal).
        public let dilate: (Int, Int)
        /// Channel groups.
        public let groups: Int
        private let initialW: any Initializer
        private let initialBias: (any Initializer)?

        /// Creates the layer; a nil `inChannels` defers allocating `W` to the first call.
        public init(_ inChannels: Int?, _ outChannels: Int, ksize: any Spatial2D, stride: any Spatial2D = 1,
                    pad: any Spatial2D = 0, noBias: Bool = false, outsize: (Int, Int)? = nil,
                    initialW: (any Initializer)? = nil, initialBias: (any Initializer)? = nil,
                    dilate: any Spatial2D = 1, groups: Int = 1) {
            precondition(groups > 0 && outChannels % groups == 0 && (inChannels ?? groups) % groups == 0,
                         "Deconvolution2D: channels in \(String(describing: inChannels)) out \(outChannels) do not split into \(groups) groups")
            let dtype = Config.current.dtype
            self.outChannels = outChannels
            self.ksize = ksize.pair
            self.stride = stride.pair
            self.pad = pad.pair
            self.outsize = outsize
            self.dilate = dilate.pair
            self.groups = groups
            let wInit = initialW ?? Initializers.LeCunNormal()
            self.initialW = wInit
            self.initialBias = initialBias
            let k = ksize.pair
            W = inChannels.map { Parameter(wInit([$0, outChannels / groups, k.0, k.1], dtype: dtype)) }
                ?? Parameter(uninitializedName: "W", dtype: dtype)
            b = noBias ? nil : Parameter((initialBias ?? 0.0)([outChannels], dtype: dtype))
            super.init()
            register(W, as: "W")
            if let b { register(b, as: "b") }
        }

        /// Creates the layer with positional kernel size, stride and padding.
        public convenience init(_ inChannels: Int?, _ outChannels: Int, _ ksize: any Spatial2D, _ stride: any Spatial2D = 1,
                                _ pad: any Spatial2D = 0, noBias: Bool = false, outsize: (Int, Int)? = nil,
                                initialW: (any Initializer)? = nil, initialBias: (any Initializer)? = nil) {
            self.init(inChannels, outChannels, ksize: ksize, stride: stride, pad: pad, noBias: noBias, outsize: outsize,
                      initialW: initialW, initialBias: initialBias)
        }

        /// Chainer's shorthand `L.Deconvolution2D(outChannels, ksize)`: the input channels come from the first input.
        public convenience init(_ outChannels: Int, _ ksize: any Spatial2D, stride: any Spatial2D = 1, pad: any Spatial2D = 0,
                                noBias: Bool = false, outsize: (Int, Int)? = nil, initialW: (any Initializer)? = nil,
                                initialBias: (any Initializer)? = nil) {
            self.init(nil, outChannels, ksize: ksize, stride: stride, pad: pad, noBias: noBias, outsize: outsize,
                      initialW: initialW, initialBias: initialBias)
        }

        /// Allocates `W` from the channels of `x` when it is not allocated yet.
        public override func initializeLazyParams(_ x: Variable) {
            guard !W.isInitialized else { return }
            precondition(x.ndim == 4, "Deconvolution2D: expects x of shape (N, C, H, W), got \(x.shape)")
            W.initialize(initialW([x.shape[1], outChannels / groups, ksize.0, ksize.1], dtype: W.dtype))
        }

        /// Applies the transposed convolution to `x` of shape (N, C, H, W).
        public func forward(_ x: Variable) -> Variable {
            initializeLazyParams(x)
            return F.deconvolution2D(x, current(W), current(b), stride: stride, pad: pad, outsize: outsize,
                                     dilate: dilate, groups: groups)
        }

        public override func makeFresh() -> Link {
            usingConfig(\.dtype, W.dtype) {
                Deconvolution2D(W.isInitialized ? W.shape[0] : nil, outChannels, ksize: [ksize.0, ksize.1],
                                stride: [stride.0, stride.1], pad: [pad.0, pad.1], noBias: b == nil, outsize: outsize,
                                initialW: initialW, initialBias: initialBias, dilate: [dilate.0, dilate.1], groups: groups)
            }
        }
    }
}
