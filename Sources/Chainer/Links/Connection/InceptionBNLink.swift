extension L {
    /// Inception module with batch normalization (Chainer's `L.InceptionBN`, from Ioffe & Szegedy 2015): optional
    /// 1×1 path, 1×1 then 3×3, 1×1 then two 3×3, and max or average pooling (optionally projected), each convolution
    /// bias-free and followed by batch normalization and ReLU, concatenated on the channel axis. Children and
    /// serialized names are Chainer's (`proj3`, `conv3`, `proj33`, `conv33a`, `conv33b`, `proj3n`, …, `conv1`,
    /// `conv1n`, `poolp`, `poolpn`).
    public final class InceptionBN: ChainBase, ForwardLink {
        /// The pooling path's kind.
        public enum PoolType: Sendable { case max, avg }

        /// Projection before the 3×3 path.
        public let proj3: Convolution2D
        /// The 3×3 convolution.
        public let conv3: Convolution2D
        /// Projection before the double 3×3 path.
        public let proj33: Convolution2D
        /// The first convolution of the double 3×3 path.
        public let conv33a: Convolution2D
        /// The second convolution of the double 3×3 path.
        public let conv33b: Convolution2D
        /// Normalization after `proj3`.
        public let proj3n: BatchNormalization
        /// Normalization after `conv3`.
        public let conv3n: BatchNormalization
        /// Normalization after `proj33`.
        public let proj33n: BatchNormalization
        /// Normalization after `conv33a`.
        public let conv33an: BatchNormalization
        /// Normalization after `conv33b`.
        public let conv33bn: BatchNormalization
        /// The 1×1 path, when `out1` > 0.
        public let conv1: Convolution2D?
        /// Normalization after `conv1`.
        public let conv1n: BatchNormalization?
        /// The projection after pooling, when `projPool` is given.
        public let poolp: Convolution2D?
        /// Normalization after `poolp`.
        public let poolpn: BatchNormalization?
        /// The pooling path's kind.
        public let pooltype: PoolType
        /// The stride of the 3×3 paths and the pooling.
        public let stride: Int

        /// Creates the module (Chainer's argument order); `out1` > 0 needs stride 1 and `projPool`.
        public init(_ inChannels: Int?, _ out1: Int, _ proj3: Int, _ out3: Int, _ proj33: Int, _ out33: Int,
                    pooltype: PoolType, projPool: Int? = nil, stride: Int = 1, convInit: (any Initializer)? = nil) {
            precondition(out1 == 0 || (stride == 1 && projPool != nil),
                         "InceptionBN: out1 \(out1) > 0 needs stride 1 (got \(stride)) and projPool "
                         + "(got \(String(describing: projPool)))")
            func conv(_ i: Int?, _ o: Int, _ k: Int, _ s: Int = 1) -> Convolution2D {
                Convolution2D(i, o, ksize: k, stride: s, pad: k / 2, noBias: true, initialW: convInit)
            }
            self.proj3 = conv(inChannels, proj3, 1)
            conv3 = conv(proj3, out3, 3, stride)
            self.proj33 = conv(inChannels, proj33, 1)
            conv33a = conv(proj33, out33, 3)
            conv33b = conv(out33, out33, 3, stride)
            proj3n = BatchNormalization(proj3)
            conv3n = BatchNormalization(out3)
            proj33n = BatchNormalization(proj33)
            conv33an = BatchNormalization(out33)
            conv33bn = BatchNormalization(out33)
            conv1 = out1 > 0 ? conv(inChannels, out1, 1) : nil
            conv1n = out1 > 0 ? BatchNormalization(out1) : nil
            poolp = projPool.map { conv(inChannels, $0, 1) }
            poolpn = projPool.map { BatchNormalization($0) }
            self.pooltype = pooltype
            self.stride = stride
        }

        private init(fresh other: InceptionBN) {
            func c(_ l: Convolution2D) -> Convolution2D { l.makeFresh() as! Convolution2D }
            func n(_ l: BatchNormalization) -> BatchNormalization { l.makeFresh() as! BatchNormalization }
            (proj3, conv3, proj33, conv33a, conv33b) = (c(other.proj3), c(other.conv3), c(other.proj33), c(other.conv33a),
                                                        c(other.conv33b))
            (proj3n, conv3n, proj33n, conv33an, conv33bn) = (n(other.proj3n), n(other.conv3n), n(other.proj33n),
                                                             n(other.conv33an), n(other.conv33bn))
            (conv1, conv1n) = (other.conv1.map(c), other.conv1n.map(n))
            (poolp, poolpn) = (other.poolp.map(c), other.poolpn.map(n))
            (pooltype, stride) = (other.pooltype, other.stride)
        }

        public override func makeFresh() -> Link { InceptionBN(fresh: self) }

        /// Runs the paths on `x` (N, C, H, W) and concatenates them.
        public func forward(_ x: Variable) -> Variable {
            var outs: [Variable] = []
            if let conv1, let conv1n { outs.append(F.relu(conv1n(conv1(x)))) }
            outs.append(F.relu(conv3n(conv3(F.relu(proj3n(proj3(x)))))))
            let h33 = F.relu(conv33an(conv33a(F.relu(proj33n(proj33(x))))))
            outs.append(F.relu(conv33bn(conv33b(h33))))
            var p = pooltype == .max
                ? F.maxPooling2D(x, ksize: 3, stride: stride, pad: 1, coverAll: false)
                : F.averagePooling2D(x, ksize: 3, stride: stride, pad: 1)
            if let poolp, let poolpn { p = F.relu(poolpn(poolp(p))) }
            outs.append(p)
            return F.concat(outs, axis: 1)
        }
    }
}
