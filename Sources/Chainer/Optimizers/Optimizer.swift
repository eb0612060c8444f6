/// Updates a link's parameters from their gradients (Chainer's `chainer.Optimizer`). Subclasses implement
/// `updateParameter(_:path:)`; the base class drives steps, epochs and the closure form.
///
/// ```swift
/// let optimizer = Adam()
/// optimizer.setup(model)
/// optimizer.update { F.softmaxCrossEntropy(model(x), t) }   // clears grads, backward, one step
/// ```
open class Optimizer {
    /// The link being optimised.
    public final private(set) var target: Link?
    /// Steps taken.
    public final var t = 0
    /// Epochs completed (advanced by `newEpoch()`).
    public final var epoch = 0

    /// Creates an optimizer with no target.
    public init() {}

    /// Attaches the optimizer to a link.
    open func setup(_ link: Link) {
        target = link
        t = 0
        epoch = 0
    }

    /// One step on every updatable parameter that has a gradient.
    open func update() {
        guard let target else { preconditionFailure("\(type(of: self)).update: call setup(_:) with a link first") }
        t += 1
        for link in target.links() where link.updateEnabled {
            for (name, p) in link.ownParams where p.grad != nil && p.isInitialized {
                updateParameter(p, path: name)
            }
        }
    }

    /// Clears the gradients, computes the loss, runs backward and takes one step.
    open func update(_ lossFunction: () -> Variable) {
        guard let target else { preconditionFailure("\(type(of: self)).update: call setup(_:) with a link first") }
        target.clearGrads()
        let loss = lossFunction()
        loss.backward()
        update()
    }

    /// Marks the end of an epoch.
    open func newEpoch() { epoch += 1 }

    /// Updates one parameter from its gradient (subclasses implement the rule).
    open func updateParameter(_ parameter: Parameter, path: String) {
        preconditionFailure("\(type(of: self)): updateParameter is not implemented")
    }
}
