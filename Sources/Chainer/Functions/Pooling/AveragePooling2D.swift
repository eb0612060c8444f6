/// A scaled sum over every window (average pooling, and unpooling's gradient).
final class WindowSum2D: FunctionNode {
    let window: Window2D, outSize: (Int, Int), scale: Double, name: String, gradName: String
    var inputSize = (0, 0)
    init(window: Window2D, outSize: (Int, Int), scale: Double, name: String, gradName: String) {
        (self.window, self.outSize, self.scale, self.name, self.gradName) = (window, outSize, scale, name, gradName)
    }
    override var label: String { name }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputSize = (x[0].shape[2], x[0].shape[3])
        return [NDArray.poolingSum(x[0], window: window, outSize: outSize, scale: scale)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [WindowSpread2D(window: window, inputSize: inputSize, scale: scale, name: gradName, gradName: name).applySingle([gy[0]!])]
    }
}

/// Each value, scaled, added over its whole window (unpooling, and average pooling's gradient).
final class WindowSpread2D: FunctionNode {
    let window: Window2D, inputSize: (Int, Int), scale: Double, name: String, gradName: String
    init(window: Window2D, inputSize: (Int, Int), scale: Double, name: String, gradName: String) {
        (self.window, self.inputSize, self.scale, self.name, self.gradName) = (window, inputSize, scale, name, gradName)
    }
    override var label: String { name }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        [NDArray.poolingSpread(x[0], window: window, inputSize: inputSize, scale: scale)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let size = (inputs[0].shape[2], inputs[0].shape[3])
        return [WindowSum2D(window: window, outSize: size, scale: scale, name: gradName, gradName: name).applySingle([gy[0]!])]
    }
}

extension F {
    /// Average pooling of `x` (N, C, H, W); like Chainer, every window is divided by its full size, padding included.
    public static func averagePooling2D(_ x: Variable, ksize: any Spatial2D, stride: (any Spatial2D)? = nil,
                                        pad: any Spatial2D = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let window = poolingWindow("averagePooling2D", x, ksize, stride, pad, file, line)
        let out = window.outSize(x.shape[2], x.shape[3])
        precondition(out.0 > 0 && out.1 > 0, "averagePooling2D: input of shape \(x.shape) is too small for the window \(window) (\(file):\(line))")
        let node = WindowSum2D(window: window, outSize: out, scale: 1 / Double(window.kh * window.kw),
                               name: "AveragePooling2D", gradName: "AveragePooling2DGrad")
        return node.applySingle([x], file: file, line: line)
    }

    /// Average pooling with (vertical, horizontal) kernel size, stride and padding.
    public static func averagePooling2D(_ x: Variable, ksize: (Int, Int), stride: (Int, Int)? = nil, pad: (Int, Int) = (0, 0),
                                        file: StaticString = #fileID, line: UInt = #line) -> Variable {
        averagePooling2D(x, ksize: [ksize.0, ksize.1], stride: stride.map { [$0.0, $0.1] }, pad: [pad.0, pad.1], file: file, line: line)
    }

    /// Unpooling (Chainer's `unpooling_2d`): every value copied over its whole window of an output whose size defaults
    /// to `get_deconv_outsize` (overlapping windows add up).
    public static func unpooling2D(_ x: Variable, ksize: any Spatial2D, stride: (any Spatial2D)? = nil,
                                   pad: any Spatial2D = 0, outsize: (Int, Int)? = nil, coverAll: Bool = true,
                                   file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let window = poolingWindow("unpooling2D", x, ksize, stride, pad, file, line)
        let size = outsize ?? window.deconvOutSize(x.shape[2], x.shape[3], coverAll: coverAll)
        precondition(size.0 > 0 && size.1 > 0, "unpooling2D: output size \(size) is not positive for input of shape \(x.shape) (\(file):\(line))")
        let node = WindowSpread2D(window: window, inputSize: size, scale: 1, name: "Unpooling2D", gradName: "Unpooling2DGrad")
        return node.applySingle([x], file: file, line: line)
    }

    /// Upsampling by max-pooling indexes (Chainer's `upsampling_2d`): each value placed at the offset `indexes` (from
    /// `maxPooling2DWithIndexes`) gives in its window of an output whose size defaults to `get_deconv_outsize`.
    public static func upsampling2D(_ x: Variable, _ indexes: NDArray, ksize: any Spatial2D, stride: (any Spatial2D)? = nil,
                                    pad: any Spatial2D = 0, outsize: (Int, Int)? = nil, coverAll: Bool = true,
                                    file: StaticString = #fileID, line: UInt = #line) -> Variable {
        let window = poolingWindow("upsampling2D", x, ksize, stride, pad, file, line)
        precondition(indexes.shape == x.shape && !indexes.dtype.isFloatingPoint,
                     "upsampling2D: indexes of shape \(indexes.shape) (\(indexes.dtype)) do not match x of shape \(x.shape) (\(file):\(line))")
        let size = outsize ?? window.deconvOutSize(x.shape[2], x.shape[3], coverAll: coverAll)
        precondition(size.0 > 0 && size.1 > 0, "upsampling2D: output size \(size) is not positive for input of shape \(x.shape) (\(file):\(line))")
        let node = MaxPooling2DGrad(window: window, indexes: indexes.cast(.int32), inputSize: size, name: "Upsampling2D")
        return node.applySingle([x], file: file, line: line)
    }
}
