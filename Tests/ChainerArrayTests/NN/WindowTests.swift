import Testing
@testable import ChainerArray

/// Sliding-window primitives: output sizes (Chainer's get_conv_outsize / get_deconv_outsize) and the adjoint pairs
/// the convolution and pooling gradients rely on.
@Suite struct WindowTests {
    @Test func outputSizesFollowChainer() {
        // get_conv_outsize(7, 3, 2, 1) = 4; with cover_all: (7 + 2 - 3 + 1) // 2 + 1 = 4; 8 → 4 and 5.
        #expect(Window2D.convOutSize(7, k: 3, s: 2, p: 1) == 4)
        #expect(Window2D.convOutSize(8, k: 3, s: 2, p: 1) == 4)
        #expect(Window2D.convOutSize(8, k: 3, s: 2, p: 1, coverAll: true) == 5)
        #expect(Window2D.convOutSize(9, k: 3, s: 1, p: 0, d: 2) == 5)
        #expect(Window2D.deconvOutSize(4, k: 3, s: 2, p: 1) == 7)
        #expect(Window2D.deconvOutSize(4, k: 3, s: 2, p: 0, coverAll: true) == 8)
        let w = Window2D(ksize: (3, 2), stride: (2, 1), pad: (1, 0))
        #expect(w.outSize(7, 5) == (4, 4))
    }

    /// <conv(x, W), gy> = <x, deconv(gy, W)> = <W, gradW(x, gy)>, in float32 and float64, for strided views too.
    @Test(arguments: [DType.float64, .float32]) func convolutionAdjoints(_ dtype: DType) {
        let w = Window2D(ksize: (3, 2), stride: (2, 1), pad: (1, 1), dilate: (1, 2))
        let x = NDArray.normal([2, 4, 9, 7], dtype: dtype).transposed([0, 1, 3, 2]).copy().transposed([0, 1, 3, 2])
        let W = NDArray.normal([6, 2, 3, 2], dtype: dtype)
        let y = NDArray.convolution2D(x, W, window: w, coverAll: true, groups: 2)
        #expect(y.shape == [2, 6, 5, 7] && y.dtype == dtype)
        let gy = NDArray.normal(y.shape, dtype: dtype)
        let gx = NDArray.deconvolution2D(gy, W, window: w, outSize: (9, 7), groups: 2)
        let gW = NDArray.convolution2DGradW(x, gy, window: w, groups: 2)
        let a = (y * gy).sum().item(), b = (x * gx).sum().item(), c = (W * gW).sum().item()
        let tol = dtype == .float64 ? 1e-10 : 1e-3
        #expect(Swift.abs(a - b) <= tol * Swift.max(1, Swift.abs(a)))
        #expect(Swift.abs(a - c) <= tol * Swift.max(1, Swift.abs(a)))
    }

    /// Unit stride, no padding (im2col's straight-copy path) against the convolution's definition, and the filter
    /// gradient from the forward's kept columns equal to the one that rebuilds them.
    @Test(arguments: [DType.float64, .float32]) func validConvolutionMatchesDefinition(_ dtype: DType) {
        let w = Window2D(ksize: (3, 2), stride: (1, 1), pad: (0, 0))
        let x = NDArray.normal([2, 3, 6, 5], dtype: dtype), W = NDArray.normal([4, 3, 3, 2], dtype: dtype)
        let (y, columns) = NDArray.convolution2DKeepingColumns(x, W, window: w)
        #expect(y.shape == [2, 4, 4, 4])
        let xs = x.scalars, ws = W.scalars, ys = y.scalars
        var worst = 0.0
        for n in 0..<2 { for o in 0..<4 { for oy in 0..<4 { for ox in 0..<4 {
            var acc = 0.0
            for c in 0..<3 { for i in 0..<3 { for j in 0..<2 {
                acc += xs[((n * 3 + c) * 6 + oy + i) * 5 + ox + j] * ws[((o * 3 + c) * 3 + i) * 2 + j]
            } } }
            worst = Swift.max(worst, Swift.abs(ys[((n * 4 + o) * 4 + oy) * 4 + ox] - acc))
        } } } }
        #expect(worst <= (dtype == .float64 ? 1e-12 : 1e-4))
        let gy = NDArray.normal(y.shape, dtype: dtype)
        #expect(NDArray.convolution2DGradW(x, gy, window: w, columns: columns) == NDArray.convolution2DGradW(x, gy, window: w))
        // col2im's straight-add path: the deconvolution is the convolution's adjoint.
        let gx = NDArray.deconvolution2D(gy, W, window: w, outSize: (6, 5))
        let a = (y * gy).sum().item(), b = (x * gx).sum().item()
        #expect(Swift.abs(a - b) <= (dtype == .float64 ? 1e-10 : 1e-3) * Swift.max(1, Swift.abs(a)))
    }

    /// Image by image (each image's columns in a cache-sized buffer) gives what the batched layout gives: the
    /// output with and without bias, the filter gradient (pieces of four images, added in order) and the
    /// deconvolution, for strides, padding and dilation.
    @Test(arguments: [DType.float64, .float32]) func imageByImageMatchesBatched(_ dtype: DType) {
        let windows = [Window2D(ksize: (3, 3), stride: (1, 1), pad: (1, 1)),
                       Window2D(ksize: (3, 2), stride: (2, 1), pad: (1, 0), dilate: (1, 2))]
        for w in windows {
            let x = NDArray.normal([9, 3, 8, 7], dtype: dtype), W = NDArray.normal([5, 3, w.kh, w.kw], dtype: dtype)
            let b = NDArray.normal([5], dtype: dtype)
            func both(_ body: () -> NDArray) -> (NDArray, NDArray) {
                (ConvolutionLayout.$imageByImage.withValue(false, operation: body),
                 ConvolutionLayout.$imageByImage.withValue(true, operation: body))
            }
            let tol = dtype == .float64 ? 1e-12 : 1e-4
            let (y0, y1) = both { NDArray.convolution2D(x, W, bias: b, window: w) }
            #expect(y1.shape == y0.shape && y1.allClose(y0, rtol: tol, atol: tol), "\(w)")
            let (z0, z1) = both { NDArray.convolution2D(x, W, window: w) }
            #expect(z1.allClose(z0, rtol: tol, atol: tol))
            let gy = NDArray.normal(y0.shape, dtype: dtype)
            let (g0, g1) = both { NDArray.convolution2DGradW(x, gy, window: w) }
            #expect(g1.shape == W.shape && g1.allClose(g0, rtol: tol, atol: tol))
            let (d0, d1) = both { NDArray.deconvolution2D(gy, W, window: w, outSize: (8, 7)) }
            #expect(d1.shape == x.shape && d1.allClose(d0, rtol: tol, atol: tol))
            let (_, columns) = ConvolutionLayout.$imageByImage.withValue(true) { NDArray.convolution2DKeepingColumns(x, W, window: w) }
            #expect(columns == nil, "image by image never builds the batch's column matrix")
        }
    }

    /// With 512 output pixels or more per image, the by-image filter gradient runs as dot products; it still gives
    /// the batched result, for a pixel count that is a multiple of the vector width and one that leaves a tail, and
    /// for a batch that fills one piece of four images and starts another.
    @Test(arguments: [DType.float64, .float32]) func imageByImageFilterGradientByDotsMatchesBatched(_ dtype: DType) {
        for (size, batch) in [(24, 6), (23, 5)] {
            let w = Window2D(ksize: (3, 3), stride: (1, 1), pad: (1, 1))
            let x = NDArray.normal([batch, 3, size, size], dtype: dtype)
            let gy = NDArray.normal([batch, 4, size, size], dtype: dtype)
            let g0 = ConvolutionLayout.$imageByImage.withValue(false) { NDArray.convolution2DGradW(x, gy, window: w) }
            let g1 = ConvolutionLayout.$imageByImage.withValue(true) { NDArray.convolution2DGradW(x, gy, window: w) }
            let tol = dtype == .float64 ? 1e-12 : 1e-4
            #expect(g1.shape == [4, 3, 3, 3] && g1.allClose(g0, rtol: tol, atol: tol), "\(size)×\(size), batch \(batch)")
        }
    }

    /// Gather and scatter by max-pooling indexes are adjoint, and so are the window sum and spread.
    @Test func poolingAdjoints() {
        let w = Window2D(ksize: (3, 3), stride: (2, 2), pad: (1, 1))
        let x = NDArray.normal([2, 3, 7, 6], dtype: .float64)
        let (y, idx) = NDArray.maxPooling2D(x, window: w, coverAll: true)
        #expect(NDArray.poolingGather(x, indexes: idx, window: w) == y)
        let gy = NDArray.normal(y.shape, dtype: .float64)
        let gx = NDArray.poolingScatter(gy, indexes: idx, window: w, inputSize: (7, 6))
        #expect(Swift.abs((y * gy).sum().item() - (x * gx).sum().item()) < 1e-10)
        let s = NDArray.poolingSum(x, window: w, outSize: (4, 3), scale: 0.5)
        let g2 = NDArray.normal(s.shape, dtype: .float64)
        let t = NDArray.poolingSpread(g2, window: w, inputSize: (7, 6), scale: 0.5)
        #expect(Swift.abs((s * g2).sum().item() - (x * t).sum().item()) < 1e-10)
    }

    @Test func embedRowsAndTheirGradient() {
        let W = NDArray([1, 2, 3, 4, 5, 6] as [Float], shape: [3, 2])
        let ids = NDArray([2, -1, 0, 2] as [Int64], shape: [2, 2])
        let y = NDArray.embedRows(W, ids: ids, ignoreLabel: -1)
        #expect(y.shape == [2, 2, 2] && y.dtype == .float32)
        #expect(y.scalars == [5, 6, 0, 0, 1, 2, 5, 6])
        let gW = NDArray.embedRowsGrad(NDArray.ones([2, 2, 2], dtype: .float32), ids: ids, vocab: 3, ignoreLabel: -1)
        #expect(gW.scalars == [1, 1, 0, 0, 2, 2])
    }
}
