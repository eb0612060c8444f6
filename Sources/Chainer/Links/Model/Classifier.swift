extension L {
    /// Wraps a predictor with a loss and an accuracy (Chainer's `L.Classifier`): `model(x, t)` runs the predictor,
    /// reports `loss` and `accuracy` to the active reporter with this link as observer, and returns the loss.
    ///
    /// ```swift
    /// let model = L.Classifier(MLP())
    /// let loss = model(x, t)
    /// ```
    public final class Classifier: ChainBase {
        /// The one child is `predictor`, named without reflection.
        public override class var discoversMembers: Bool { false }
        /// `predictor`.
        public override var namedChildren: [(String, Link)] { [("predictor", predictor)] }
        /// The wrapped model.
        public let predictor: any Link & ChainCall
        /// Computes the loss from the prediction and the labels (default: softmax cross entropy).
        public let lossFunction: (Variable, Variable) -> Variable
        /// Computes the accuracy (default: `F.accuracy`).
        public let accuracyFunction: (Variable, Variable) -> Variable
        /// Whether calls compute and report the accuracy.
        public var computeAccuracy = true
        /// The last prediction.
        public private(set) var y: Variable?
        /// The last loss.
        public private(set) var loss: Variable?
        /// The last accuracy.
        public private(set) var accuracy: Variable?

        /// Wraps `predictor`.
        public init(_ predictor: any Link & ChainCall,
                    lossFunction: @escaping (Variable, Variable) -> Variable = { F.softmaxCrossEntropy($0, $1) },
                    accuracyFunction: @escaping (Variable, Variable) -> Variable = { F.accuracy($0, $1) }) {
            self.predictor = predictor
            self.lossFunction = lossFunction
            self.accuracyFunction = accuracyFunction
        }

        public override func makeFresh() -> Link {
            guard let p = predictor.makeFresh() as? any Link & ChainCall else {
                preconditionFailure("copy(mode:): \(type(of: predictor)).makeFresh() returned a link that is not callable with one variable")
            }
            let c = Classifier(p, lossFunction: lossFunction, accuracyFunction: accuracyFunction)
            c.computeAccuracy = computeAccuracy
            return c
        }

        /// The loss of the predictor's output on `x` against labels `t`; reports `loss` and `accuracy`.
        public func callAsFunction(_ x: Variable, _ t: Variable) -> Variable { runHooks([x, t]) { forward(x, t) } }

        /// The loss and reports without hooks.
        public func forward(_ x: Variable, _ t: Variable) -> Variable {
            y = nil; loss = nil; accuracy = nil
            let y = predictor(x)
            let loss = lossFunction(y, t)
            self.y = y
            self.loss = loss
            report(["loss": loss], observer: self)
            if computeAccuracy {
                let acc = accuracyFunction(y, t)
                accuracy = acc
                report(["accuracy": acc], observer: self)
            }
            return loss
        }

        /// `callAsFunction` with the labels as an array.
        public func callAsFunction(_ x: Variable, _ t: NDArray) -> Variable {
            callAsFunction(x, Variable(t, requiresGrad: false))
        }

        /// `callAsFunction` with the inputs and labels as arrays.
        public func callAsFunction(_ x: NDArray, _ t: NDArray) -> Variable {
            callAsFunction(Variable(x, requiresGrad: false), Variable(t, requiresGrad: false))
        }
    }
}

extension L.Classifier: LossLink {
    /// The loss of a batch `[x, t]`, as the updater and evaluator call it.
    public func callAsFunction(_ inputs: [Variable]) -> Variable {
        precondition(inputs.count == 2, "Classifier: expects a batch of (x, t), got \(inputs.count) arrays")
        return self(inputs[0], inputs[1])
    }
}
