extension NDArray {
    /// The sorted distinct elements of the flattened array (NaNs collapse into one, as in NumPy 2's `unique`).
    public func unique() -> NDArray { unique(returnCounts: true).values }

    /// The sorted distinct elements of the flattened array and how often each occurs (int64).
    public func unique(returnCounts: Bool) -> (values: NDArray, counts: NDArray) {
        let sorted = flattened().sort()
        if sorted.size == 0 { return (sorted, NDArray.zeros([0], dtype: .int64)) }
        let runs = dtype.dispatchIndexing(RunStarts(data: sorted.basePointer, n: sorted.size))
        let counts = (0..<runs.count).map { k in (k + 1 < runs.count ? runs[k + 1] : sorted.size) - runs[k] }
        return (sorted.gatherRows(lead: 1, runs, outShape: [runs.count]), NDArray(counts))
    }
}

/// First position of each run of equal elements in a sorted buffer.
private struct RunStarts: IndexingVisitor {
    let data: UnsafeMutableRawPointer, n: Int
    func visit<T: IndexingScalar>(_: T.Type) -> [Int] {
        let x = data.assumingMemoryBound(to: T.self)
        var starts = [0]
        for i in 1..<n where !T.same(x[i - 1], x[i]) { starts.append(i) }
        return starts
    }
}
