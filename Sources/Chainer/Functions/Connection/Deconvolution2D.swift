/// 2-D transposed convolution (Chainer's `Deconvolution2DFunction`): GEMM + col2im. Its input gradient is a
/// convolution and its filter gradient a `Convolution2DGradW` of the output gradient against the input.
final class Deconvolution2DFunction: FunctionNode {
    let window: Window2D, outSize: (Int, Int), groups: Int
    /// Whether the matching forward convolution of the output needs coverAll to give back the input size.
    var coverAll = false
    init(window: Window2D, outSize: (Int, Int), groups: Int) { self.window = window; self.outSize = outSize; self.groups = groups }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainInputs([0, 1])
        let (h, w) = (x[0].shape[2], x[0].shape[3])
        if window.outSize(outSize.0, outSize.1) != (h, w) {
            coverAll = true
            precondition(window.outSize(outSize.0, outSize.1, coverAll: true) == (h, w),
                         "deconvolution2D: output size \(outSize) does not fit an input of shape \(x[0].shape) with window \(window)")
        }
        return [NDArray.deconvolution2D(x[0], x[1], bias: x.count == 3 ? x[2] : nil, window: window, outSize: outSize,
                                        groups: groups)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let x = retainedInput(0), W = retainedInput(1), g = gy[0]!
        return indexes.map { i -> Variable? in
            switch i {
            case 0: Convolution2DFunction(window: window, coverAll: coverAll, groups: groups).applySingle([g, W])
            case 1: Convolution2DGradW(window: window, coverAll: coverAll, groups: groups).applySingle([g, x])
            default: F.sum(g, axes: [0, 2, 3])
            }
        }
    }
}

extension F {
    /// Transposed convolution of `x` (N, C, h, w) with `W` (C, O/groups, kh, kw) plus an optional bias `b` (O). The output
    /// size defaults to Chainer's `get_deconv_outsize` (`stride·(h−1) + dilated kernel − 2·pad`).
    public static func deconvolution2D(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: any Spatial2D = 1,
                                       pad: any Spatial2D = 0, outsize: (Int, Int)? = nil, dilate: any Spatial2D = 1,
                                       groups: Int = 1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        deconvolution2D(x, W, b, stride: stride.pair, pad: pad.pair, outsize: outsize, dilate: dilate.pair,
                        groups: groups, file: file, line: line)
    }

    /// Transposed convolution with (vertical, horizontal) stride, padding and dilation.
    public static func deconvolution2D(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: (Int, Int),
                                       pad: (Int, Int) = (0, 0), outsize: (Int, Int)? = nil, dilate: (Int, Int) = (1, 1),
                                       groups: Int = 1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.ndim == 4 && W.ndim == 4 && groups > 0 && x.shape[1] == W.shape[0] && W.shape[0] % groups == 0,
                     "deconvolution2D: x of shape \(x.shape) (\(x.dtype)) does not match W of shape \(W.shape) (\(W.dtype)) with groups \(groups) (\(file):\(line))")
        precondition(b == nil || b!.shape == [W.shape[1] * groups],
                     "deconvolution2D: bias of shape \(b!.shape) (\(b!.dtype)) does not match W of shape \(W.shape) with groups \(groups) (\(file):\(line))")
        let window = Window2D(ksize: (W.shape[2], W.shape[3]), stride: stride, pad: pad, dilate: dilate)
        let size = outsize ?? window.deconvOutSize(x.shape[2], x.shape[3])
        precondition(size.0 > 0 && size.1 > 0, "deconvolution2D: output size \(size) is not positive for x of shape \(x.shape) and W of shape \(W.shape) (\(file):\(line))")
        let (h, w) = (x.shape[2], x.shape[3])
        precondition(window.outSize(size.0, size.1) == (h, w) || window.outSize(size.0, size.1, coverAll: true) == (h, w),
                     "deconvolution2D: output size \(size) does not fit x of shape \(x.shape) with stride \(stride), pad \(pad), dilate \(dilate) (\(file):\(line))")
        let node = Deconvolution2DFunction(window: window, outSize: size, groups: groups)
        return node.applySingle(b.map { [x, W, $0] } ?? [x, W], file: file, line: line)
    }
}
