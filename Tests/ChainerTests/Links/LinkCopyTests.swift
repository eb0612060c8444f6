import Testing
@testable import Chainer

/// `Link.copy(mode:)` and `repeated(_:mode:)` (Chainer's `Link.copy` and `Link.repeat`).
@Suite struct LinkCopyTests {
    @Test func shareKeepsTheArraysButNotTheGradients() {
        let l = L.Linear(3, 2)
        l.W.grad = NDArray.ones([2, 3])
        let c = l.copy(mode: .share)
        #expect(c !== l && c.W !== l.W && c.b !== l.b)
        #expect(c.W.array == l.W.array && c.b!.array == l.b!.array && c.W.grad == nil && l.W.grad != nil)
        #expect(c.namedParams().map(\.0) == ["/W", "/b"] && c.W.name == "W")
    }

    /// As with Chainer's shared ndarrays, the copy follows the original through optimizer steps, element writes,
    /// `copyParams` and running statistics (an evaluation copy sees the trained model), in both directions; the
    /// gradients stay apart.
    @Test func shareFollowsUpdatesInBothDirections() {
        let model = Sequential {
            L.Linear(3, 4)
            L.BatchNormalization(4)
        }
        let copy = model.copy()
        let optimizer = Adam(alpha: 0.1)
        optimizer.setup(model)
        let x = Variable(NDArray.normal([5, 3]), requiresGrad: false)
        optimizer.update { F.sum(model(x) * model(x)) }
        let (w, cw) = ((model[0] as! L.Linear).W, (copy[0] as! L.Linear).W)
        #expect(optimizer.t == 1 && cw.array == w.array && w.grad != nil && cw.grad == nil)
        let (bn, cbn) = (model[1] as! L.BatchNormalization, copy[1] as! L.BatchNormalization)
        #expect(bn.avgMean! != NDArray.zeros([4]) && cbn.avgMean! == bn.avgMean!, "the training forward's statistics")
        usingConfig(\.train, false) { #expect(copy(x).array == model(x).array) }

        cw.array[0, 0] = NDArray(Float(7))
        #expect(w.array[0, 0].item() == 7, "a write to the copy reaches the original")
        let other = L.Linear(3, 4)
        (model[0] as! L.Linear).copyParams(from: other)
        #expect(cw.array == other.W.array)
        let c2 = copy.copy()
        optimizer.update { F.sum(model(x)) }
        #expect((c2[0] as! L.Linear).W.array == w.array, "a copy of a copy shares with both")
    }

    /// Lazily allocated links share too: whichever of the two is called first allocates for both (Chainer's copy
    /// finds the shared array allocated), and steps on either reach the other.
    @Test func lazyLinksShareWhatTheFirstCallAllocates() {
        let x = Variable(NDArray.normal([4, 3]), requiresGrad: false)
        let l = L.Linear(nil, 2), c = l.copy()
        _ = l(x)
        #expect(c.W.isInitialized && c.W.array == l.W.array)
        _ = c(x)
        #expect(c.W.array == l.W.array)
        let optimizer = SGD(lr: 0.5)
        optimizer.setup(l)
        optimizer.update { F.sum(l(x)) }
        #expect(c.W.array == l.W.array && c.b!.array == l.b!.array)
        let bn = L.BatchNormalization(nil), copy = bn.copy()
        _ = copy(x)   // the copy first, this time
        _ = bn(x)
        #expect(bn.gamma!.array == copy.gamma!.array && bn.avgMean! == copy.avgMean!)
    }

    @Test func copyIsDeep() {
        let l = L.Linear(3, 2)
        l.W.grad = NDArray.ones([2, 3])
        let c = l.copy(mode: .copy)
        #expect(c.W.array == l.W.array && c.W.grad! == l.W.grad!)
        let before = l.W.array.copy()
        c.W.array[0, 0] = NDArray(Float(42))
        #expect(l.W.array == before && c.W.array != before)
    }

    @Test func initializeDrawsFreshParameters() {
        let l = L.Linear(30, 20, initialBias: 0.5)
        l.b!.array = NDArray.zeros([20])
        let c = l.copy(mode: .initialize)
        #expect(c.W.shape == [20, 30] && c.W.dtype == l.W.dtype && c.W.array != l.W.array)
        #expect(c.b!.array == NDArray.full([20], 0.5) && c.W.grad == nil)
    }

    @Test func lazyLinksCopyTheirInferredShape() {
        let l = L.Linear(4)
        _ = l(Variable(NDArray.zeros([2, 6])))
        let c = l.copy(mode: .initialize)
        #expect(c.W.shape == [4, 6] && c.W.isInitialized)
        let fresh = L.Linear(4).copy(mode: .copy)
        #expect(!fresh.W.isInitialized)
    }

    @Test func chainsCopyRecursivelyWithTheirPersistentValues() {
        let model = Sequential {
            L.Convolution2D(2, 3, ksize: 3, pad: 1)
            L.BatchNormalization(3)
            F.relu
            L.Linear(nil, 4)
        }
        let x = Variable(NDArray.normal([2, 2, 4, 4]))
        _ = model(x)   // moves the running statistics and allocates the lazy Linear
        let c = model.copy(mode: .copy)
        #expect(c.namedParams().map(\.0) == model.namedParams().map(\.0))
        #expect(c.namedPersistent().map(\.1) == model.namedPersistent().map(\.1))
        usingConfig(\.train, false) { #expect(c(x).array == model(x).array) }
        let bn = c[1] as! L.BatchNormalization
        bn.avgMean = NDArray.zeros([3])
        #expect((model[1] as! L.BatchNormalization).avgMean! != NDArray.zeros([3]))
    }

    @Test func frozenLinksStayFrozen() {
        let l = L.Linear(2, 2)
        l.disableUpdate()
        #expect(!l.copy(mode: .copy).updateEnabled)
    }

    @Test func repeatedMakesASequentialOfCopies() {
        let block = L.Linear(3, 3)
        let seq = block.repeated(3)
        #expect(seq.count == 3 && seq.namedParams().map(\.0) == ["/0/W", "/0/b", "/1/W", "/1/b", "/2/W", "/2/b"])
        let ws = (0..<3).map { (seq[$0] as! L.Linear).W.array }
        #expect(ws[0] != ws[1] && ws[1] != ws[2] && ws[0] != block.W.array)
        #expect(seq(Variable(NDArray.ones([2, 3]))).shape == [2, 3])
        let shared = block.repeated(2, mode: .share)
        #expect((shared[0] as! L.Linear).W.array == block.W.array && (shared[1] as! L.Linear).W.array == block.W.array)
        #expect(block.repeated(0).count == 0)
    }
}
