extension F {
    /// Depthwise convolution (Chainer's `depthwise_convolution_2d`): `W` (multiplier, C, kh, kw) filters each input
    /// channel separately; output channel `c·multiplier + m` is channel c filtered by W[m, c]. Computed as a grouped
    /// convolution with C groups.
    public static func depthwiseConvolution2D(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: any Spatial2D = 1,
                                              pad: any Spatial2D = 0, file: StaticString = #fileID,
                                              line: UInt = #line) -> Variable {
        precondition(x.ndim == 4 && W.ndim == 4 && x.shape[1] == W.shape[1],
                     "depthwiseConvolution2D: x of shape \(x.shape) (\(x.dtype)) does not match W of shape \(W.shape) (\(W.dtype)) (\(file):\(line))")
        let (m, c, kh, kw) = (W.shape[0], W.shape[1], W.shape[2], W.shape[3])
        let grouped = reshape(transpose(W, [1, 0, 2, 3]), [c * m, 1, kh, kw])
        return convolution2D(x, grouped, b, stride: stride, pad: pad, groups: c, file: file, line: line)
    }

    /// Dilated convolution (Chainer's `dilated_convolution_2d`): `convolution2D` with taps `dilate` apart.
    public static func dilatedConvolution2D(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: any Spatial2D = 1,
                                            pad: any Spatial2D = 0, dilate: any Spatial2D = 1, coverAll: Bool = false,
                                            file: StaticString = #fileID, line: UInt = #line) -> Variable {
        convolution2D(x, W, b, stride: stride, pad: pad, coverAll: coverAll, dilate: dilate, file: file, line: line)
    }
}
