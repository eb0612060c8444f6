/// Elementwise choice between two inputs by a boolean condition (broadcasting); the gradient flows to the chosen one.
final class Where: FunctionNode {
    let condition: NDArray
    var shapes: ([Int], [Int]) = ([], [])
    init(_ condition: NDArray) { self.condition = condition }
    override var label: String { "Where" }
    override func forward(_ x: [NDArray]) -> [NDArray] {
        shapes = (x[0].shape, x[1].shape)
        return [NDArray.where(condition, x[0], x[1])]
    }
    override func backward(_ indexes: [Int], _ gy: [Variable?]) -> [Variable?] {
        let g = gy[0]!
        let zero = Variable.constant(NDArray.zeros([], dtype: g.dtype))
        return indexes.map { i in
            i == 0 ? F.sumTo(Where(condition).applySingle([g, zero]), shapes.0)
                   : F.sumTo(Where(condition).applySingle([zero, g]), shapes.1)
        }
    }
    override func backwardArrays(_ indexes: [Int], _ gy: [NDArray?]) -> [NDArray?]? {
        let g = gy[0]!, zero = NDArray.zeros([], dtype: g.dtype)
        return indexes.map { i in
            i == 0 ? NDArray.where(condition, g, zero).sumTo(shapes.0) : NDArray.where(condition, zero, g).sumTo(shapes.1)
        }
    }
}

extension F {
    /// `x` where `condition` is true, `y` elsewhere (broadcasting).
    public static func `where`(_ condition: NDArray, _ x: Variable, _ y: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        precondition(condition.dtype == .bool, "where: condition must be bool, got \(condition.dtype) (shape \(condition.shape)) (\(file):\(line))")
        precondition(x.dtype == y.dtype, "where: x (\(x.shape), \(x.dtype)) and y (\(y.shape), \(y.dtype)) differ in dtype (\(file):\(line))")
        return Where(condition).applySingle([x, y], file: file, line: line)
    }

    /// `where` with a condition given as a variable (its array is used; it takes no gradient).
    public static func `where`(_ condition: Variable, _ x: Variable, _ y: Variable, file: StaticString = #fileID, line: UInt = #line) -> Variable {
        `where`(condition.array, x, y, file: file, line: line)
    }
}
