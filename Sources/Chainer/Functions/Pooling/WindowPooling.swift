/// A scaled sum over every window (average pooling, and unpooling's gradient).
final class WindowSum2D: FunctionNode {
    let window: Window2D, outSize: (Int, Int), scale: Double, validOnly: Bool, name: String, gradName: String
    var inputSize = (0, 0)
    init(window: Window2D, outSize: (Int, Int), scale: Double, validOnly: Bool = false, name: String, gradName: String) {
        (self.window, self.outSize, self.scale, self.validOnly) = (window, outSize, scale, validOnly)
        (self.name, self.gradName) = (name, gradName)
    }
    override var label: String { name }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        inputSize = (x[0].shape[2], x[0].shape[3])
        return [NDArray.poolingSum(x[0], window: window, outSize: outSize, scale: scale, validOnly: validOnly)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        [WindowSpread2D(window: window, inputSize: inputSize, scale: scale, validOnly: validOnly, name: gradName,
                        gradName: name).applySingle([gy[0]!])]
    }
}

/// Each value, scaled, added over its whole window (unpooling, and average pooling's gradient).
final class WindowSpread2D: FunctionNode {
    let window: Window2D, inputSize: (Int, Int), scale: Double, validOnly: Bool, name: String, gradName: String
    init(window: Window2D, inputSize: (Int, Int), scale: Double, validOnly: Bool = false, name: String, gradName: String) {
        (self.window, self.inputSize, self.scale, self.validOnly) = (window, inputSize, scale, validOnly)
        (self.name, self.gradName) = (name, gradName)
    }
    override var label: String { name }

    override func forward(_ x: [NDArray]) -> [NDArray] {
        [NDArray.poolingSpread(x[0], window: window, inputSize: inputSize, scale: scale, validOnly: validOnly)]
    }

    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let size = (inputs[0].shape[2], inputs[0].shape[3])
        return [WindowSum2D(window: window, outSize: size, scale: scale, validOnly: validOnly, name: gradName,
                            gradName: name).applySingle([gy[0]!])]
    }
}
