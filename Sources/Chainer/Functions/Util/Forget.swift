/// Runs a function without recording its graph and recomputes it in backward (Chainer's `Forget`), trading compute
/// for the memory of its intermediate arrays.
final class Forget: FunctionNode {
    let function: ([Variable]) -> Variable
    init(_ function: @escaping ([Variable]) -> Variable) { self.function = function }
    override var label: String { "Forget" }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        retainInputs(Array(x.indices))
        let y = noBackpropMode { function(x.map { Variable($0, requiresGrad: $0.dtype.isFloatingPoint) }) }
        return [y.array]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        // As in Chainer: the recomputed graph hangs off fresh leaves, so its gradients cannot reach the inputs' graph.
        precondition(!Config.current.enableBackprop, "forget: double backpropagation is not supported (as in Chainer)")
        let leaves = inputs.indices.map { i in
            let a = retainedInput(i).array
            return Variable(a, requiresGrad: a.dtype.isFloatingPoint)
        }
        let y = forceBackpropMode { function(leaves) }
        let gxs = grad(outputs: [y], inputs: leaves, gradOutputs: [gy[0]])
        return indexes.map { i in gxs[i] ?? Variable(NDArray.zeros(leaves[i].shape, dtype: leaves[i].dtype), requiresGrad: false) }
    }
}

extension F {
    /// `f(xs)` computed without keeping its intermediate arrays; backward runs `f` again to get the gradients
    /// (Chainer's `forget`). Gradients flow to `xs` only, not to variables `f` captures; no double backprop.
    ///
    /// ```swift
    /// let y = F.forget({ F.tanh($0[0] * $0[1]) }, [a, b])
    /// ```
    public static func forget(_ f: @escaping ([Variable]) -> Variable, _ xs: [Variable],
                              file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(!xs.isEmpty, "forget: needs at least one input (\(file):\(line))")
        return Forget(f).applySingle(xs, file: file, line: line)
    }
}
