extension L {
    /// The six projections of Chainer's GRU links, serialized as `W_r`, `U_r`, `W_z`, `U_z`, `W`, `U`.
    public class GRUBase: ChainBase {
        /// Input to reset gate.
        public let W_r: Linear
        /// Hidden to reset gate.
        public let U_r: Linear
        /// Input to update gate.
        public let W_z: Linear
        /// Hidden to update gate.
        public let U_z: Linear
        /// Input to candidate state.
        public let W: Linear
        /// Hidden (reset) to candidate state.
        public let U: Linear

        /// Creates the projections; a nil `inSize` is taken from the first input.
        public init(_ inSize: Int?, _ outSize: Int, initializer: (any Initializer)? = nil,
                    innerInit: (any Initializer)? = nil, biasInit: (any Initializer)? = nil) {
            W_r = Linear(inSize, outSize, initialW: initializer, initialBias: biasInit)
            U_r = Linear(outSize, outSize, initialW: innerInit, initialBias: biasInit)
            W_z = Linear(inSize, outSize, initialW: initializer, initialBias: biasInit)
            U_z = Linear(outSize, outSize, initialW: innerInit, initialBias: biasInit)
            W = Linear(inSize, outSize, initialW: initializer, initialBias: biasInit)
            U = Linear(outSize, outSize, initialW: innerInit, initialBias: biasInit)
        }

        /// Fresh copies of `other`'s projections.
        init(freshFrom other: GRUBase) {
            func fresh(_ l: Linear) -> Linear { l.makeFresh() as! Linear }
            (W_r, U_r, W_z, U_z, W, U) = (fresh(other.W_r), fresh(other.U_r), fresh(other.W_z), fresh(other.U_z),
                                          fresh(other.W), fresh(other.U))
        }
    }

    /// A GRU step without state (Chainer's `L.StatelessGRU`): `h' = (1 - z) h + z tanh(W x + U (r h))`.
    public final class StatelessGRU: GRUBase {
        /// The next hidden state from `h` and input `x`.
        public func callAsFunction(_ h: Variable, _ x: Variable) -> Variable { runHooks([h, x]) { forward(h, x) } }

        public override func makeFresh() -> Link { StatelessGRU(freshFrom: self) }

        /// The step without hooks.
        public func forward(_ h: Variable, _ x: Variable) -> Variable {
            let r = F.sigmoid(W_r(x) + U_r(h))
            let z = F.sigmoid(W_z(x) + U_z(h))
            let hBar = F.tanh(W(x) + U(r * h))
            return z * hBar + (1.0 - z) * h
        }
    }

    /// A GRU that keeps its hidden state between calls (Chainer's `L.StatefulGRU` / `L.GRU`).
    public final class StatefulGRU: GRUBase, ForwardLink {
        /// The hidden state.
        public private(set) var h: Variable?

        /// Sets the hidden state.
        public func setState(_ h: Variable?) { self.h = h }
        /// Forgets the hidden state.
        public func resetState() { h = nil }

        /// A copy starts with no state.
        public override func makeFresh() -> Link { StatefulGRU(freshFrom: self) }

        /// One step on `x`; the first step starts from a zero state (Chainer's `h' = z * h̄`).
        public func forward(_ x: Variable) -> Variable {
            var z = W_z(x), hBar = W(x)
            if let h {
                let r = F.sigmoid(W_r(x) + U_r(h))
                z = z + U_z(h)
                hBar = hBar + U(r * h)
            }
            let zs = F.sigmoid(z), ht = F.tanh(hBar)
            let next = h.map { zs * ht + (1.0 - zs) * $0 } ?? zs * ht
            h = next
            return next
        }
    }

    /// Chainer's `L.GRU`, the stateful GRU.
    public typealias GRU = StatefulGRU
}
