/// 2-D max pooling (Chainer's `MaxPooling2D`); remembers the window offset of each maximum for its gradient.
final class MaxPooling2D: FunctionNode {
    let window: Window2D, coverAll: Bool
    var indexes = NDArray.zeros([0], dtype: .int32)
    var inputSize = (0, 0)
    init(window: Window2D, coverAll: Bool) { self.window = window; self.coverAll = coverAll }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputSize = (x[0].shape[2], x[0].shape[3])
        let (y, idx) = NDArray.maxPooling2D(x[0], window: window, coverAll: coverAll)
        indexes = idx
        return [y]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [MaxPooling2DGrad(window: window, indexes: self.indexes, inputSize: inputSize).applySingle([gy[0]!])]
    }
}

/// Adds each value at its window's recorded offset (max pooling's gradient, and `upsampling2D`).
final class MaxPooling2DGrad: FunctionNode {
    let window: Window2D, indexes: NDArray, inputSize: (Int, Int), name: String
    init(window: Window2D, indexes: NDArray, inputSize: (Int, Int), name: String = "MaxPooling2DGrad") {
        (self.window, self.indexes, self.inputSize, self.name) = (window, indexes, inputSize, name)
    }
    override var label: String { name }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        [NDArray.poolingScatter(x[0], indexes: indexes, window: window, inputSize: inputSize)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [MaxPooling2DWithIndexes(window: window, indexes: self.indexes).applySingle([gy[0]!])]
    }
}

/// Reads each window at its recorded offset (the gradient of `MaxPooling2DGrad`).
final class MaxPooling2DWithIndexes: FunctionNode {
    let window: Window2D, indexes: NDArray
    var inputSize = (0, 0)
    init(window: Window2D, indexes: NDArray) { self.window = window; self.indexes = indexes }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputSize = (x[0].shape[2], x[0].shape[3])
        return [NDArray.poolingGather(x[0], indexes: indexes, window: window)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [MaxPooling2DGrad(window: window, indexes: self.indexes, inputSize: inputSize).applySingle([gy[0]!])]
    }
}

extension F {
    /// Max pooling of `x` (N, C, H, W) over `ksize` windows moved by `stride` (default: `ksize`); padded positions are
    /// never chosen, and `coverAll` (Chainer's default) keeps a last partial window.
    public static func maxPooling2D(_ x: Variable, ksize: any Spatial2D, stride: (any Spatial2D)? = nil,
                                    pad: any Spatial2D = 0, coverAll: Bool = true,
                                    file: StaticString = #fileID, line: UInt = #line) -> Variable {
        maxPooling2DWithIndexes(x, ksize: ksize, stride: stride, pad: pad, coverAll: coverAll, file: file, line: line).0
    }

    /// Max pooling with (vertical, horizontal) kernel size, stride and padding.
    public static func maxPooling2D(_ x: Variable, ksize: (Int, Int), stride: (Int, Int)? = nil, pad: (Int, Int) = (0, 0),
                                    coverAll: Bool = true, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        maxPooling2DWithIndexes(x, ksize: [ksize.0, ksize.1], stride: stride.map { [$0.0, $0.1] }, pad: [pad.0, pad.1],
                                coverAll: coverAll, file: file, line: line).0
    }

    /// Max pooling that also returns the int32 window offset (`i·kw + j`) of every maximum, for `upsampling2D`
    /// (Chainer's `return_indices=True`).
    public static func maxPooling2DWithIndexes(_ x: Variable, ksize: any Spatial2D, stride: (any Spatial2D)? = nil,
                                               pad: any Spatial2D = 0, coverAll: Bool = true,
                                               file: StaticString = #fileID, line: UInt = #line) -> (Variable, NDArray) {
        let window = poolingWindow("maxPooling2D", x, ksize, stride, pad, file, line)
        let out = window.outSize(x.shape[2], x.shape[3], coverAll: coverAll)
        precondition(out.0 > 0 && out.1 > 0, "maxPooling2D: input of shape \(x.shape) is too small for the window \(window) (\(file):\(line))")
        let node = MaxPooling2D(window: window, coverAll: coverAll)
        let y = node.applySingle([x], file: file, line: line)
        return (y, node.indexes)
    }

    /// Validates a pooling input and builds its window (stride defaults to the kernel size).
    static func poolingWindow(_ name: String, _ x: Variable, _ ksize: any Spatial2D, _ stride: (any Spatial2D)?,
                              _ pad: any Spatial2D, _ file: StaticString, _ line: UInt) -> Window2D {
        precondition(x.ndim == 4 && x.dtype.isFloatingPoint,
                     "\(name): expects a 4-D float input (N, C, H, W), got shape \(x.shape) (\(x.dtype)) (\(file):\(line))")
        let k = ksize.pair, s = stride?.pair ?? k, p = pad.pair
        precondition(k.0 > 0 && k.1 > 0 && s.0 > 0 && s.1 > 0 && p.0 >= 0 && p.1 >= 0,
                     "\(name): ksize \(k) and stride \(s) must be positive and pad \(p) non-negative (\(file):\(line))")
        return Window2D(ksize: k, stride: s, pad: p)
    }
}
