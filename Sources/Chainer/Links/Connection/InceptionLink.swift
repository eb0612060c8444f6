extension L {
    /// GoogLeNet's Inception module (Chainer's `L.Inception`): a 1×1 convolution, 1×1 then 3×3, 1×1 then 5×5, and
    /// 3×3 max pooling then 1×1, concatenated on the channel axis and passed through ReLU. The spatial size is kept;
    /// the output has `out1 + out3 + out5 + projPool` channels. Children `conv1`, `proj3`, `conv3`, `proj5`,
    /// `conv5`, `projp`, as in Chainer.
    public final class Inception: ChainBase, ForwardLink {
        /// The 1×1 path.
        public let conv1: Convolution2D
        /// The projection before the 3×3 convolution.
        public let proj3: Convolution2D
        /// The 3×3 convolution.
        public let conv3: Convolution2D
        /// The projection before the 5×5 convolution.
        public let proj5: Convolution2D
        /// The 5×5 convolution.
        public let conv5: Convolution2D
        /// The projection after max pooling.
        public let projp: Convolution2D

        /// Creates the module; a nil `inChannels` is taken from the first input.
        public init(_ inChannels: Int?, _ out1: Int, _ proj3: Int, _ out3: Int, _ proj5: Int, _ out5: Int, _ projPool: Int,
                    convInit: (any Initializer)? = nil, biasInit: (any Initializer)? = nil) {
            func conv(_ i: Int?, _ o: Int, _ k: Int) -> Convolution2D {
                Convolution2D(i, o, ksize: k, pad: k / 2, initialW: convInit, initialBias: biasInit)
            }
            conv1 = conv(inChannels, out1, 1)
            self.proj3 = conv(inChannels, proj3, 1)
            conv3 = conv(proj3, out3, 3)
            self.proj5 = conv(inChannels, proj5, 1)
            conv5 = conv(proj5, out5, 5)
            projp = conv(inChannels, projPool, 1)
        }

        private init(copying source: Inception) {
            func c(_ l: Convolution2D) -> Convolution2D { l.makeFresh() as! Convolution2D }
            (conv1, proj3, conv3, proj5, conv5, projp) = (c(source.conv1), c(source.proj3), c(source.conv3),
                                                          c(source.proj5), c(source.conv5), c(source.projp))
        }

        public override func makeFresh() -> Link { Inception(copying: self) }

        /// Runs the four paths on `x` (N, C, H, W) and concatenates them.
        public func forward(_ x: Variable) -> Variable {
            let out1 = conv1(x)
            let out3 = conv3(F.relu(proj3(x)))
            let out5 = conv5(F.relu(proj5(x)))
            let pool = projp(F.maxPooling2D(x, ksize: 3, stride: 1, pad: 1))
            return F.relu(F.concat([out1, out3, out5, pool], axis: 1))
        }
    }
}
