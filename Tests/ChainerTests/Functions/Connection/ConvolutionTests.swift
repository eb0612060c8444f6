import Testing
@testable import Chainer
@testable import ChainerArray
import ChainerTesting

/// Convolution and deconvolution against NumPy references (strides, padding, dilation, groups, coverAll, odd sizes),
/// with first- and second-order gradient checks, both batched and image by image (the layout large batches take).
@Suite struct ConvolutionTests {
    static let convCases = ["plain", "stride_pad", "cover_all", "dilate", "groups", "groups3_mixed", "one_by_one"]
    static let deconvCases = ["plain", "groups", "outsize_cover_all", "dilate_mixed"]

    @Test(arguments: convCases, [false, true]) func convolution2D(_ name: String, imageByImage: Bool) throws {
        let c = try WindowCase("conv/" + name)
        let hasBias = c.arrays["b"] != nil
        let row = FunctionSpec("convolution2D/" + name, inputs: { hasBias ? [c["x"], c["W"], c["b"]] : [c["x"], c["W"]] },
                               reference: { _ in [c["y"]] }) { v in
            [F.convolution2D(v[0], v[1], hasBias ? v[2] : nil, stride: c.pair("stride"), pad: c.pair("pad"),
                             coverAll: c.flag("coverAll"), dilate: c.pair("dilate"), groups: c.int("groups"))]
        }
        try ConvolutionLayout.$imageByImage.withValue(imageByImage) { try runSpec(row) }
    }

    @Test(arguments: deconvCases, [false, true]) func deconvolution2D(_ name: String, imageByImage: Bool) throws {
        let c = try WindowCase("deconv/" + name)
        let hasBias = c.arrays["b"] != nil
        // The default output size is Chainer's get_deconv_outsize; pass it only where the case needs another one.
        let outsize: (Int, Int)? = name == "outsize_cover_all" ? c.tuple("outsize") : nil
        let row = FunctionSpec("deconvolution2D/" + name, inputs: { hasBias ? [c["x"], c["W"], c["b"]] : [c["x"], c["W"]] },
                               reference: { _ in [c["y"]] }) { v in
            [F.deconvolution2D(v[0], v[1], hasBias ? v[2] : nil, stride: c.pair("stride"), pad: c.pair("pad"),
                               outsize: outsize, dilate: c.pair("dilate"), groups: c.int("groups"))]
        }
        try ConvolutionLayout.$imageByImage.withValue(imageByImage) { try runSpec(row) }
    }

    @Test func depthwiseAndDilatedConvolution2D() throws {
        let c = try WindowCase("depthwise/plain")
        let row = FunctionSpec("depthwiseConvolution2D", inputs: { [c["x"], c["W"], c["b"]] }, reference: { _ in [c["y"]] }) { v in
            [F.depthwiseConvolution2D(v[0], v[1], v[2], stride: c.pair("stride"), pad: c.pair("pad"))]
        }
        try runSpec(row)
        let d = try WindowCase("conv/dilate")
        let y = F.dilatedConvolution2D(Variable(d["x"]), Variable(d["W"]), Variable(d["b"]), stride: 1, pad: [2, 1], dilate: 2)
        expectArray(y.array, d["y"], rtol: 1e-12, atol: 1e-12)
    }

    @Test func spatialArgumentsAcceptIntsArraysAndTuples() throws {
        let c = try WindowCase("conv/stride_pad")
        let x = Variable(c["x"]), W = Variable(c["W"]), b = Variable(c["b"])
        let viaArrays = F.convolution2D(x, W, b, stride: [2, 1], pad: [1, 2])
        let viaTuples = F.convolution2D(x, W, b, stride: (2, 1), pad: (1, 2))
        expectArray(viaArrays.array, c["y"], rtol: 1e-12, atol: 1e-12)
        expectArray(viaTuples.array, c["y"], rtol: 1e-12, atol: 1e-12)
        let one = 1, zero = 0
        let plain = try WindowCase("conv/plain")
        let y = F.convolution2D(Variable(plain["x"]), Variable(plain["W"]), Variable(plain["b"]), stride: one, pad: zero)
        expectArray(y.array, plain["y"], rtol: 1e-12, atol: 1e-12)
    }

    @Test func nonContiguousInputsGiveTheSameResult() throws {
        let c = try WindowCase("conv/groups")
        // The same values behind transposed and strided views.
        let xT = c["x"].transposed([0, 1, 3, 2]).copy().transposed([0, 1, 3, 2])
        let y = F.convolution2D(Variable(xT), Variable(c["W"]), Variable(c["b"]), stride: 1, pad: 1, groups: 2)
        #expect(!xT.isContiguous)
        expectArray(y.array, c["y"], rtol: 1e-12, atol: 1e-12)
    }

    @Test func float32ComputesInFloat32AndEmptyBatchesWork() throws {
        let c = try WindowCase("conv/dilate")
        let y = F.convolution2D(Variable(c["x"].astype(.float32)), Variable(c["W"].astype(.float32)), Variable(c["b"].astype(.float32)),
                                stride: 1, pad: [2, 1], dilate: 2)
        #expect(y.dtype == .float32)
        expectArray(y.array, c["y"].astype(.float32), rtol: 1e-5, atol: 1e-5)
        let empty = F.convolution2D(Variable(NDArray.zeros([0, 2, 9, 8], dtype: .float32)), Variable(c["W"].astype(.float32)),
                                    stride: 1, pad: [2, 1], dilate: 2)
        #expect(empty.shape == [0, 2] + Array(c["y"].shape.dropFirst(2)))
    }

    @Test func gradientOfXIsADeconvolutionAndOfWAGradW() throws {
        let c = try WindowCase("conv/cover_all")
        let x = Variable(c["x"]), W = Variable(c["W"])
        let y = F.convolution2D(x, W, stride: 2, pad: 1, coverAll: true)
        let gy = NDArray.normal(y.shape, dtype: .float64)
        y.grad = gy
        y.backward()
        let window = Window2D(ksize: (3, 3), stride: (2, 2), pad: (1, 1))
        expectArray(x.grad!, NDArray.deconvolution2D(gy, c["W"], window: window, outSize: (8, 7)), rtol: 1e-12, atol: 1e-12)
        expectArray(W.grad!, NDArray.convolution2DGradW(c["x"], gy, window: window), rtol: 1e-12, atol: 1e-12)
    }
}
