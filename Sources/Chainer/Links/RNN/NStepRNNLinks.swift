import ChainerArray

extension L {
    /// One layer and direction of an n-step RNN: the weights `w0`, `w1`, … and biases `b0`, `b1`, … (the first
    /// half of the weights act on the layer's input, the rest on its state), as Chainer names them.
    public final class NStepRNNWeights: Link {
        /// Every parameter is registered and no link is held: the walk needs no reflection.
        public override class var discoversMembers: Bool { false }
        /// The weights, (outSize, inSize) then (outSize, outSize).
        public let ws: [Parameter]
        /// The biases, (outSize) each.
        public let bs: [Parameter]

        init(count: Int, inSize: Int, outSize: Int, initialW: any Initializer, initialBias: any Initializer) {
            let dtype = Config.current.dtype
            ws = (0..<count).map { j in Parameter(initialW([outSize, j < count / 2 ? inSize : outSize], dtype: dtype)) }
            bs = (0..<count).map { _ in Parameter(initialBias([outSize], dtype: dtype)) }
            super.init()
            for (j, w) in ws.enumerated() { register(w, as: "w\(j)") }
            for (j, b) in bs.enumerated() { register(b, as: "b\(j)") }
        }
    }

    /// What Chainer's n-step RNN links share: one `NStepRNNWeights` child per layer and direction, named `0`, `1`,
    /// … (so Chainer's npz files load), and calls on sequences of any order: they are sorted by length for the
    /// function and the results put back in the caller's order.
    open class NStepRNNBase: ChainList {
        /// Stacked layers.
        public let nLayers: Int
        /// Input size of the first layer.
        public let inSize: Int
        /// State size.
        public let outSize: Int
        /// Dropout ratio on the inputs of every layer but the first (in training).
        public let dropout: Double
        /// 1, or 2 when bidirectional.
        public let directions: Int
        let initialW: any Initializer, initialBias: any Initializer

        init(_ nLayers: Int, _ inSize: Int, _ outSize: Int, _ dropout: Double, weights: Int, bidirectional: Bool,
             initialW: (any Initializer)?, initialBias: (any Initializer)?) {
            precondition(nLayers > 0 && inSize > 0 && outSize > 0,
                         "NStep RNN: layers and sizes must be positive, got \(nLayers), \(inSize), \(outSize)")
            (self.nLayers, self.inSize, self.outSize, self.dropout) = (nLayers, inSize, outSize, dropout)
            directions = bidirectional ? 2 : 1
            self.initialW = initialW ?? Initializers.LeCunNormal()
            self.initialBias = initialBias ?? 0.0
            var layers: [Link] = []
            for layer in 0..<nLayers {
                for _ in 0..<directions {
                    layers.append(NStepRNNWeights(count: weights, inSize: layer == 0 ? inSize : outSize * directions,
                                                  outSize: outSize, initialW: self.initialW, initialBias: self.initialBias))
                }
            }
            super.init(layers)
        }

        /// The weights of each layer and direction, as the functions take them.
        public var ws: [[Variable]] { items.map { ($0 as! NStepRNNWeights).ws } }
        /// The biases of each layer and direction.
        public var bs: [[Variable]] { items.map { ($0 as! NStepRNNWeights).bs } }

        /// Zeros of the state shape (layers × directions, batch, outSize).
        func initialState(batch: Int, dtype: DType) -> Variable {
            Variable(NDArray.zeros([nLayers * directions, batch, outSize], dtype: dtype), requiresGrad: false)
        }

        /// Runs `function` on the sequences sorted by decreasing length and the states (nil: zeros) reordered to
        /// match, then puts the returned states and outputs back in the caller's order.
        func sorted(_ states: [Variable?], _ xs: [Variable],
                    _ function: ([Variable], [Variable]) -> (states: [Variable], ys: [Variable])) -> (states: [Variable], ys: [Variable]) {
            precondition(!xs.isEmpty, "\(type(of: self)): no sequences given")
            let order = xs.indices.sorted { xs[$0].shape[0] > xs[$1].shape[0] }
            var inverse = [Int](repeating: 0, count: order.count)
            for (k, i) in order.enumerated() { inverse[i] = k }
            let hs = states.map { s in s.map { permuteBatch($0, order) } ?? initialState(batch: xs.count, dtype: xs[0].dtype) }
            let r = function(hs, order.map { xs[$0] })
            return (r.states.map { permuteBatch($0, inverse) }, inverse.map { r.ys[$0] })
        }

        /// `state[:, order]` (the batch is axis 1), differentiably.
        private func permuteBatch(_ state: Variable, _ order: [Int]) -> Variable {
            if order == Array(order.indices) { return state }
            let (l, b, n) = (state.shape[0], state.shape[1], state.shape[2])
            let rows = F.reshape(F.transpose(state, [1, 0, 2]), [b, l * n])
            let picked = F.embedID(NDArray(order.map { Int32($0) }, shape: [b]), rows)
            return F.transpose(F.reshape(picked, [b, l, n]), [1, 0, 2])
        }
    }

    /// The n-step LSTMs (`L.NStepLSTM` is `NStepLSTMs<NStepKinds.LSTM>`): `(hy, cy, ys) = lstm(hx, cx, xs)` over
    /// sequences of different lengths (nil states start at zero).
    public final class NStepLSTMs<Kind: NStepLSTMKind>: NStepRNNBase {
        /// Creates the layers; weights default to LeCunNormal and biases to zero, as Chainer's.
        public init(_ nLayers: Int, _ inSize: Int, _ outSize: Int, _ dropout: Double, initialW: (any Initializer)? = nil,
                    initialBias: (any Initializer)? = nil) {
            super.init(nLayers, inSize, outSize, dropout, weights: 8, bidirectional: Kind.bidirectional,
                       initialW: initialW, initialBias: initialBias)
        }
        public override func makeFresh() -> Link { Self(nLayers, inSize, outSize, dropout, initialW: initialW, initialBias: initialBias) }
        /// One pass over the sequences.
        public func callAsFunction(_ hx: Variable?, _ cx: Variable?, _ xs: [Variable]) -> (hy: Variable, cy: Variable, ys: [Variable]) {
            let r = sorted([hx, cx], xs) { s, x in
                let o = Kind.run(nLayers, dropout, s[0], s[1], ws, bs, x)
                return ([o.hy, o.cy], o.ys)
            }
            return (r.states[0], r.states[1], r.ys)
        }
        /// One pass over sequences given as arrays.
        public func callAsFunction(_ hx: Variable?, _ cx: Variable?, _ xs: [NDArray]) -> (hy: Variable, cy: Variable, ys: [Variable]) {
            self(hx, cx, xs.map { Variable($0, requiresGrad: false) })
        }
    }

    /// Chainer's `NStepLSTM`.
    public typealias NStepLSTM = NStepLSTMs<NStepKinds.LSTM>
    /// Chainer's `NStepBiLSTM`: outputs hold the forward and backward states side by side.
    public typealias NStepBiLSTM = NStepLSTMs<NStepKinds.BiLSTM>

    /// The n-step links with one state, GRUs and plain RNNs (`L.NStepGRU` is `NStepRNN<NStepKinds.GRU>`):
    /// `(hy, ys) = rnn(hx, xs)`.
    public final class NStepRNN<Kind: NStepRNNKind>: NStepRNNBase {
        /// Creates the layers; weights default to LeCunNormal and biases to zero, as Chainer's.
        public init(_ nLayers: Int, _ inSize: Int, _ outSize: Int, _ dropout: Double, initialW: (any Initializer)? = nil,
                    initialBias: (any Initializer)? = nil) {
            super.init(nLayers, inSize, outSize, dropout, weights: Kind.weights, bidirectional: Kind.bidirectional,
                       initialW: initialW, initialBias: initialBias)
        }
        public override func makeFresh() -> Link { Self(nLayers, inSize, outSize, dropout, initialW: initialW, initialBias: initialBias) }
        /// One pass over the sequences.
        public func callAsFunction(_ hx: Variable?, _ xs: [Variable]) -> (hy: Variable, ys: [Variable]) {
            let r = sorted([hx], xs) { s, x in
                let o = Kind.run(nLayers, dropout, s[0], ws, bs, x)
                return ([o.hy], o.ys)
            }
            return (r.states[0], r.ys)
        }
        /// One pass over sequences given as arrays.
        public func callAsFunction(_ hx: Variable?, _ xs: [NDArray]) -> (hy: Variable, ys: [Variable]) {
            self(hx, xs.map { Variable($0, requiresGrad: false) })
        }
    }

    /// Chainer's `NStepGRU`.
    public typealias NStepGRU = NStepRNN<NStepKinds.GRU>
    /// Chainer's `NStepBiGRU`.
    public typealias NStepBiGRU = NStepRNN<NStepKinds.BiGRU>
    /// Chainer's `NStepRNNTanh`.
    public typealias NStepRNNTanh = NStepRNN<NStepKinds.Tanh>
    /// Chainer's `NStepRNNReLU`.
    public typealias NStepRNNReLU = NStepRNN<NStepKinds.ReLU>
    /// Chainer's `NStepBiRNNTanh`.
    public typealias NStepBiRNNTanh = NStepRNN<NStepKinds.BiTanh>
    /// Chainer's `NStepBiRNNReLU`.
    public typealias NStepBiRNNReLU = NStepRNN<NStepKinds.BiReLU>
}

/// What an `L.NStepRNN` runs: its weights per layer and direction, and its function.
public protocol NStepRNNKind {
    /// Weights (and biases) per layer and direction.
    static var weights: Int { get }
    /// Whether it runs both ways.
    static var bidirectional: Bool { get }
    /// The n-step function on sorted sequences.
    static func run(_ nLayers: Int, _ dropout: Double, _ hx: Variable, _ ws: [[Variable]], _ bs: [[Variable]],
                    _ xs: [Variable]) -> (hy: Variable, ys: [Variable])
}

/// What an `L.NStepLSTMs` runs.
public protocol NStepLSTMKind {
    /// Whether it runs both ways.
    static var bidirectional: Bool { get }
    /// The n-step function on sorted sequences.
    static func run(_ nLayers: Int, _ dropout: Double, _ hx: Variable, _ cx: Variable, _ ws: [[Variable]], _ bs: [[Variable]],
                    _ xs: [Variable]) -> (hy: Variable, cy: Variable, ys: [Variable])
}

/// The kinds of `L.NStepRNN` and `L.NStepLSTMs`.
public enum NStepKinds {
    /// `F.nStepLSTM`.
    public enum LSTM: NStepLSTMKind {
        public static let bidirectional = false
        public static func run(_ n: Int, _ d: Double, _ h: Variable, _ c: Variable, _ w: [[Variable]], _ b: [[Variable]],
                               _ x: [Variable]) -> (hy: Variable, cy: Variable, ys: [Variable]) {
            F.nStepLSTM(n, d, h, c, w, b, x)
        }
    }
    /// `F.nStepBiLSTM`.
    public enum BiLSTM: NStepLSTMKind {
        public static let bidirectional = true
        public static func run(_ n: Int, _ d: Double, _ h: Variable, _ c: Variable, _ w: [[Variable]], _ b: [[Variable]],
                               _ x: [Variable]) -> (hy: Variable, cy: Variable, ys: [Variable]) {
            F.nStepBiLSTM(n, d, h, c, w, b, x)
        }
    }
    /// `F.nStepGRU`.
    public enum GRU: NStepRNNKind {
        public static let weights = 6, bidirectional = false
        public static func run(_ n: Int, _ d: Double, _ h: Variable, _ w: [[Variable]], _ b: [[Variable]], _ x: [Variable]) -> (hy: Variable, ys: [Variable]) {
            F.nStepGRU(n, d, h, w, b, x)
        }
    }
    /// `F.nStepBiGRU`.
    public enum BiGRU: NStepRNNKind {
        public static let weights = 6, bidirectional = true
        public static func run(_ n: Int, _ d: Double, _ h: Variable, _ w: [[Variable]], _ b: [[Variable]], _ x: [Variable]) -> (hy: Variable, ys: [Variable]) {
            F.nStepBiGRU(n, d, h, w, b, x)
        }
    }
    /// `F.nStepRNN` with tanh.
    public enum Tanh: NStepRNNKind {
        public static let weights = 2, bidirectional = false
        public static func run(_ n: Int, _ d: Double, _ h: Variable, _ w: [[Variable]], _ b: [[Variable]], _ x: [Variable]) -> (hy: Variable, ys: [Variable]) {
            F.nStepRNN(n, d, h, w, b, x, activation: .tanh)
        }
    }
    /// `F.nStepRNN` with ReLU.
    public enum ReLU: NStepRNNKind {
        public static let weights = 2, bidirectional = false
        public static func run(_ n: Int, _ d: Double, _ h: Variable, _ w: [[Variable]], _ b: [[Variable]], _ x: [Variable]) -> (hy: Variable, ys: [Variable]) {
            F.nStepRNN(n, d, h, w, b, x, activation: .relu)
        }
    }
    /// `F.nStepBiRNN` with tanh.
    public enum BiTanh: NStepRNNKind {
        public static let weights = 2, bidirectional = true
        public static func run(_ n: Int, _ d: Double, _ h: Variable, _ w: [[Variable]], _ b: [[Variable]], _ x: [Variable]) -> (hy: Variable, ys: [Variable]) {
            F.nStepBiRNN(n, d, h, w, b, x, activation: .tanh)
        }
    }
    /// `F.nStepBiRNN` with ReLU.
    public enum BiReLU: NStepRNNKind {
        public static let weights = 2, bidirectional = true
        public static func run(_ n: Int, _ d: Double, _ h: Variable, _ w: [[Variable]], _ b: [[Variable]], _ x: [Variable]) -> (hy: Variable, ys: [Variable]) {
            F.nStepBiRNN(n, d, h, w, b, x, activation: .relu)
        }
    }
}
