import Testing
@testable import Chainer
import ChainerArray

/// Spellings Chainer users write, as they work here (shapes checked against Chainer 7.8.1's).
@Suite struct ChainerSpellingTests {
    @Test func shorthandInitialisersTakeSizesFromTheFirstInput() {
        let x = NDArray.uniform([1, 2, 5, 5])
        // Chainer: L.Convolution2D(4, 3)(x).shape == (1, 4, 3, 3); L.Deconvolution2D(2, 3)(x).shape == (1, 2, 7, 7).
        #expect(L.Convolution2D(4, 3)(x).shape == [1, 4, 3, 3])
        #expect(L.Convolution2D(4, 3, pad: 1)(x).shape == [1, 4, 5, 5])
        #expect(L.Deconvolution2D(2, 3)(x).shape == [1, 2, 7, 7])
        let lstm = L.LSTM(3)
        #expect(lstm(NDArray.uniform([2, 5])).shape == [2, 3] && lstm.upward.W.shape == [12, 5])
    }

    @Test func linksTakeArraysAndSetupReturnsTheOptimizer() {
        let model = Sequential(L.Linear(3, 4), F.relu, L.Linear(4, 2))
        let y = model(NDArray.ones([5, 3]))
        #expect(y.shape == [5, 2] && y.creator != nil)
        let optimizer = Adam(alpha: 0.01).setup(model)
        #expect(optimizer.target === model && optimizer.alpha == 0.01)
    }
}
