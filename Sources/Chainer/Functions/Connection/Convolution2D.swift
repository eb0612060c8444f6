/// 2-D convolution (Chainer's `Convolution2DFunction`): im2col + GEMM; the input gradient is a deconvolution and the
/// filter gradient a `Convolution2DGradW`, both differentiable, so double backprop works.
final class Convolution2DFunction: FunctionNode {
    let window: Window2D, coverAll: Bool, groups: Int
    var inputSize = (0, 0)
    /// The forward's im2col matrix, kept until the filter gradient reuses it (rebuilding it costs as much as a
    /// memory pass over it); only when backprop is on, so inference keeps no extra memory, and only when the forward
    /// built one (large batches go image by image and never do).
    private var columns: NDArray?
    init(window: Window2D, coverAll: Bool, groups: Int) { self.window = window; self.coverAll = coverAll; self.groups = groups }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainInputs([0, 1])
        inputSize = (x[0].shape[2], x[0].shape[3])
        let (y, col) = NDArray.convolution2DKeepingColumns(x[0], x[1], bias: x.count == 3 ? x[2] : nil, window: window,
                                                          coverAll: coverAll, groups: groups)
        if Config.current.enableBackprop { columns = col }
        return [y]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let x = retainedInput(0), W = retainedInput(1), g = gy[0]!
        let col = columns
        columns = nil
        return indexes.map { i -> Variable? in
            switch i {
            case 0: Deconvolution2DFunction(window: window, outSize: inputSize, groups: groups).applySingle([g, W])
            case 1: Convolution2DGradW(window: window, coverAll: coverAll, groups: groups, columns: col).applySingle([x, g])
            default: F.sum(g, axes: [0, 2, 3])
            }
        }
    }
}

/// The filter gradient of a convolution from its input `x` and output gradient `gy` (Chainer's `Convolution2DGradW`).
final class Convolution2DGradW: FunctionNode {
    let window: Window2D, coverAll: Bool, groups: Int
    var inputSize = (0, 0)
    /// The im2col matrix of `x` from the convolution's forward, used once instead of rebuilding it.
    private var columns: NDArray?
    init(window: Window2D, coverAll: Bool, groups: Int, columns: NDArray? = nil) {
        self.window = window; self.coverAll = coverAll; self.groups = groups; self.columns = columns
    }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainInputs([0, 1])
        inputSize = (x[0].shape[2], x[0].shape[3])
        let col = columns
        columns = nil
        return [NDArray.convolution2DGradW(x[0], x[1], window: window, groups: groups, columns: col)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let x = retainedInput(0), g = retainedInput(1), ggW = gy[0]!
        return indexes.map { i -> Variable in
            i == 0 ? Deconvolution2DFunction(window: window, outSize: inputSize, groups: groups).applySingle([g, ggW])
                   : Convolution2DFunction(window: window, coverAll: coverAll, groups: groups).applySingle([x, ggW])
        }
    }
}

extension F {
    /// 2-D convolution of `x` (N, C, H, W) with `W` (O, C/groups, kh, kw) plus an optional bias `b` (O): (N, O, oh, ow).
    public static func convolution2D(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: any Spatial2D = 1,
                                     pad: any Spatial2D = 0, coverAll: Bool = false, dilate: any Spatial2D = 1,
                                     groups: Int = 1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        convolution2D(x, W, b, stride: stride.pair, pad: pad.pair, coverAll: coverAll, dilate: dilate.pair,
                      groups: groups, file: file, line: line)
    }

    /// 2-D convolution with (vertical, horizontal) stride, padding and dilation.
    public static func convolution2D(_ x: Variable, _ W: Variable, _ b: Variable? = nil, stride: (Int, Int),
                                     pad: (Int, Int) = (0, 0), coverAll: Bool = false, dilate: (Int, Int) = (1, 1),
                                     groups: Int = 1, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(x.ndim == 4 && W.ndim == 4 && groups > 0 && W.shape[0] % groups == 0 && x.shape[1] == W.shape[1] * groups,
                     "convolution2D: x of shape \(x.shape) (\(x.dtype)) does not match W of shape \(W.shape) (\(W.dtype)) with groups \(groups) (\(file):\(line))")
        precondition(b == nil || b!.shape == [W.shape[0]],
                     "convolution2D: bias of shape \(b!.shape) (\(b!.dtype)) does not match W of shape \(W.shape) (\(file):\(line))")
        let window = Window2D(ksize: (W.shape[2], W.shape[3]), stride: stride, pad: pad, dilate: dilate)
        let out = window.outSize(x.shape[2], x.shape[3], coverAll: coverAll)
        precondition(out.0 > 0 && out.1 > 0, "convolution2D: input of shape \(x.shape) is too small for W of shape \(W.shape) with stride \(stride), pad \(pad), dilate \(dilate) (\(file):\(line))")
        let node = Convolution2DFunction(window: window, coverAll: coverAll, groups: groups)
        return node.applySingle(b.map { [x, W, $0] } ?? [x, W], file: file, line: line)
    }
}
