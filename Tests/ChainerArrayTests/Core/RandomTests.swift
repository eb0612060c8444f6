import Testing
@testable import ChainerArray

/// Seeded draws repeat. `seed(_:)` gives the calling test's task a stream of its own, so tests elsewhere that draw
/// meanwhile do not shift these (see `seedIsPerTaskWhileOthersDraw`).
@Suite(.serialized) struct RandomTests {
    @Test func seedFunction() {
        seed(2024)
        let a = NDArray.normal([8])
        seed(2024)
        #expect(NDArray.normal([8]) == a)
        #expect(a.dtype == .float32 && a.shape == [8])
    }

    @Test func seedMakesDrawsReproducible() {
        func draw() -> [NDArray] {
            [NDArray.uniform([50]), NDArray.uniform([7], low: -2, high: 3, dtype: .float64), NDArray.normal([51]),
             NDArray.bernoulli([40], p: 0.3), NDArray.randint(-5, 9, shape: [30]), NDArray.permutation(20),
             NDArray.arange(12).reshaped([6, 2]).shuffled()]
        }
        seed(1234)
        let first = draw()
        seed(1234)
        let second = draw()
        for (a, b) in zip(first, second) { #expect(a == b) }
        seed(1235)
        let third = draw()
        #expect(first[0] != third[0])
        #expect(first[2] != third[2])
        #expect(first[5] != third[5])
        // Later draws continue the stream instead of repeating it.
        seed(1234)
        let u1 = NDArray.uniform([50]), u2 = NDArray.uniform([50])
        #expect(u1 != u2)
        seed(Int(-1))
        #expect(NDArray.uniform([4]).shape == [4])
    }

    @Test func uniformAndNormalStatistics() {
        seed(42)
        let u = NDArray.uniform([200_000], low: -1, high: 3)
        #expect(u.dtype == .float32)
        #expect(Swift.abs(u.mean().item() - 1) < 0.02)
        #expect(Swift.abs(u.std().item() - 4 / 12.0.squareRoot()) < 0.02)
        #expect(u.min().item() >= -1 && u.max().item() < 3)
        let u64 = NDArray.uniform([100_000], dtype: .float64)
        #expect(u64.dtype == .float64 && u64.min().item() >= 0 && u64.max().item() < 1)
        let n = NDArray.normal([200_001], mean: 2, std: 0.5, dtype: .float64)
        #expect(n.dtype == .float64 && n.shape == [200_001])
        #expect(Swift.abs(n.mean().item() - 2) < 0.01)
        #expect(Swift.abs(n.std().item() - 0.5) < 0.01)
        // About 95.4 % within two standard deviations.
        let within = ((n - 2).abs() .< 1).astype(.float64).mean().item()
        #expect(Swift.abs(within - 0.9545) < 0.01)
    }

    @Test func bernoulliRandintPermutation() {
        seed(7)
        let b = NDArray.bernoulli([100_000], p: 0.25)
        #expect(b.dtype == .bool)
        #expect(Swift.abs(b.astype(.float64).mean().item() - 0.25) < 0.01)
        #expect(NDArray.bernoulli([100], p: 0).any().item() == 0)
        #expect(NDArray.bernoulli([100], p: 1).all().item() == 1)
        let r = NDArray.randint(-3, 4, shape: [10_000])
        #expect(r.dtype == .int64)
        let values = r.asArray(Int64.self)
        #expect(values.allSatisfy { $0 >= -3 && $0 < 4 })
        #expect(Set(values) == Set(-3...3))
        #expect(NDArray.randint(0, 10, shape: [5], dtype: .int32).dtype == .int32)
        let p = NDArray.permutation(1000)
        #expect(p.dtype == .int64)
        #expect(p.asArray(Int64.self).sorted() == Array(0..<1000))
        #expect(p.asArray(Int64.self) != Array(0..<1000))
        #expect(NDArray.permutation(0).shape == [0])
        let rows = NDArray.arange(20, dtype: .float64).reshaped([10, 2])
        let s = rows.shuffled()
        #expect(s.shape == [10, 2])
        // Rows move whole: each keeps its pair (2k, 2k+1).
        let v = s.asArray(Double.self)
        #expect(stride(from: 0, to: 20, by: 2).allSatisfy { v[$0 + 1] == v[$0] + 1 })
        #expect(Set(v) == Set((0..<20).map(Double.init)))
        var m = rows
        NDArray.shuffle(&m)
        #expect(m.sum().item() == rows.sum().item())
    }
}

@Test func withSeedIsReproducibleAndIsolated() {
    let a = withSeed(42) { NDArray.normal([8]) }
    _ = NDArray.uniform([100])   // draws from the process-wide generator in between
    let b = withSeed(42) { NDArray.normal([8]) }
    #expect(a == b)
    let c = withSeed(43) { NDArray.normal([8]) }
    #expect(a != c)
}

/// `seed(_:)` in code running in parallel (tests, tasks), each drawing while a neighbour draws too: every one sees the
/// stream it seeded, as when it runs alone.
@Test func seedIsPerTaskWhileOthersDraw() async {
    func draws() -> [NDArray] {
        seed(7)
        return (0..<40).map { _ in NDArray.uniform([16]) }
    }
    let alone = await Task.detached { draws() }.value
    let results = await withTaskGroup(of: [NDArray]?.self) { group in
        for _ in 0..<4 { group.addTask { draws() } }
        group.addTask {
            for _ in 0..<400 { _ = NDArray.normal([16]) }   // a neighbour drawing without a seed
            return nil
        }
        var out: [[NDArray]] = []
        for await r in group { if let r { out.append(r) } }
        return out
    }
    #expect(results.count == 4 && results.allSatisfy { $0 == alone })
}
