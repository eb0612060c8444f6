import ChainerArray

extension F {
    /// A sample of N(mean, exp(lnVar)) by the reparameterisation trick (Chainer's `gaussian`, the VAE's sampler):
    /// mean + exp(lnVar / 2)·ε with ε drawn from the seeded generator, differentiable in both arguments.
    public static func gaussian(_ mean: Variable, _ lnVar: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(mean.shape == lnVar.shape && mean.dtype == lnVar.dtype && mean.dtype.isFloatingPoint,
                     "gaussian: mean \(mean.shape) \(mean.dtype) and lnVar \(lnVar.shape) \(lnVar.dtype) must agree (\(file):\(line))")
        let noise = Variable.constant(NDArray.normal(mean.shape, dtype: mean.dtype))
        return mean + exp(lnVar * 0.5) * noise
    }
}
