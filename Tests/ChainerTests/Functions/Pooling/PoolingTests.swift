import Testing
@testable import Chainer
import ChainerTesting

/// Max/average pooling, unpooling and upsampling against NumPy references of Chainer's semantics (coverAll output
/// sizes, -inf padding for max pooling, averages over the full window), with first- and second-order gradient checks.
@Suite struct PoolingTests {
    static let poolCases = ["k2s2", "k2s2_odd", "k3s2p1", "k3s2p1_exact", "k3s1_mixed"]

    @Test(arguments: poolCases) func maxPooling2D(_ name: String) throws {
        let c = try WindowCase("max/" + name)
        let row = FunctionSpec("maxPooling2D/" + name, inputs: { [c["x"]] }, reference: { _ in [c["y"]] }) { v in
            [F.maxPooling2D(v[0], ksize: c.pair("ksize"), stride: c.pair("stride"), pad: c.pair("pad"), coverAll: c.flag("coverAll"))]
        }
        try runSpec(row)
        let (_, indexes) = F.maxPooling2DWithIndexes(Variable(c["x"]), ksize: c.pair("ksize"), stride: c.pair("stride"),
                                                     pad: c.pair("pad"), coverAll: c.flag("coverAll"))
        #expect(indexes.dtype == .int32)
        #expect(indexes.cast(.int64) == c["indexes"])
    }

    @Test(arguments: poolCases) func averagePooling2D(_ name: String) throws {
        let c = try WindowCase("avg/" + name)
        let row = FunctionSpec("averagePooling2D/" + name, inputs: { [c["x"]] }, reference: { _ in [c["y"]] }) { v in
            [F.averagePooling2D(v[0], ksize: c.pair("ksize"), stride: c.pair("stride"), pad: c.pair("pad"))]
        }
        try runSpec(row)
    }

    @Test(arguments: poolCases) func averagePooling2DWithoutPadding(_ name: String) throws {
        let c = try WindowCase("avgvalid/" + name)
        let row = FunctionSpec("averagePooling2D(padValue: nil)/" + name, inputs: { [c["x"]] }, reference: { _ in [c["y"]] }) { v in
            [F.averagePooling2D(v[0], ksize: c.pair("ksize"), stride: c.pair("stride"), pad: c.pair("pad"), padValue: nil)]
        }
        try runSpec(row)
    }

    @Test func maxPoolingPropagatesNaN() {
        let x = NDArray([1, .nan, 2, 3, 4, 5, .nan, 6, 7] as [Double], shape: [1, 1, 3, 3])
        let y = F.maxPooling2D(Variable(x), ksize: 2, stride: 1).array.scalars
        #expect(y[0].isNaN && y[1].isNaN && y[2].isNaN && y[3] == 7)
        let general = F.maxPooling2D(Variable(x), ksize: 3, stride: 1, pad: 1).array.scalars
        #expect(general[0].isNaN && general[8] == 7)
        // The 2x2 stride-2 fast path, in float32 and float64.
        for dtype in [DType.float32, .float64] {
            let z = NDArray([1, 2, 3, 4, 5, .nan, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16] as [Double], shape: [1, 1, 4, 4]).astype(dtype)
            let pooled = F.maxPooling2D(Variable(z), ksize: 2, stride: 2).array.scalars
            #expect(pooled[0].isNaN && Array(pooled[1...]) == [8, 14, 16])
        }
    }

    @Test(arguments: ["k2s2", "k3s2p1", "k2s1_exact", "outsize"]) func unpooling2D(_ name: String) throws {
        let c = try WindowCase("unpool/" + name)
        let outsize: (Int, Int)? = name == "outsize" ? c.tuple("outsize") : nil
        let row = FunctionSpec("unpooling2D/" + name, inputs: { [c["x"]] }, reference: { _ in [c["y"]] }) { v in
            [F.unpooling2D(v[0], ksize: c.pair("ksize"), stride: c.pair("stride"), pad: c.pair("pad"), outsize: outsize,
                           coverAll: c.flag("coverAll"))]
        }
        try runSpec(row)
    }

    @Test(arguments: ["k2s2", "k3s2p1"]) func upsampling2D(_ name: String) throws {
        let c = try WindowCase("upsample/" + name)
        let row = FunctionSpec("upsampling2D/" + name, inputs: { [c["x"]] }, reference: { _ in [c["y"]] }) { v in
            [F.upsampling2D(v[0], c["indexes"], ksize: c.pair("ksize"), stride: c.pair("stride"), pad: c.pair("pad"),
                            outsize: c.tuple("outsize"), coverAll: c.flag("coverAll"))]
        }
        try runSpec(row)
    }

    @Test func defaultsAndTupleOverloads() throws {
        let c = try WindowCase("max/k2s2")
        let x = Variable(c["x"])
        // stride defaults to ksize; the names the checks use.
        #expect(F.maxPooling2D(x, ksize: 2).array == c["y"])
        #expect(F.maxPooling2D(x, ksize: 2, stride: 2).array == c["y"])
        #expect(F.maxPooling2D(x, ksize: (2, 2), stride: (2, 2)).array == c["y"])
        let a = try WindowCase("avg/k3s1_mixed")
        expectArray(F.averagePooling2D(Variable(a["x"]), ksize: (3, 2), stride: (1, 2), pad: (1, 0)).array, a["y"], rtol: 1e-12, atol: 1e-12)
    }

    @Test func maxPoolingGradientGoesToTheArgmaxAndFloat16Works() throws {
        let x = Variable(NDArray([1, 5, 2, 3, 4, 0, 7, 6, 8] as [Double], shape: [1, 1, 3, 3]))
        let y = F.maxPooling2D(x, ksize: 2, stride: 2)
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.array.scalars == [5, 2, 7, 8])
        F.sum(y).backward()
        #expect(x.grad!.scalars == [0, 1, 1, 0, 0, 0, 1, 0, 1])
        let h = F.maxPooling2D(Variable(x.array.astype(.float16)), ksize: 2, stride: 2)
        #expect(h.dtype == .float16 && h.array.scalars == [5, 2, 7, 8])
    }
}
