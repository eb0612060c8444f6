extension Variable {
    /// A variable that never takes a gradient (masks and other constants inside backward formulas).
    static func constant(_ array: NDArray) -> Variable { Variable(array, requiresGrad: false) }
}

extension NDArray {
    /// 1 where `condition` holds, 0 elsewhere, in `dtype` (a mask for piecewise derivatives).
    static func mask(_ condition: NDArray, _ dtype: DType) -> NDArray { condition.astype(dtype) }
}
