extension F {
    /// Average pooling of `x` (N, C, H, W). With Chainer's default `padValue` 0 every window is divided by its full
    /// size, padding included; with `padValue: nil` padded positions are left out of the average.
    public static func averagePooling2D(_ x: Variable, ksize: any Spatial2D, stride: (any Spatial2D)? = nil,
                                        pad: any Spatial2D = 0, padValue: Double? = 0,
                                        file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(padValue == nil || padValue == 0, "averagePooling2D: padValue must be 0 or nil, got \(padValue!) (\(file):\(line))")
        let window = poolingWindow("averagePooling2D", x, ksize, stride, pad, file, line)
        let out = window.outSize(x.shape[2], x.shape[3])
        precondition(out.0 > 0 && out.1 > 0, "averagePooling2D: input of shape \(x.shape) is too small for the window \(window) (\(file):\(line))")
        let node = WindowSum2D(window: window, outSize: out, scale: padValue == nil ? 1 : 1 / Double(window.kh * window.kw),
                               validOnly: padValue == nil, name: "AveragePooling2D", gradName: "AveragePooling2DGrad")
        return node.applySingle([x], file: file, line: line)
    }

    /// Average pooling with (vertical, horizontal) kernel size, stride and padding.
    public static func averagePooling2D(_ x: Variable, ksize: (Int, Int), stride: (Int, Int)? = nil, pad: (Int, Int) = (0, 0),
                                        padValue: Double? = 0, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        averagePooling2D(x, ksize: [ksize.0, ksize.1], stride: stride.map { [$0.0, $0.1] }, pad: [pad.0, pad.1],
                         padValue: padValue, file: file, line: line)
    }
}
