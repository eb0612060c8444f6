import Testing
@testable import Chainer
import ChainerTesting

/// Every function implemented so far, checked by central differences in Float64 (first and second order).
@Suite struct GradientCheckTests {
    static var unary: [(String, (Variable) -> Variable, Double)] { [
        ("neg", { -$0 }, 0), ("exp", F.exp, 0), ("expm1", F.expm1, 0), ("log", F.log, 2), ("log1p", F.log1p, 2),
        ("sqrt", F.sqrt, 2), ("square", F.square, 0), ("tanh", F.tanh, 0), ("sigmoid", F.sigmoid, 0),
        ("relu", F.relu, 0), ("sin", F.sin, 0), ("cos", F.cos, 0), ("absolute", F.absolute, 0),
        ("powConstant", { $0.pow(3) }, 0), ("rdiv", { 2.0 / $0 }, 2), ("sum", { F.sum($0, axis: 1) }, 0),
        ("mean", { F.mean($0, axes: [0]) }, 0), ("transpose", { $0.T }, 0), ("reshape", { $0.reshaped([6]) }, 0),
        ("broadcastTo", { F.broadcastTo($0, [4, 2, 3]) }, 0),
    ] }

    @Test(arguments: 0..<20)
    func unaryFunctions(_ k: Int) throws {
        let (name, f, shift) = Self.unary[k]
        seed(UInt64(k))
        // Keep away from kinks (relu, abs at 0) and domain edges (log, sqrt) by shifting and spreading inputs.
        var x = NDArray.uniform([2, 3], low: -1, high: 1, dtype: .float64)
        x = x + NDArray.where(x .>= 0, NDArray(scalar: 0.1), NDArray(scalar: -0.1)) + shift
        let y = f(Variable(x))
        let gy = NDArray.normal(y.shape, dtype: .float64)
        try checkBackward({ [f($0[0])] }, inputs: [x], gradOutputs: [gy])
        if name != "relu" && name != "absolute" {
            try checkDoubleBackward({ [f($0[0])] }, inputs: [x], gradOutputs: [gy], gradGradInputs: [NDArray.normal(x.shape, dtype: .float64)])
        }
        _ = name
    }

    @Test(arguments: ["add", "sub", "mul", "div"])
    func binaryWithBroadcasting(_ op: String) throws {
        let f: (Variable, Variable) -> Variable = switch op {
        case "add": (+)
        case "sub": (-)
        case "mul": (*)
        default: (/)
        }
        let a = NDArray.uniform([3, 1], low: 0.5, high: 2, dtype: .float64)
        let b = NDArray.uniform([4], low: 0.5, high: 2, dtype: .float64)
        try checkBackward({ [f($0[0], $0[1])] }, inputs: [a, b], gradOutputs: [NDArray.normal([3, 4], dtype: .float64)])
        try checkDoubleBackward({ [f($0[0], $0[1])] }, inputs: [a, b], gradOutputs: [NDArray.normal([3, 4], dtype: .float64)])
    }

    @Test func checkBackwardCatchesAWrongGradient() {
        final class WrongSquare: FunctionNode {
            override func forward(_ x: [NDArray]) -> [NDArray] { [x[0] * x[0]] }
            override func backward(_ i: [Int], _ gy: [Variable?]) -> [Variable?] { [gy[0]! * 3.0] }  // should be 2x·gy
        }
        #expect(throws: GradientCheckError.self) {
            try checkBackward({ [WrongSquare().applySingle($0)] }, inputs: [NDArray([1.5, -2.0])], gradOutputs: [NDArray([1.0, 1.0])])
        }
    }
}

/// The spec-table harness itself: a correct row passes, a wrong reference is reported.
@Suite struct FunctionSpecTests {
    @Test func correctRowPasses() throws {
        try runSpec(FunctionSpec("tanh", inputs: { [NDArray.normal([3, 4], dtype: .float64)] },
                                 reference: { [$0[0].tanh()] }) { [F.tanh($0[0])] })
    }

    @Test func wrongReferenceIsReported() {
        #expect(throws: ForwardMismatch.self) {
            try runSpec(FunctionSpec("tanh", inputs: { [NDArray.normal([3, 4], dtype: .float64)] },
                                     reference: { [$0[0].sigmoid()] }) { [F.tanh($0[0])] })
        }
    }
}
