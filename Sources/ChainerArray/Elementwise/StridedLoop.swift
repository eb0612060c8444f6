/// Walks several operands of one (already broadcast) shape row by row: the axes are coalesced first, the last axis
/// becomes the inner row a kernel runs over, and long rows are cut into fixed pieces so large ops split across
/// threads with results that do not depend on the thread count.
struct StridedLoop {
    let shape: [Int]
    let strides: [[Int]]

    init(shape: [Int], strides: [[Int]]) {
        (self.shape, self.strides) = Layout.coalesce(shape, strides)
    }

    /// Length of the inner rows.
    var rowLength: Int { shape.last! }
    /// Inner stride of each operand.
    var innerStrides: [Int] { strides.map { $0.last! } }
    /// Elements in all.
    var count: Int { Layout.count(shape) }

    /// Runs `body(offsets, n)` for every piece of every row, where `offsets[k]` is operand k's element offset of the
    /// piece's first element; pieces run in parallel when the work is large.
    func run(costPerElement: Int = 1, _ body: (UnsafePointer<Int>, Int) -> Void) {
        let n = rowLength
        if count == 0 { return }
        let piece = 1 << 15
        let piecesPerRow = (n + piece - 1) / piece
        let rows = count / n
        let operands = strides.count
        let outer = Array(shape.dropLast())
        Parallel.forEach(rows * piecesPerRow, costPerItem: min(n, piece) * costPerElement) { range in
            var index = [Int](repeating: 0, count: outer.count)
            var offsets = [Int](repeating: 0, count: operands)
            var row = range.lowerBound / piecesPerRow
            // Unravel the first row of the range.
            var r = row
            for d in stride(from: outer.count - 1, through: 0, by: -1) {
                index[d] = r % outer[d]
                r /= outer[d]
            }
            for k in 0..<operands {
                var o = 0
                for d in 0..<outer.count { o += index[d] * strides[k][d] }
                offsets[k] = o
            }
            var item = range.lowerBound
            var pieceOffsets = [Int](repeating: 0, count: operands)
            while item < range.upperBound {
                let part = item % piecesPerRow
                let start = part * piece
                let len = min(piece, n - start)
                for k in 0..<operands { pieceOffsets[k] = offsets[k] + start * strides[k][outer.count] }
                pieceOffsets.withUnsafeBufferPointer { body($0.baseAddress!, len) }
                item += 1
                if part == piecesPerRow - 1 {
                    row += 1
                    // Advance the odometer over the outer axes.
                    var d = outer.count - 1
                    while d >= 0 {
                        index[d] += 1
                        for k in 0..<operands { offsets[k] += strides[k][d] }
                        if index[d] < outer[d] { break }
                        for k in 0..<operands { offsets[k] -= strides[k][d] * outer[d] }
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
    }
}
