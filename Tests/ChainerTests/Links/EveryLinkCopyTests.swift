import Testing
@testable import Chainer

/// Every standard link: `copy(mode:)` and a serialization round trip into a fresh link reproduce its output.
@Suite struct EveryLinkCopyTests {
    /// A link and how to call it on fixed inputs.
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let make: @Sendable () -> Link
        let run: @Sendable (Link) -> Variable
        var description: String { name }
    }

    static func image(_ c: Int = 2) -> Variable { Variable(NDArray.arange(c * 16 * 2, dtype: .float64).reshaped([2, c, 4, 4]) / 50.0) }
    static func matrix(_ n: Int = 4) -> Variable { Variable(NDArray.arange(3 * n, dtype: .float64).reshaped([3, n]) / 10.0 - 0.5) }
    static func one(_ l: Link, _ x: Variable) -> Variable { (l as! any Link & ChainCall)(x) }

    static let cases: [Case] = [
        Case(name: "Linear", make: { L.Linear(4, 3) }, run: { one($0, matrix()) }),
        Case(name: "Convolution2D", make: { L.Convolution2D(2, 3, ksize: 3, stride: 2, pad: 1, groups: 1) }, run: { one($0, image()) }),
        Case(name: "Deconvolution2D", make: { L.Deconvolution2D(2, 3, ksize: 2, stride: 2) }, run: { one($0, image()) }),
        Case(name: "DilatedConvolution2D", make: { L.DilatedConvolution2D(2, 3, ksize: 3, pad: 2, dilate: 2) }, run: { one($0, image()) }),
        Case(name: "DepthwiseConvolution2D", make: { L.DepthwiseConvolution2D(2, 2, ksize: 3, pad: 1) }, run: { one($0, image()) }),
        Case(name: "EmbedID", make: { L.EmbedID(5, 3) }, run: { ($0 as! L.EmbedID)(NDArray([1, 4, 0] as [Int32])) }),
        Case(name: "Bias", make: { L.Bias(shape: [4]) }, run: { one($0, matrix()) }),
        Case(name: "Scale", make: { L.Scale(wShape: [4], biasTerm: true) }, run: { one($0, matrix()) }),
        Case(name: "ParameterLink", make: { L.ParameterLink(NDArray.normal([2, 2], dtype: .float64)) }, run: { ($0 as! L.ParameterLink)() }),
        Case(name: "BatchNormalization", make: { L.BatchNormalization(4) }, run: { one($0, matrix()) }),
        Case(name: "LayerNormalization", make: { L.LayerNormalization(4) }, run: { one($0, matrix()) }),
        Case(name: "GroupNormalization", make: { L.GroupNormalization(2, size: 4) }, run: { one($0, matrix()) }),
        Case(name: "PReLU", make: { L.PReLU(shape: [4]) }, run: { one($0, matrix()) }),
        Case(name: "Highway", make: { L.Highway(4) }, run: { one($0, matrix()) }),
        Case(name: "MLPConvolution2D", make: { L.MLPConvolution2D(2, [3, 2], ksize: 3, pad: 1) }, run: { one($0, image()) }),
        Case(name: "Inception", make: { L.Inception(2, 1, 1, 2, 1, 1, 1) }, run: { one($0, image()) }),
        Case(name: "InceptionBN", make: { L.InceptionBN(2, 1, 1, 2, 1, 1, pooltype: .avg, projPool: 1) }, run: { one($0, image()) }),
        Case(name: "LSTM", make: { L.LSTM(4, 3) }, run: { one($0, matrix()) }),
        Case(name: "StatelessLSTM", make: { L.StatelessLSTM(4, 3) }, run: { ($0 as! L.StatelessLSTM)(nil, nil, matrix()).h }),
        Case(name: "StatefulGRU", make: { L.StatefulGRU(4, 4) }, run: { one($0, matrix()) }),
        Case(name: "StatelessGRU", make: { L.StatelessGRU(4, 4) }, run: { ($0 as! L.StatelessGRU)(matrix(), matrix()) }),
        Case(name: "Classifier", make: { L.Classifier(L.Linear(4, 3)) },
             run: { ($0 as! L.Classifier)(matrix(), NDArray([0, 2, 1] as [Int32])) }),
        Case(name: "MultiHeadAttention", make: { L.MultiHeadAttention(4, numHeads: 2) },
             run: { one($0, Variable(matrix().array.reshaped([1, 3, 4]))) }),
        Case(name: "TransformerEncoderLayer", make: { L.TransformerEncoderLayer(4, numHeads: 2, dimFeedforward: 6) },
             run: { one($0, Variable(matrix().array.reshaped([1, 3, 4]))) }),
        Case(name: "Sequential", make: { Sequential(L.Linear(4, 3), L.Linear(3, 2)) }, run: { one($0, matrix()) }),
    ]

    func evaluate(_ c: Case, _ link: Link) -> NDArray { usingConfig(\.train, false) { c.run(link).array } }

    @Test(arguments: cases) func copiesComputeTheSame(_ c: Case) {
        let link = usingConfig(\.dtype, .float64) { c.make() }
        let y = evaluate(c, link)
        for mode in [LinkCopyMode.share, .copy] {
            let copy = link.copy(mode: mode)
            #expect(copy !== link && type(of: copy) == type(of: link))
            #expect(copy.namedParams().map(\.0) == link.namedParams().map(\.0))
            #expect(zip(copy.params(), link.params()).allSatisfy { $0 !== $1 && $0.array == $1.array && $0.dtype == .float64 })
            #expect(evaluate(c, copy) == y, "\(mode)")
        }
        let fresh = link.copy(mode: .initialize)
        #expect(fresh.params().map(\.shape) == link.params().map(\.shape))
        #expect(fresh.params().map(\.dtype) == link.params().map(\.dtype))
    }

    @Test(arguments: cases) func serializationRoundTripsIntoAFreshLink(_ c: Case) throws {
        let link = usingConfig(\.dtype, .float64) { c.make() }
        for p in link.params() { p.array = NDArray.normal(p.shape, dtype: p.dtype) }
        let saved = DictionarySerializer()
        try link.serialize(saved)
        #expect(saved.arrays.count == link.params().count + link.namedPersistent().count)
        let other = link.makeFresh()
        try other.serialize(DictionaryDeserializer(saved.arrays))
        #expect(evaluate(c, other) == evaluate(c, link))
    }
}
