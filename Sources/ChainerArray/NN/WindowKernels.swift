import CChainerKernels

/// Float types with sliding-window kernels (float32 and float64); other float dtypes compute in float32.
protocol WindowScalar: GEMMScalar {
    static func im2col(_ c: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Self>, _ col: UnsafeMutablePointer<Self>, _ ldc: Int)
    static func col2im(_ c: Int, _ g: UnsafePointer<Int64>, _ col: UnsafePointer<Self>, _ ldc: Int, _ x: UnsafeMutablePointer<Self>)
    static func maxpool(_ planes: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>,
                        _ idx: UnsafeMutablePointer<Int32>)
    static func gather(_ planes: Int, _ g: UnsafePointer<Int64>, _ src: UnsafePointer<Self>, _ idx: UnsafePointer<Int32>,
                       _ dst: UnsafeMutablePointer<Self>)
    static func scatter(_ planes: Int, _ g: UnsafePointer<Int64>, _ src: UnsafePointer<Self>, _ idx: UnsafePointer<Int32>,
                        _ dst: UnsafeMutablePointer<Self>)
    static func windowSum(_ planes: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ scale: Self)
    static func windowSpread(_ planes: Int, _ g: UnsafePointer<Int64>, _ gy: UnsafePointer<Self>, _ gx: UnsafeMutablePointer<Self>, _ scale: Self)
}

extension Float: WindowScalar {
    static func im2col(_ c: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>, _ ldc: Int) {
        ck_im2col_f32(Int64(c), g, x, col, Int64(ldc))
    }
    static func col2im(_ c: Int, _ g: UnsafePointer<Int64>, _ col: UnsafePointer<Float>, _ ldc: Int, _ x: UnsafeMutablePointer<Float>) {
        ck_col2im_f32(Int64(c), g, col, Int64(ldc), x)
    }
    static func maxpool(_ planes: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                        _ idx: UnsafeMutablePointer<Int32>) {
        ck_maxpool_f32(Int64(planes), g, x, y, idx)
    }
    static func gather(_ planes: Int, _ g: UnsafePointer<Int64>, _ src: UnsafePointer<Float>, _ idx: UnsafePointer<Int32>,
                       _ dst: UnsafeMutablePointer<Float>) {
        ck_pool_gather_f32(Int64(planes), g, src, idx, dst)
    }
    static func scatter(_ planes: Int, _ g: UnsafePointer<Int64>, _ src: UnsafePointer<Float>, _ idx: UnsafePointer<Int32>,
                        _ dst: UnsafeMutablePointer<Float>) {
        ck_pool_scatter_f32(Int64(planes), g, src, idx, dst)
    }
    static func windowSum(_ planes: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ scale: Float) {
        ck_pool_sum_f32(Int64(planes), g, x, y, scale)
    }
    static func windowSpread(_ planes: Int, _ g: UnsafePointer<Int64>, _ gy: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>, _ scale: Float) {
        ck_pool_spread_f32(Int64(planes), g, gy, gx, scale)
    }
}

extension Double: WindowScalar {
    static func im2col(_ c: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Double>, _ col: UnsafeMutablePointer<Double>, _ ldc: Int) {
        ck_im2col_f64(Int64(c), g, x, col, Int64(ldc))
    }
    static func col2im(_ c: Int, _ g: UnsafePointer<Int64>, _ col: UnsafePointer<Double>, _ ldc: Int, _ x: UnsafeMutablePointer<Double>) {
        ck_col2im_f64(Int64(c), g, col, Int64(ldc), x)
    }
    static func maxpool(_ planes: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                        _ idx: UnsafeMutablePointer<Int32>) {
        ck_maxpool_f64(Int64(planes), g, x, y, idx)
    }
    static func gather(_ planes: Int, _ g: UnsafePointer<Int64>, _ src: UnsafePointer<Double>, _ idx: UnsafePointer<Int32>,
                       _ dst: UnsafeMutablePointer<Double>) {
        ck_pool_gather_f64(Int64(planes), g, src, idx, dst)
    }
    static func scatter(_ planes: Int, _ g: UnsafePointer<Int64>, _ src: UnsafePointer<Double>, _ idx: UnsafePointer<Int32>,
                        _ dst: UnsafeMutablePointer<Double>) {
        ck_pool_scatter_f64(Int64(planes), g, src, idx, dst)
    }
    static func windowSum(_ planes: Int, _ g: UnsafePointer<Int64>, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ scale: Double) {
        ck_pool_sum_f64(Int64(planes), g, x, y, scale)
    }
    static func windowSpread(_ planes: Int, _ g: UnsafePointer<Int64>, _ gy: UnsafePointer<Double>, _ gx: UnsafeMutablePointer<Double>, _ scale: Double) {
        ck_pool_spread_f64(Int64(planes), g, gy, gx, scale)
    }
}

/// The dtype a window kernel computes in for `dtype` (float64 stays, every other dtype goes through float32).
func windowComputeType(_ dtype: DType) -> DType { dtype == .float64 ? .float64 : .float32 }

/// `x` as a contiguous array of `dtype`.
func contiguousCast(_ x: NDArray, _ dtype: DType) -> NDArray { x.cast(dtype).contiguous() }
