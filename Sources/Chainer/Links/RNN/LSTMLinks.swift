extension L {
    /// Chainer's LSTM parameters: `upward` (in → 4H, with bias) and `lateral` (H → 4H, no bias); the forget gate's
    /// bias starts at 1.
    static func lstmLinears(_ inSize: Int?, _ outSize: Int, lateralInit: (any Initializer)?, upwardInit: (any Initializer)?,
                            biasInit: (any Initializer)?, forgetBiasInit: any Initializer) -> (Linear, Linear) {
        let dtype = Config.current.dtype
        var bias = (biasInit ?? 0.0)([4 * outSize], dtype: .float64).scalars
        let forget = forgetBiasInit([outSize], dtype: .float64).scalars
        for j in 0..<outSize { bias[4 * j + 2] = forget[j] }
        let upward = Linear(inSize, 4 * outSize, initialW: upwardInit, initialBias: NDArray(bias, dtype: dtype))
        let lateral = Linear(outSize, 4 * outSize, noBias: true, initialW: lateralInit)
        return (upward, lateral)
    }

    /// A stateless LSTM layer (Chainer's `L.StatelessLSTM`): `(c, h) = lstm(c, h, x)`.
    public final class StatelessLSTM: ChainBase {
        /// Input projection (serialized `upward`).
        public let upward: Linear
        /// Recurrent projection (serialized `lateral`).
        public let lateral: Linear
        /// The hidden size.
        public let stateSize: Int

        /// Creates the layer; a nil `inSize` is taken from the first input.
        public init(_ inSize: Int?, _ outSize: Int, lateralInit: (any Initializer)? = nil, upwardInit: (any Initializer)? = nil,
                    biasInit: (any Initializer)? = nil, forgetBiasInit: any Initializer = 1.0) {
            (upward, lateral) = L.lstmLinears(inSize, outSize, lateralInit: lateralInit, upwardInit: upwardInit,
                                              biasInit: biasInit, forgetBiasInit: forgetBiasInit)
            stateSize = outSize
        }

        /// Chainer's one-argument form `L.LSTM(outSize)`: the input size comes from the first input.
        public convenience init(_ outSize: Int) { self.init(nil, outSize) }

        private init(upward: Linear, lateral: Linear, stateSize: Int) {
            (self.upward, self.lateral, self.stateSize) = (upward, lateral, stateSize)
        }

        public override func makeFresh() -> Link {
            StatelessLSTM(upward: upward.makeFresh() as! Linear, lateral: lateral.makeFresh() as! Linear, stateSize: stateSize)
        }

        /// One step from the previous cell and hidden states (nil at the start) and input `x` (B, in).
        public func callAsFunction(_ c: Variable?, _ h: Variable?, _ x: Variable) -> (c: Variable, h: Variable) {
            runHooks([c, h, x].compactMap { $0 }, outputs: { [$0.c, $0.h] }) { forward(c, h, x) }
        }

        /// The step without hooks.
        public func forward(_ c: Variable?, _ h: Variable?, _ x: Variable) -> (c: Variable, h: Variable) {
            var pre = upward(x)
            if let h { pre = pre + lateral(h) }
            let c0 = c ?? Variable(NDArray.zeros([x.shape[0], stateSize], dtype: pre.dtype), requiresGrad: false)
            return F.lstm(c0, pre)
        }
    }

    /// A stateful LSTM layer (Chainer's `L.LSTM`): keeps `c` and `h` between calls; `resetState()` forgets them.
    public final class LSTM: ChainBase, ForwardLink {
        /// Input projection (serialized `upward`).
        public let upward: Linear
        /// Recurrent projection (serialized `lateral`).
        public let lateral: Linear
        /// The hidden size.
        public let stateSize: Int
        /// The cell state.
        public private(set) var c: Variable?
        /// The hidden state (the last output).
        public private(set) var h: Variable?

        /// Creates the layer; `L.LSTM(in, out)`, or a nil `inSize` taken from the first input.
        public init(_ inSize: Int?, _ outSize: Int, lateralInit: (any Initializer)? = nil, upwardInit: (any Initializer)? = nil,
                    biasInit: (any Initializer)? = nil, forgetBiasInit: any Initializer = 1.0) {
            (upward, lateral) = L.lstmLinears(inSize, outSize, lateralInit: lateralInit, upwardInit: upwardInit,
                                              biasInit: biasInit, forgetBiasInit: forgetBiasInit)
            stateSize = outSize
        }

        /// Chainer's one-argument form `L.LSTM(outSize)`: the input size comes from the first input.
        public convenience init(_ outSize: Int) { self.init(nil, outSize) }

        private init(upward: Linear, lateral: Linear, stateSize: Int) {
            (self.upward, self.lateral, self.stateSize) = (upward, lateral, stateSize)
        }

        /// A copy starts with no state.
        public override func makeFresh() -> Link {
            LSTM(upward: upward.makeFresh() as! Linear, lateral: lateral.makeFresh() as! Linear, stateSize: stateSize)
        }

        /// Sets the states.
        public func setState(c: Variable?, h: Variable?) { self.c = c; self.h = h }
        /// Forgets the states (Chainer's `reset_state`).
        public func resetState() { c = nil; h = nil }

        /// One step on `x` (B, in); returns the new hidden state. A batch smaller than the state's updates only the
        /// state's first B rows and keeps the rest, as Chainer does for sequences sorted by decreasing length.
        public func forward(_ x: Variable) -> Variable {
            let batch = x.shape[0]
            var pre = upward(x)
            // The state's rows beyond this batch, carried over unchanged.
            func split(_ s: Variable) -> (Variable, Variable?) {
                precondition(s.shape[0] >= batch, "LSTM: the batch of x \(x.shape) exceeds the state's \(s.shape); call resetState()")
                guard s.shape[0] > batch else { return (s, nil) }
                let parts = F.splitAxis(s, [batch], axis: 0)
                return (parts[0], parts[1])
            }
            var hRest: Variable?, cRest: Variable?, cPrev: Variable?
            if let h {
                let (hUsed, rest) = split(h)
                pre = pre + lateral(hUsed)
                hRest = rest
            }
            if let c { (cPrev, cRest) = split(c) }
            let c0 = cPrev ?? Variable(NDArray.zeros([batch, stateSize], dtype: pre.dtype), requiresGrad: false)
            let (c1, h1) = F.lstm(c0, pre)
            c = cRest.map { F.concat([c1, $0], axis: 0) } ?? c1
            h = hRest.map { F.concat([h1, $0], axis: 0) } ?? h1
            return h1
        }
    }
}
