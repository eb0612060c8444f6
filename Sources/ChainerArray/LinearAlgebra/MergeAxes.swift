extension NDArray {
    /// Merges consecutive groups of axes (`groups` gives each group's axis count) into one axis each: a view when
    /// every group's axes step through memory as one axis, so permuted GEMM operands reach GEMM without a copy
    /// (GEMM reads a unit stride on either matrix axis); otherwise a reshaped contiguous copy.
    func mergingAxes(_ groups: [Int]) -> NDArray {
        precondition(groups.reduce(0, +) == ndim, "mergingAxes: groups \(groups) do not cover shape \(shape)")
        var newShape: [Int] = [], newStrides: [Int] = []
        var axis = 0
        for g in groups {
            let axes = axis..<(axis + g)
            axis += g
            let length = axes.reduce(1) { $0 * shape[$1] }
            // Axes of length 1 never move the pointer; the rest must nest exactly.
            let moving = axes.filter { shape[$0] != 1 }
            for (outer, inner) in zip(moving, moving.dropFirst()) where strides[outer] != strides[inner] * shape[inner] {
                return reshaped(groups.indices.map { i in
                    let lo = groups[..<i].reduce(0, +)
                    return (lo..<(lo + groups[i])).reduce(1) { $0 * shape[$1] }
                })
            }
            newShape.append(length)
            newStrides.append(moving.last.map { strides[$0] } ?? 1)
        }
        return NDArray(storage: storage, shape: newShape, strides: newStrides, offset: offset, dtype: dtype)
    }
}
