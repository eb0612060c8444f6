extension F {
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
}
