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
}
