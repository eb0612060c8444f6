/// The geometry of a 2-D sliding window (convolution or pooling): kernel size, stride, padding and dilation.
public struct Window2D: Sendable, Equatable {
    /// Kernel height and width.
    public var kh: Int, kw: Int
    /// Vertical and horizontal stride.
    public var sy: Int, sx: Int
    /// Vertical and horizontal zero padding.
    public var ph: Int, pw: Int
    /// Vertical and horizontal dilation.
    public var dy: Int, dx: Int

    /// A window of `ksize` moving by `stride`, over an input padded by `pad`, with taps `dilate` apart.
    public init(ksize: (Int, Int), stride: (Int, Int), pad: (Int, Int), dilate: (Int, Int) = (1, 1)) {
        precondition(ksize.0 > 0 && ksize.1 > 0 && stride.0 > 0 && stride.1 > 0 && pad.0 >= 0 && pad.1 >= 0
                     && dilate.0 > 0 && dilate.1 > 0,
                     "Window2D: ksize, stride and dilate must be positive and pad non-negative, got ksize \(ksize), stride \(stride), pad \(pad), dilate \(dilate)")
        (kh, kw, sy, sx, ph, pw, dy, dx) = (ksize.0, ksize.1, stride.0, stride.1, pad.0, pad.1, dilate.0, dilate.1)
    }

    /// Chainer's `get_conv_outsize` for one axis: output length of a window sweep (coverAll keeps a last, partial window).
    public static func convOutSize(_ size: Int, k: Int, s: Int, p: Int, d: Int = 1, coverAll: Bool = false) -> Int {
        let dk = k + (k - 1) * (d - 1)
        return coverAll ? (size + 2 * p - dk + s - 1) / s + 1 : (size + 2 * p - dk) / s + 1
    }

    /// Chainer's `get_deconv_outsize` for one axis: the input length a sweep with `size` outputs came from.
    public static func deconvOutSize(_ size: Int, k: Int, s: Int, p: Int, d: Int = 1, coverAll: Bool = false) -> Int {
        let dk = k + (k - 1) * (d - 1)
        return coverAll ? s * (size - 1) + dk - s + 1 - 2 * p : s * (size - 1) + dk - 2 * p
    }

    /// Output plane size for an `h`×`w` input.
    public func outSize(_ h: Int, _ w: Int, coverAll: Bool = false) -> (Int, Int) {
        (Self.convOutSize(h, k: kh, s: sy, p: ph, d: dy, coverAll: coverAll),
         Self.convOutSize(w, k: kw, s: sx, p: pw, d: dx, coverAll: coverAll))
    }

    /// Input plane size that an `h`×`w` output came from (the transposed sweep).
    public func deconvOutSize(_ h: Int, _ w: Int, coverAll: Bool = false) -> (Int, Int) {
        (Self.deconvOutSize(h, k: kh, s: sy, p: ph, d: dy, coverAll: coverAll),
         Self.deconvOutSize(w, k: kw, s: sx, p: pw, d: dx, coverAll: coverAll))
    }

    /// The kernels' geometry vector {H, W, kh, kw, sy, sx, ph, pw, dy, dx, oh, ow}.
    func kernelGeometry(input: (Int, Int), output: (Int, Int)) -> [Int64] {
        [input.0, input.1, kh, kw, sy, sx, ph, pw, dy, dx, output.0, output.1].map { Int64($0) }
    }
}
