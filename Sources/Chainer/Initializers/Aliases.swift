// Chainer users write `initializers.HeNormal()`; these let `HeNormal()` work without the namespace as well.

/// `Initializers.Constant`.
public typealias Constant = Initializers.Constant
/// `Initializers.Zero`.
public typealias Zero = Initializers.Zero
/// `Initializers.One`.
public typealias One = Initializers.One
/// `Initializers.NaN`.
public typealias NaN = Initializers.NaN
/// `Initializers.Identity`.
public typealias Identity = Initializers.Identity
/// `Initializers.Normal`.
public typealias Normal = Initializers.Normal
/// `Initializers.Uniform`.
public typealias Uniform = Initializers.Uniform
/// `Initializers.LeCunNormal`.
public typealias LeCunNormal = Initializers.LeCunNormal
/// `Initializers.GlorotNormal`.
public typealias GlorotNormal = Initializers.GlorotNormal
/// `Initializers.HeNormal`.
public typealias HeNormal = Initializers.HeNormal
/// `Initializers.LeCunUniform`.
public typealias LeCunUniform = Initializers.LeCunUniform
/// `Initializers.GlorotUniform`.
public typealias GlorotUniform = Initializers.GlorotUniform
/// `Initializers.HeUniform`.
public typealias HeUniform = Initializers.HeUniform
/// `Initializers.Orthogonal`.
public typealias Orthogonal = Initializers.Orthogonal
/// `Initializers.UpsamplingDeconvFilter`.
public typealias UpsamplingDeconvFilter = Initializers.UpsamplingDeconvFilter
/// `Initializers.DownsamplingConvFilter`.
public typealias DownsamplingConvFilter = Initializers.DownsamplingConvFilter
