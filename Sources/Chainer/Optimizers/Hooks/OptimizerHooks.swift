/// Chainer's `chainer.optimizer_hooks` namespace (the hooks are also available at top level: `WeightDecay(1e-4)`).
public enum OptimizerHooks {
    /// See `Chainer.WeightDecay`.
    public typealias WeightDecay = Chainer.WeightDecay
    /// See `Chainer.Lasso`.
    public typealias Lasso = Chainer.Lasso
    /// See `Chainer.GradientClipping`.
    public typealias GradientClipping = Chainer.GradientClipping
    /// See `Chainer.GradientHardClipping`.
    public typealias GradientHardClipping = Chainer.GradientHardClipping
    /// See `Chainer.GradientNoise`.
    public typealias GradientNoise = Chainer.GradientNoise
    /// See `Chainer.GradientLARS`.
    public typealias GradientLARS = Chainer.GradientLARS
}
