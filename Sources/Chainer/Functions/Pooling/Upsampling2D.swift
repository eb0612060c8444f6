extension F {
    /// Upsampling by max-pooling indexes (Chainer's `upsampling_2d`): each value is placed, within its window of the
    /// output, at the offset that `indexes` (from `maxPooling2DWithIndexes`) gives; the output size defaults to
    /// `get_deconv_outsize`.
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

    /// Upsampling by max-pooling indexes held in a variable.
    public static func upsampling2D(_ x: Variable, _ indexes: Variable, ksize: any Spatial2D, stride: (any Spatial2D)? = nil,
                                    pad: any Spatial2D = 0, outsize: (Int, Int)? = nil, coverAll: Bool = true,
                                    file: StaticString = #fileID, line: UInt = #line) -> Variable {
        upsampling2D(x, indexes.array, ksize: ksize, stride: stride, pad: pad, outsize: outsize, coverAll: coverAll,
                     file: file, line: line)
    }
}
