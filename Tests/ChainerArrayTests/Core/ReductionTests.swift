import Testing
@testable import ChainerArray

@Suite struct ReductionTests {
    /// Inputs by fixture tag; f32T is a non-contiguous (transposed) float32 view.
    static let sources: [String] = ["f64", "f32", "f32T", "i32", "bool"]
    static let axesCases: [(String, [Int]?)] = [
        ("none", nil), ("a0", [0]), ("a1", [1]), ("a2", [2]), ("a02", [0, 2]), ("a12", [1, 2]), ("a01", [0, 1]), ("aneg", [-1]),
    ]

    func input(_ tag: String) -> NDArray {
        switch tag {
        case "f64": fx("in/r")
        case "f32": fx("in/r").astype(.float32)
        case "f32T": fx("in/r").astype(.float32).transposed([2, 0, 1])
        case "i32": fx("in/ri")
        default: fx("in/rb")
        }
    }

    @Test(arguments: sources) func axisReductions(tag: String) {
        let x = input(tag)
        #expect(tag != "f32T" || !x.isContiguous)
        let (rtol, atol) = tag.hasPrefix("f32") ? (2e-5, 2e-5) : (1e-10, 1e-10)
        for (an, axes) in Self.axesCases {
            for keep in [false, true] {
                let key = "\(tag)/\(an)/\(keep ? "k" : "n")"
                func check(_ op: String, _ actual: NDArray, rtol r: Double = rtol, atol a: Double = atol) {
                    expectArray(actual, fx("reduce/\(op)/\(key)"), rtol: r, atol: a, Comment(rawValue: "\(op) \(key)"))
                }
                check("sum", x.reduce(.sum, axes: axes, keepDims: keep))
                if tag == "bool" {
                    check("all", x.all(axes: axes, keepDims: keep))
                    check("any", x.any(axes: axes, keepDims: keep))
                    continue
                }
                let half = tag == "i32" ? x : x / 2
                check("prod", half.reduce(.prod, axes: axes, keepDims: keep))
                check("max", x.reduce(.max, axes: axes, keepDims: keep))
                check("min", x.reduce(.min, axes: axes, keepDims: keep))
                check("mean", x.mean(axes: axes, keepDims: keep))
                check("var", x.variance(axes: axes, keepDims: keep))
                check("std", x.std(axes: axes, keepDims: keep))
                if tag != "i32" { check("lse", x.logsumexp(axes: axes, keepDims: keep)) }
                if let axes, axes.count == 1 {
                    let ax = axes[0]
                    check("sum", x.sum(axis: ax, keepDims: keep))
                    check("max", x.max(axis: ax, keepDims: keep))
                    check("min", x.min(axis: ax, keepDims: keep))
                    check("prod", half.prod(axis: ax, keepDims: keep))
                    check("mean", x.mean(axis: ax, keepDims: keep))
                    check("var", x.variance(axis: ax, keepDims: keep))
                    check("std", x.std(axis: ax, keepDims: keep))
                } else if let axes {
                    check("sum", x.sum(axes: axes, keepDims: keep))
                    check("max", x.max(axes: axes, keepDims: keep))
                    check("min", x.min(axes: axes, keepDims: keep))
                    check("prod", half.prod(axes: axes, keepDims: keep))
                } else if !keep {
                    check("sum", x.sum())
                    check("max", x.max())
                    check("min", x.min())
                    check("prod", half.prod())
                    check("mean", x.mean())
                    check("var", x.variance())
                    check("std", x.std())
                    if tag != "i32" { check("lse", x.logsumexp()) }
                }
            }
        }
        for ax in [nil, 0, 1, 2, -1] as [Int?] {
            let an = ax.map(String.init) ?? "none"
            let key = "\(tag)/\(an)"
            expectArray(ax.map { x.cumsum(axis: $0) } ?? x.cumsum(), fx("reduce/cumsum/\(key)"), rtol: rtol, atol: atol,
                        Comment(rawValue: "cumsum \(key)"))
            if tag == "bool" { continue }
            let half = tag == "i32" ? x : x / 2
            expectArray(ax.map { half.cumprod(axis: $0) } ?? half.cumprod(), fx("reduce/cumprod/\(key)"), rtol: rtol, atol: atol,
                        Comment(rawValue: "cumprod \(key)"))
            expectArray(ax.map { x.argmax(axis: $0) } ?? x.argmax(), fx("reduce/argmax/\(key)"), Comment(rawValue: "argmax \(key)"))
            expectArray(ax.map { x.argmin(axis: $0) } ?? x.argmin(), fx("reduce/argmin/\(key)"), Comment(rawValue: "argmin \(key)"))
        }
    }

    @Test func edgeCases() {
        expectArray(fx("in/r").variance(axis: 1, ddof: 1), fx("reduce/var_ddof1"), rtol: 1e-12)
        expectArray(NDArray.zeros([0, 3]).sum(axis: 0), fx("reduce/sum_empty"))
        expectArray(NDArray.zeros([0, 3]).sum(), fx("reduce/sum_empty_all"))
        expectArray(NDArray.zeros([2, 0], dtype: .float64).prod(axis: 1), fx("reduce/prod_empty"))
        expectArray(NDArray([1, 5, .nan, 7, .nan] as [Double]).argmax(), fx("reduce/argmax_nan"))
        expectArray(NDArray([1, .nan, 3, 4] as [Double], shape: [2, 2]).max(axis: 1), fx("reduce/max_nan"))
        #expect(NDArray.zeros([0]).all().item() == 1 && NDArray.zeros([0]).any().item() == 0)
        #expect(NDArray.zeros([3, 0]).all(axis: 1).asArray(Bool.self) == [true, true, true])
        #expect(NDArray.zeros([0, 3]).max(axis: 1).shape == [0], "max over a non-empty axis of an empty array is empty")
        // A zero-dimensional array reduces to itself.
        #expect(NDArray(scalar: 4).sum().item() == 4 && NDArray(scalar: 4).max().item() == 4)
        #expect(NDArray([3, 7] as [Int32]).sum().dtype == .int64)
        #expect(NDArray([3, 7] as [UInt8]).max().dtype == .uint8)
        #expect(NDArray([true, true]).sum().item(as: Int64.self) == 2)
        #expect(NDArray([1, 2] as [Float16]).sum().dtype == .float16)
        #expect(NDArray([1, 2] as [Float16]).mean().item() == 1.5)
    }

    @Test func largeFloat32SumIsAccurate() {
        let n = 1 << 24
        let a = NDArray.full([n], 0.1)
        let exact = Double(Float(0.1)) * Double(n)
        #expect(Swift.abs(a.sum().item() - exact) / exact < 1e-6)
        // Axis 1 of a (2, n/2) array runs the row path; it must be as accurate.
        let rows = a.reshaped([2, n / 2]).sum(axis: 1).asArray(Double.self)
        #expect(rows.allSatisfy { Swift.abs($0 - exact / 2) / (exact / 2) < 1e-6 })
        #expect(Swift.abs(a.mean().item() - Double(Float(0.1))) < 1e-7)
    }

    /// CHAINER_NUM_THREADS is read once per process, so two thread counts cannot be compared here; instead the
    /// chunked parallel sum must agree with the sum of its halves computed separately.
    @Test func largeSumEqualsSumOfHalves() {
        // Irregular values without the global generator, whose seed other suites running in parallel depend on.
        let n = 3 << 21
        let a = (NDArray.arange(Double(n), dtype: .float64) * 0.7548776662466927).fmod(NDArray(scalar: 3)).astype(.float32) - 1
        let whole = a.sum().item()
        let halves = a[..<(n / 2)].sum().item() + a[(n / 2)...].sum().item()
        #expect(Swift.abs(whole - halves) <= 1e-6 * Swift.abs(whole))
        // The same reduction twice is bit-identical.
        #expect(a.sum().item() == whole)
        let b = a.astype(.float64)
        #expect(Swift.abs(b.sum().item() - whole) <= 1e-6 * Swift.abs(whole))
    }
}

@Suite struct ReductionSpecialValueTests {
    /// NaN and ±inf inside long float32 rows and columns (the vectorised paths): NaN wins max/min/sum and arg*.
    @Test func nanAndInfinity() {
        let x = fx("in/nan_rows")
        let cases: [(String, (NDArray, Int) -> NDArray)] = [
            ("max", { $0.max(axis: $1) }), ("min", { $0.min(axis: $1) }), ("sum", { $0.sum(axis: $1) }),
            ("argmax", { $0.argmax(axis: $1) }), ("argmin", { $0.argmin(axis: $1) }),
        ]
        for (name, f) in cases {
            expectArray(f(x, 1), fx("reduce_nan/\(name)/1"), rtol: 1e-5, atol: 1e-3, Comment(rawValue: "\(name) rows"))
            expectArray(f(x, 0), fx("reduce_nan/\(name)/0"), rtol: 1e-5, atol: 1e-3, Comment(rawValue: "\(name) columns"))
            expectArray(f(x.T, 1), fx("reduce_nan/\(name)/0"), rtol: 1e-5, atol: 1e-3, Comment(rawValue: "\(name) transposed"))
        }
    }
}
