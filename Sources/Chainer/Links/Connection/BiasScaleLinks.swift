extension L {
    /// `y` of shape `shape` viewed against `x`'s axes from `axis` on and broadcast to `x`'s shape.
    static func broadcastAlong(_ y: Variable, to x: Variable, axis: Int, link: String) -> Variable {
        precondition(axis >= 0 && axis + y.ndim <= x.ndim && Array(x.shape[axis..<(axis + y.ndim)]) == y.shape,
                     "\(link): operand of shape \(y.shape) does not match x of shape \(x.shape) (\(x.dtype)) from axis \(axis)")
        let shape = Array(repeating: 1, count: axis) + y.shape + Array(repeating: 1, count: x.ndim - axis - y.ndim)
        return F.broadcastTo(F.reshape(y, shape), x.shape)
    }

    /// Adds a learned (or given) bias along axes starting at `axis` (Chainer's `L.Bias`; serialized name `b`).
    public final class Bias: Link, ForwardLink {
        /// The bias (zeros at first), when created with a shape.
        public let b: Parameter?
        /// The first axis of `x` the bias lines up with.
        public let axis: Int

        /// Creates the link; without a shape it has no parameter and takes the bias as a second argument.
        public init(axis: Int = 1, shape: [Int]? = nil) {
            self.axis = axis
            b = shape.map { Parameter(NDArray.zeros($0, dtype: Config.current.dtype)) }
            super.init()
            if let b { register(b, as: "b") }
        }

        public override func makeFresh() -> Link {
            usingConfig(\.dtype, b?.dtype ?? Config.current.dtype) { Bias(axis: axis, shape: b?.shape) }
        }

        /// `x` plus the learned bias.
        public func forward(_ x: Variable) -> Variable {
            guard let b else { preconditionFailure("Bias: created without a shape, so call it with the bias as well") }
            return x + L.broadcastAlong(current(b), to: x, axis: axis, link: "Bias")
        }

        /// `x` plus `y` broadcast from `axis`.
        public func callAsFunction(_ x: Variable, _ y: Variable) -> Variable {
            runHooks([x, y]) { x + L.broadcastAlong(y, to: x, axis: axis, link: "Bias") }
        }
    }

    /// Multiplies by a learned (or given) scale along axes starting at `axis`, with an optional learned bias
    /// (Chainer's `L.Scale`; serialized names `W` and `bias/b`).
    public final class Scale: Link, ForwardLink {
        /// The scale (ones at first), when created with `wShape`.
        public let W: Parameter?
        /// The bias link, when created with `biasTerm`.
        public let bias: Bias?
        /// The first axis of `x` the scale lines up with.
        public let axis: Int

        /// Creates the link; without `wShape` it takes the scale as a second argument.
        public init(axis: Int = 1, wShape: [Int]? = nil, biasTerm: Bool = false, biasShape: [Int]? = nil) {
            self.axis = axis
            W = wShape.map { Parameter(NDArray.full($0, 1, dtype: Config.current.dtype)) }
            if biasTerm {
                precondition(wShape != nil || biasShape != nil, "Scale: biasTerm needs wShape or biasShape")
                bias = Bias(axis: axis, shape: wShape ?? biasShape)
            } else {
                bias = nil
            }
            super.init()
            if let W { register(W, as: "W") }
        }

        public override func makeFresh() -> Link {
            usingConfig(\.dtype, W?.dtype ?? bias?.b?.dtype ?? Config.current.dtype) {
                Scale(axis: axis, wShape: W?.shape, biasTerm: bias != nil, biasShape: bias?.b?.shape)
            }
        }

        /// `x` times the learned scale (plus the bias).
        public func forward(_ x: Variable) -> Variable {
            guard let W else { preconditionFailure("Scale: created without wShape, so call it with the scale as well") }
            return scaled(x, current(W))
        }

        /// `x` times `y` broadcast from `axis` (plus the bias).
        public func callAsFunction(_ x: Variable, _ y: Variable) -> Variable { runHooks([x, y]) { scaled(x, y) } }

        private func scaled(_ x: Variable, _ y: Variable) -> Variable {
            let h = x * L.broadcastAlong(y, to: x, axis: axis, link: "Scale")
            return bias.map { $0(h) } ?? h
        }
    }

    /// A link holding one parameter array, returned when called (Chainer's `L.Parameter`; serialized name `W`).
    public final class ParameterLink: Link {
        /// The parameter.
        public let W: Parameter

        /// Wraps `array` as a trainable parameter.
        public init(_ array: NDArray) {
            W = Parameter(array)
            super.init()
            register(W, as: "W")
        }

        /// A link holding a copy of the array (the array is also what `.initialize` starts from, as in Chainer).
        public override func makeFresh() -> Link { ParameterLink(W.array.copy()) }

        /// The parameter as a variable in the graph.
        public func callAsFunction() -> Variable { runHooks([]) { current(W) } }
    }
}
