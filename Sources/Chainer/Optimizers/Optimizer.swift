import Foundation

/// Updates a link's parameters from their gradients (Chainer's `chainer.Optimizer` / `GradientMethod`). Each
/// parameter gets its own `UpdateRule` (state, step count, hyperparameters overridable per parameter) made by
/// `createUpdateRule()`; the optimizer drives steps, epochs, hooks and loss scaling.
///
/// ```swift
/// let optimizer = Adam()
/// optimizer.setup(model)
/// optimizer.addHook(WeightDecay(1e-4))
/// optimizer.update { F.softmaxCrossEntropy(model(x), t) }   // clears grads, backward, one step
/// ```
open class Optimizer {
    /// The link being optimised.
    public final private(set) var target: Link?
    /// Steps taken.
    public final var t = 0
    /// Epochs completed (advanced by `newEpoch()`).
    public final var epoch = 0
    /// The optimizer-wide hyperparameters, by Chainer's names (`lr`, `alpha`, …); settable for schedules.
    public final let hyperparam = Hyperparameter()
    /// Update rules by parameter path ("/l1/W"), made on setup and for parameters found later.
    public final internal(set) var updateRules: [String: UpdateRule] = [:]
    /// Registered hooks, in the order they run.
    public final private(set) var hooks: [(name: String, hook: any OptimizerHook)] = []
    /// The loss scale (nil when loss scaling is off); gradients are divided by it before each update.
    public final private(set) var lossScale: Double?
    /// Whether new rules keep float32 master copies of float16 parameters.
    public final private(set) var usesFP32Update = false
    private var dynamicScaling: (multiplier: Double, nanEver: Bool)?
    private var skippedStep = false
    /// The parameters `update(_:)` already listed, handed to the `update()` it calls.
    private var stepParams: (named: [(String, Parameter)], frozen: Set<ObjectIdentifier>)?
    /// The largest loss scale dynamic scaling reaches (float16's largest value).
    public static let maxLossScale = 65504.0

    /// Creates an optimizer with no target.
    public init() {}

    /// The rule for a new parameter (subclasses return theirs; nil means the subclass overrides `updateParameter`).
    open func createUpdateRule() -> UpdateRule? { nil }

    /// Attaches the optimizer to a link and makes a rule for each of its parameters; returns the optimizer, as
    /// Chainer's does (`let optimizer = Adam().setup(model)`).
    @discardableResult
    open func setup(_ link: Link) -> Self {
        target = link
        t = 0
        epoch = 0
        updateRules = [:]
        for (path, _) in link.namedParams() { _ = updateRule(for: path) }
        return self
    }

    /// The rule of the parameter at `path`, made on first use (nil when there is no such parameter or the optimizer
    /// has no rules).
    public final func updateRule(for path: String) -> UpdateRule? {
        if let r = updateRules[path] { return r }
        guard let target, target.namedParams().contains(where: { $0.0 == path }), let r = createUpdateRule() else { return nil }
        if usesFP32Update { r.useFP32Update() }
        updateRules[path] = r
        return r
    }

    /// Updates float16 parameters through float32 master copies (Chainer's `use_fp32_update`).
    public final func useFP32Update(_ flag: Bool = true) {
        usesFP32Update = flag
        for r in updateRules.values { r.useFP32Update(flag) }
    }

    /// Turns on loss scaling: static with `scale`, or dynamic when `scale` is nil (starts at 1, grows by 2^(1/interval)
    /// per clean step after the first overflow, doubles per step before it, and halves on a step with Inf/NaN
    /// gradients, which is skipped).
    public final func lossScaling(interval: Int = 1000, scale: Double? = nil) {
        if let scale {
            precondition(scale > 0, "Optimizer.lossScaling: scale must be positive (got \(scale))")
            lossScale = scale
            dynamicScaling = nil
        } else {
            precondition(interval >= 1, "Optimizer.lossScaling: interval must be at least 1 (got \(interval))")
            lossScale = 1
            dynamicScaling = (Foundation.pow(2.0, 1.0 / Double(interval)), false)
        }
    }

    /// Sets a static loss scale.
    public final func setLossScale(_ scale: Double) { lossScaling(scale: scale) }

    /// Whether the last `update()` was skipped because dynamic loss scaling found Inf/NaN gradients.
    public final var lastStepSkipped: Bool { skippedStep }

    /// Registers a hook (Chainer's `add_hook`); names must be unique.
    public final func addHook(_ hook: any OptimizerHook, name: String? = nil) {
        let key = name ?? hook.name
        precondition(!hooks.contains { $0.name == key }, "Optimizer.addHook: a hook named \(key) is already registered")
        hooks.append((key, hook))
    }

    /// Removes the hook registered under `name`.
    public final func removeHook(_ name: String) {
        precondition(hooks.contains { $0.name == name }, "Optimizer.removeHook: no hook named \(name)")
        hooks.removeAll { $0.name == name }
    }

    /// Removes a registered hook object.
    public final func removeHook(_ hook: any OptimizerHook) { hooks.removeAll { $0.hook === hook } }

    /// Gives every initialised parameter without a gradient a zero gradient (Chainer does this before and after the
    /// hooks, so such parameters still take a step, e.g. momentum keeps moving them).
    public final func reallocateClearedGrads() {
        guard let target else { return }
        reallocate(target.params())
    }

    private func reallocate(_ params: [Parameter]) {
        for p in params where p.isInitialized && p.grad == nil {
            p.grad = NDArray.zeros(p.shape, dtype: p.dtype)
        }
    }

    private func callHooks(_ timing: HookTiming, _ params: [Parameter]) {
        for (_, h) in hooks where h.timing == timing {
            h(self)
            reallocate(params)
        }
    }

    /// One step on every updatable parameter (Chainer's `GradientMethod.update` without a loss function).
    open func update() {
        guard let target else { preconditionFailure("\(type(of: self)).update: call setup(_:) with a link first") }
        // Walk the link tree once per step: parameter discovery uses reflection.
        let (all, frozen) = stepParams ?? target.namedParamsAndFrozen()
        let named = all.filter { $0.1.isInitialized }
        stepParams = nil
        let params = named.map(\.1)
        reallocate(params)
        skippedStep = dynamicScaling != nil && params.contains { p in
            p.grad.map { $0.isfinite().all().item() == 0 } == true
        }
        callHooks(.pre, params)
        t += 1
        if !skippedStep {
            for (path, p) in named where !frozen.contains(ObjectIdentifier(p)) {
                updateParameter(p, path: path)
            }
        }
        reallocate(params)
        callHooks(.post, params)
        updateLossScale()
    }

    private func updateLossScale() {
        guard var dyn = dynamicScaling, let scale = lossScale else { return }
        let multiplier: Double
        if skippedStep {
            multiplier = 0.5
            dyn.nanEver = true
        } else {
            multiplier = dyn.nanEver ? dyn.multiplier : 2
        }
        dynamicScaling = dyn
        lossScale = Swift.max(1, Swift.min(Optimizer.maxLossScale, scale * multiplier))
    }

    /// Clears the gradients, computes the loss, runs backward (scaled by the loss scale), releases the graph the loss
    /// function built and takes one step. A graph built before the call stays whole, so one forward may feed two
    /// updates (a GAN's `dis(gen(z))`, as in Chainer's DCGAN).
    open func update(_ lossFunction: () -> Variable) {
        guard let target else { preconditionFailure("\(type(of: self)).update: call setup(_:) with a link first") }
        let start = FunctionNode.graphClock.value
        let loss = lossFunction()
        // One walk of the link tree serves clearing the gradients and the step (after the loss, so parameters
        // initialised by this first call are included).
        let walk = target.namedParamsAndFrozen()
        for (_, p) in walk.named { p.clearGrad() }
        loss.backward(lossScale: lossScale)
        // The graph is spent; freeing the arrays it retained (parameters and views of them) leaves each parameter the
        // only owner of its buffer, so the step writes it in place instead of copying it.
        loss.unchainBackward(since: start)
        stepParams = walk
        update()
    }

    /// The hyperparameter `name` (Chainer's `optimizer.lr`), stopping with a message naming it when the optimizer
    /// has none; setting it changes every parameter's rule that does not override it.
    public final subscript(hyperparameter name: String) -> Double {
        get { hyperparam.require(name) }
        set { hyperparam[name] = newValue }
    }

    /// Chainer's `optimizer.update(model, x, t)`: one step on the loss a loss link (an `L.Classifier`) gives for
    /// these arrays.
    public final func update(_ model: any LossLink, _ inputs: NDArray...) {
        update { model(inputs.map { Variable($0, requiresGrad: false) }) }
    }

    /// `update(_:_:)` with the inputs as variables.
    public final func update(_ model: any LossLink, _ inputs: Variable...) { update { model(inputs) } }

    /// Marks the end of an epoch.
    open func newEpoch() { epoch += 1 }

    /// Updates one parameter through its rule (override for optimizers without rules).
    open func updateParameter(_ parameter: Parameter, path: String) {
        guard let rule = updateRule(for: path) else {
            preconditionFailure("\(type(of: self)): neither createUpdateRule nor updateParameter is implemented")
        }
        rule.update(parameter, lossScale: lossScale)
    }
}
