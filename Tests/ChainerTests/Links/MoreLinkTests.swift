import Testing
@testable import Chainer

/// PReLU, Highway and the other convolution links against Chainer 7.8.1 (scripts/fixtures/chainer_links.py).
@Suite struct MoreLinkTests {
    let fx: [String: NDArray]
    init() throws { fx = try Fixture.load("links") }

    func f64<T>(_ make: () -> T) -> T { usingConfig(\.dtype, .float64, make) }

    @Test func preluMatchesChainer() {
        let p = f64 { L.PReLU(shape: [3]) }
        #expect(p.W.array == NDArray.full([3], 0.25, dtype: .float64) && p.namedParams().map(\.0) == ["/W"])
        p.W.array = fx["prelu_W"]!
        expectArray(p(Variable(fx["prelu_x"]!)).array, fx["prelu_y"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(p, fx["prelu_x"]!) { p($0) }
        let scalar = L.PReLU()
        #expect(scalar(Variable(NDArray([-2, 4] as [Float]))).array == NDArray([-0.5, 4] as [Float]))
    }

    @Test func highwayMatchesChainer() {
        let h = f64 { L.Highway(4) }
        #expect(h.namedParams().map(\.0) == ["/plain/W", "/plain/b", "/transform/W", "/transform/b"])
        #expect(h.transform.b!.array == NDArray.full([4], -1, dtype: .float64))
        for (name, l) in [("plain", h.plain), ("transform", h.transform)] {
            l.W.array = fx[name + "_W"]!
            l.b!.array = fx[name + "_b"]!
        }
        expectArray(h(Variable(fx["highway_x"]!)).array, fx["highway_y"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(h, fx["highway_x"]!) { h($0) }
    }

    @Test func dilatedAndDepthwiseConvolutionMatchChainer() {
        let x = fx["dilated_x"]!
        let d = f64 { L.DilatedConvolution2D(2, 3, ksize: 3, pad: 2, dilate: 2) }
        d.W.array = fx["dilated_W"]!
        d.b!.array = fx["dilated_b"]!
        expectArray(d(Variable(x)).array, fx["dilated_y"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(d, x) { d($0) }
        let w = f64 { L.DepthwiseConvolution2D(2, 2, ksize: 3, stride: 2, pad: 1) }
        #expect(w.W.shape == [2, 2, 3, 3] && w.b!.shape == [4])
        w.W.array = fx["depthwise_W"]!
        w.b!.array = fx["depthwise_b"]!
        expectArray(w(Variable(x)).array, fx["depthwise_y"]!, rtol: 1e-12, atol: 1e-12)
        checkLinkBackward(w, x) { w($0) }
    }

    @Test func mlpConvolutionMatchesChainer() {
        let m = f64 { L.MLPConvolution2D(2, [3, 2], ksize: 3, pad: 1) }
        #expect(m.namedParams().map(\.0) == ["/0/W", "/0/b", "/1/W", "/1/b"])
        for i in 0..<2 {
            let c = m[i] as! L.Convolution2D
            c.W.array = fx["mlpconv\(i)_W"]!
            c.b!.array = fx["mlpconv\(i)_b"]!
        }
        expectArray(m(Variable(fx["dilated_x"]!)).array, fx["mlpconv_y"]!, rtol: 1e-12, atol: 1e-12)
    }
}
