import Testing
@testable import Chainer

@Suite struct LinkTests {
    final class Affine: Link {
        let W: Parameter, b: Parameter
        init(_ n: Int, _ m: Int) {
            W = Parameter(NDArray.ones([m, n]))
            b = Parameter(NDArray.zeros([m]))
            super.init()
            register(W, as: "W")
            register(b, as: "b")
        }
        func callAsFunction(_ x: Variable) -> Variable { F.linear(x, W, b) }
    }

    final class Net: Chain {
        let l1 = Affine(3, 4)
        let blocks = [Affine(4, 4), Affine(4, 4)]
        let head: Affine? = Affine(4, 2)
        let scale = Parameter(NDArray.ones([1]))
        func callAsFunction(_ x: Variable) -> Variable {
            var h = l1(x)
            for b in blocks { h = F.relu(b(h)) }
            return head!(h) * 2.0
        }
    }

    @Test func namedParamsFollowChainersSortedOrderAndPaths() {
        let net = Net()
        // Chainer: own parameters by name, then children by name (an array property keeps its index order).
        #expect(net.namedParams().map(\.0) == ["/scale", "/blocks/0/W", "/blocks/0/b", "/blocks/1/W", "/blocks/1/b",
                                               "/head/W", "/head/b", "/l1/W", "/l1/b"])
        #expect(net.namedLinks().map(\.0) == ["/", "/blocks/0", "/blocks/1", "/head", "/l1"])
        #expect(net.countParams() == 1 + 12 + 4 + 20 + 20 + 8 + 2)
    }

    @Test func clearAndZeroGradsAndFreezing() {
        let net = Net()
        F.sum(net(Variable(NDArray.ones([2, 3])))).backward()
        #expect(net.params().allSatisfy { $0.grad != nil || $0 === net.scale })
        net.clearGrads()
        #expect(net.params().allSatisfy { $0.grad == nil })
        net.zeroGrads()
        #expect(net.l1.W.grad! == NDArray.zeros([4, 3]))
        net.blocks[0].disableUpdate()
        #expect(!net.blocks[0].updateEnabled && net.blocks[1].updateEnabled)
    }
}
