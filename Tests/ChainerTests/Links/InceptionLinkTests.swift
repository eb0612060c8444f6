import Foundation
import Testing
@testable import Chainer

/// `L.Inception` against Chainer 7.8.1 (scripts/fixtures/chainer_link_hooks.py).
@Suite struct InceptionLinkTests {
    let fx: [String: NDArray]
    init() throws { fx = try Fixture.load("link_hooks") }

    func loaded() -> L.Inception {
        let inc = usingConfig(\.dtype, .float64) { L.Inception(3, 2, 2, 3, 1, 2, 2) }
        for (path, p) in inc.namedParams() { p.array = fx["inception" + path.replacingOccurrences(of: "/", with: "_")]! }
        return inc
    }

    @Test func namesAndShapesAreChainers() throws {
        let inc = L.Inception(3, 2, 2, 3, 1, 2, 2)
        let names = try #require(Fixture.raw("link_hooks")["inception_names"] as? [String])
        #expect(inc.namedParams().map(\.0).sorted() == names)
        #expect(inc.children().count == 6 && inc.conv3.W.shape == [3, 2, 3, 3] && inc.conv5.W.shape == [2, 1, 5, 5])
        #expect(inc.projp.W.shape == [2, 3, 1, 1] && inc.conv1.b!.array == NDArray.zeros([2]))
        #expect(inc(Variable(NDArray.normal([1, 3, 7, 6]))).shape == [1, 9, 7, 6])
        let lazy = L.Inception(nil, 1, 1, 1, 1, 1, 1)
        #expect(lazy(Variable(NDArray.normal([1, 5, 4, 4]))).shape == [1, 4, 4, 4] && lazy.conv1.W.shape == [1, 5, 1, 1])
    }

    @Test func outputMatchesChainer() {
        let inc = loaded()
        expectArray(inc(Variable(fx["inception_x"]!)).array, fx["inception_y"]!, rtol: 1e-12, atol: 1e-12)
    }

    @Test func gradientsMatchFiniteDifferences() {
        let inc = loaded()
        checkLinkBackward(inc, fx["inception_x"]!) { inc($0) }
    }

    @Test func serializationRoundTrip() throws {
        let inc = loaded()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("inception-\(UUID().uuidString).npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveNPZ(inc, to: url)
        #expect(try NPZ.read(url).keys.sorted() == inc.namedParams().map { String($0.0.dropFirst()) }.sorted())
        let other = usingConfig(\.dtype, .float64) { L.Inception(3, 2, 2, 3, 1, 2, 2) }
        try loadNPZ(url, into: other)
        #expect(other(Variable(fx["inception_x"]!)).array == inc(Variable(fx["inception_x"]!)).array)
        let copied = inc.copy(mode: .copy)
        #expect(copied(Variable(fx["inception_x"]!)).array == inc(Variable(fx["inception_x"]!)).array)
    }

    func loadedBN(_ tag: String, _ make: () -> L.InceptionBN) -> L.InceptionBN {
        let inc = usingConfig(\.dtype, .float64, make)
        for (path, p) in inc.namedParams() { p.array = fx[tag + path.replacingOccurrences(of: "/", with: "_")]! }
        return inc
    }

    @Test func inceptionBNMatchesChainer() throws {
        let raw = try Fixture.raw("link_hooks")
        let cases: [(String, () -> L.InceptionBN)] = [
            ("inceptionbn_max", { L.InceptionBN(3, 2, 2, 3, 1, 2, pooltype: .max, projPool: 2) }),
            ("inceptionbn_avg", { L.InceptionBN(3, 0, 2, 3, 1, 2, pooltype: .avg, stride: 2) }),
        ]
        for (tag, make) in cases {
            let inc = loadedBN(tag, make)
            #expect(inc.namedParams().map(\.0).sorted() == raw[tag + "_names"] as! [String], "\(tag)")
            #expect(inc.namedPersistent().map(\.0).sorted() == raw[tag + "_persistent"] as! [String], "\(tag)")
            let x = Variable(fx[tag + "_x"]!)
            expectArray(inc(x).array, fx[tag + "_y"]!, rtol: 1e-10, atol: 1e-12, "\(tag)")
            expectArray(inc.conv3n.avgMean!, fx[tag + "_conv3n_avg_mean"]!, rtol: 1e-10, atol: 1e-12, "\(tag)")
            let yTest = usingConfig(\.train, false) { inc(x) }
            expectArray(yTest.array, fx[tag + "_y_test"]!, rtol: 1e-10, atol: 1e-12, "\(tag)")
        }
    }

    @Test func inceptionBNGradientsAndCopies() {
        let inc = usingConfig(\.dtype, .float64) { L.InceptionBN(2, 2, 2, 2, 2, 2, pooltype: .max, projPool: 2) }
        // Nonzero shifts everywhere: with the default zero betas, a window of ReLU zeros gives an exact 0 at the next
        // ReLU, whose kink central differences cannot see past.
        for p in inc.params() { p.array = NDArray.normal(p.shape, dtype: .float64) }
        let x = NDArray.normal([2, 2, 4, 4], dtype: .float64)
        usingConfig(\.train, false) {
            checkLinkBackward(inc, x) { inc($0) }
            #expect(inc.copy(mode: .copy)(Variable(x)).array == inc(Variable(x)).array)
        }
    }
}
