import Testing
@testable import ChainerArray

@Suite struct CreationTests {

    @Test func typedInitializers() {
        let cases: [(NDArray, DType)] = [
            (NDArray([1, 2, 3, 4] as [Float], shape: [2, 2]), .float32),
            (NDArray([1, 2, 3, 4] as [Double], shape: [2, 2]), .float64),
            (NDArray([1, 2, 3, 4] as [Int32], shape: [2, 2]), .int32),
            (NDArray([1, 2, 3, 4] as [Int64], shape: [2, 2]), .int64),
            (NDArray([1, 2, 3, 4] as [Int], shape: [2, 2]), .int64),
            (NDArray([1, 2, 3, 4] as [UInt8], shape: [2, 2]), .uint8),
            (NDArray([1, 2, 3, 4] as [Int8], shape: [2, 2]), .int8),
            (NDArray([1, 2, 3, 4] as [Float16], shape: [2, 2]), .float16),
            (NDArray([1, 2, 3, 4].map { BFloat16(Float($0)) }, shape: [2, 2]), .bfloat16),
            (NDArray([1, 2, 3, 4], shape: [2, 2], dtype: .int32), .int32),
        ]
        for (a, dt) in cases {
            #expect(a.dtype == dt)
            #expect(a.shape == [2, 2])
            #expect(a.asArray(Double.self) == [1, 2, 3, 4], "\(dt)")
        }
        let b = NDArray([true, false, true])
        #expect(b.dtype == .bool && b.shape == [3] && b.asArray(Bool.self) == [true, false, true])
        // Literals follow NumPy: integers are int64, floating literals float64.
        #expect(NDArray([1, 2, 3]).dtype == .int64)
        #expect(NDArray([1.0, 2.0]).dtype == .float64)
        #expect(NDArray([] as [Float]).shape == [0])
        #expect(NDArray([5] as [Float], shape: []).ndim == 0)
    }

    @Test func scalars() {
        let s = NDArray(scalar: 2.5)
        #expect(s.shape == [] && s.dtype == .float64 && s.item() == 2.5)
        let i = NDArray(scalar: 3, dtype: .int8)
        #expect(i.dtype == .int8 && i.item(as: Int8.self) == 3)
    }

    @Test func zerosOnesFullEmpty() {
        for dt in DType.allCases {
            let z = NDArray.zeros([2, 3], dtype: dt), o = NDArray.ones([2, 3], dtype: dt)
            #expect(z.dtype == dt && z.shape == [2, 3] && z.asArray(Double.self) == Array(repeating: 0, count: 6))
            #expect(o.dtype == dt && o.asArray(Double.self) == Array(repeating: 1, count: 6))
            #expect(NDArray.empty([4, 0], dtype: dt).shape == [4, 0])
        }
        #expect(NDArray.zeros([3]).dtype == .float32)
        #expect(NDArray.ones([3]).dtype == .float32)
        expectArray(NDArray.full([2, 3], 2.5), fx("create/full"))
        expectArray(NDArray.full([2, 2], 7, dtype: .int8), fx("create/full_int"))
        let like = NDArray([1, 2, 3] as [Int32])
        #expect(NDArray.zerosLike(like).dtype == .int32 && NDArray.zerosLike(like).asArray(Int32.self) == [0, 0, 0])
        #expect(NDArray.onesLike(like, dtype: .float64).dtype == .float64)
        #expect(NDArray.fullLike(like, 4).asArray(Int32.self) == [4, 4, 4])
        #expect(NDArray.emptyLike(like).shape == [3] && NDArray.emptyLike(like).dtype == .int32)
        #expect(NDArray.zeros([]).shape == [] && NDArray.zeros([]).size == 1)
    }

    @Test func rangesAndEye() {
        expectArray(NDArray.arange(5), fx("create/arange5"))
        expectArray(NDArray.arange(1, 2, 0.25), fx("create/arange_step"))
        expectArray(NDArray.arange(5, -3, -2, dtype: .float64), fx("create/arange_neg"))
        expectArray(NDArray.arange(2, 11, 3, dtype: .int64), fx("create/arange_int"))
        #expect(NDArray.arange(3, 1).shape == [0])
        expectArray(NDArray.linspace(0, 1, num: 5), fx("create/linspace"))
        expectArray(NDArray.linspace(-1, 1, num: 4, endpoint: false, dtype: .float64), fx("create/linspace_noend"))
        expectArray(NDArray.linspace(2, 3, num: 1), fx("create/linspace1"))
        #expect(NDArray.linspace(0, 1, num: 0).shape == [0])
        expectArray(NDArray.eye(3), fx("create/eye3"))
        expectArray(NDArray.eye(3, 4, k: 1, dtype: .float64), fx("create/eye_rect_k1"))
        expectArray(NDArray.eye(4, 3, k: -1, dtype: .int32), fx("create/eye_rect_km1"))
        expectArray(NDArray.identity(3), fx("create/eye3"))
    }
}
