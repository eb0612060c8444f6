// Sliding-window kernels for convolution and pooling (im2col/col2im, max/average pooling and their gradients).
// Included by each kernels_*.c after kernels_impl.h, so CK_NAME gives the ISA suffix. Geometry `g` is
// {H, W, kh, kw, sy, sx, ph, pw, dy, dx, oh, ow}: input plane, window, stride, padding, dilation, output plane.

#ifndef CK_CONV_HELPERS
#define CK_CONV_HELPERS
static inline int64_t ck_floordiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
#endif

// The output columns [*lo, *hi) whose input column ox*s + off lies inside [0, n).
static inline void CK_NAME(window_range)(int64_t n, int64_t s, int64_t off, int64_t out, int64_t *lo, int64_t *hi) {
    int64_t a = -ck_floordiv(off, s);
    if (a < 0) a = 0;
    int64_t b = ck_floordiv(n - 1 - off, s) + 1;
    if (b > out) b = out;
    if (b < a) b = a;
    *lo = a; *hi = b;
}

#define CK_DEFINE_CONV(SUF, T) \
void CK_NAME(im2col_##SUF)(int64_t C, const int64_t *g, const T *x, T *col, int64_t ldc) { \
    const int64_t H = g[0], W = g[1], kh = g[2], kw = g[3], sy = g[4], sx = g[5], ph = g[6], pw = g[7]; \
    const int64_t dy = g[8], dx = g[9], oh = g[10], ow = g[11]; \
    /* Unit stride and dilation, no padding, every window inside the input (LeNet's convolutions): each column row */ \
    /* is oh straight copies of ow inputs, with none of the general path's per-row bounds and stride branches. */ \
    if (sy == 1 && sx == 1 && dy == 1 && dx == 1 && ph == 0 && pw == 0 && oh + kh - 1 <= H && ow + kw - 1 <= W) { \
        for (int64_t c = 0; c < C; c++) { \
            const T *xc = x + c * H * W; \
            for (int64_t i = 0; i < kh; i++) for (int64_t j = 0; j < kw; j++) { \
                T *restrict row = col + ((c * kh + i) * kw + j) * ldc; \
                const T *restrict src = xc + i * W + j; \
                for (int64_t oy = 0; oy < oh; oy++) { \
                    for (int64_t ox = 0; ox < ow; ox++) row[oy * ow + ox] = src[oy * W + ox]; \
                } \
            } \
        } \
        return; \
    } \
    for (int64_t c = 0; c < C; c++) { \
        const T *xc = x + c * H * W; \
        for (int64_t i = 0; i < kh; i++) for (int64_t j = 0; j < kw; j++) { \
            T *row = col + ((c * kh + i) * kw + j) * ldc; \
            const int64_t xoff = j * dx - pw; \
            int64_t lo, hi; \
            CK_NAME(window_range)(W, sx, xoff, ow, &lo, &hi); \
            for (int64_t oy = 0; oy < oh; oy++) { \
                T *r = row + oy * ow; \
                const int64_t iy = oy * sy - ph + i * dy; \
                if (iy < 0 || iy >= H) { for (int64_t ox = 0; ox < ow; ox++) r[ox] = 0; continue; } \
                const T *xr = xc + iy * W + xoff; \
                for (int64_t ox = 0; ox < lo; ox++) r[ox] = 0; \
                if (sx == 1) { for (int64_t ox = lo; ox < hi; ox++) r[ox] = xr[ox]; } \
                else if (sx == 2) { for (int64_t ox = lo; ox < hi; ox++) r[ox] = xr[2 * ox]; } \
                else { for (int64_t ox = lo; ox < hi; ox++) r[ox] = xr[ox * sx]; } \
                for (int64_t ox = hi; ox < ow; ox++) r[ox] = 0; \
            } \
        } \
    } \
} \
void CK_NAME(col2im_##SUF)(int64_t C, const int64_t *g, const T *col, int64_t ldc, T *x) { \
    const int64_t H = g[0], W = g[1], kh = g[2], kw = g[3], sy = g[4], sx = g[5], ph = g[6], pw = g[7]; \
    const int64_t dy = g[8], dx = g[9], oh = g[10], ow = g[11]; \
    /* The transpose of im2col's straight-copy path: each column row adds oh straight runs of ow values. */ \
    if (sy == 1 && sx == 1 && dy == 1 && dx == 1 && ph == 0 && pw == 0 && oh + kh - 1 <= H && ow + kw - 1 <= W) { \
        for (int64_t c = 0; c < C; c++) { \
            T *xc = x + c * H * W; \
            for (int64_t i = 0; i < kh; i++) for (int64_t j = 0; j < kw; j++) { \
                const T *restrict row = col + ((c * kh + i) * kw + j) * ldc; \
                T *restrict dst = xc + i * W + j; \
                for (int64_t oy = 0; oy < oh; oy++) { \
                    for (int64_t ox = 0; ox < ow; ox++) dst[oy * W + ox] += row[oy * ow + ox]; \
                } \
            } \
        } \
        return; \
    } \
    for (int64_t c = 0; c < C; c++) { \
        T *xc = x + c * H * W; \
        for (int64_t i = 0; i < kh; i++) for (int64_t j = 0; j < kw; j++) { \
            const T *row = col + ((c * kh + i) * kw + j) * ldc; \
            const int64_t xoff = j * dx - pw; \
            int64_t lo, hi; \
            CK_NAME(window_range)(W, sx, xoff, ow, &lo, &hi); \
            for (int64_t oy = 0; oy < oh; oy++) { \
                const int64_t iy = oy * sy - ph + i * dy; \
                if (iy < 0 || iy >= H) continue; \
                const T *r = row + oy * ow; \
                T *xr = xc + iy * W + xoff; \
                if (sx == 1) { for (int64_t ox = lo; ox < hi; ox++) xr[ox] += r[ox]; } \
                else { for (int64_t ox = lo; ox < hi; ox++) xr[ox * sx] += r[ox]; } \
            } \
        } \
    } \
} \
/* One max-pooling window with bounds checks (padding never wins; NaN wins, as in NumPy). */ \
static inline void CK_NAME(maxwin_##SUF)(const T *xp, int64_t H, int64_t W, int64_t kh, int64_t kw, int64_t dy, int64_t dx, \
                                         int64_t iy0, int64_t ix0, T *y, int32_t *idx) { \
    T best = -(T)INFINITY; int32_t bi = -1; \
    for (int64_t i = 0; i < kh; i++) { \
        const int64_t iy = iy0 + i * dy; \
        if (iy < 0 || iy >= H) continue; \
        for (int64_t j = 0; j < kw; j++) { \
            const int64_t ix = ix0 + j * dx; \
            if (ix < 0 || ix >= W) continue; \
            const T v = xp[iy * W + ix]; \
            if (bi < 0 || v > best || (v != v && best == best)) { best = v; bi = (int32_t)(i * kw + j); } \
        } \
    } \
    *y = best; *idx = bi < 0 ? 0 : bi; \
} \
void CK_NAME(maxpool_##SUF)(int64_t planes, const int64_t *g, const T *x, T *y, int32_t *idx) { \
    const int64_t H = g[0], W = g[1], kh = g[2], kw = g[3], sy = g[4], sx = g[5], ph = g[6], pw = g[7]; \
    const int64_t dy = g[8], dx = g[9], oh = g[10], ow = g[11]; \
    /* Windows in [lo, hi) of a row whose window rows all exist lie wholly inside the input: no bounds checks, and */ \
    /* for the common 2x2 stride-2 window a branch-free loop the compiler vectorises. */ \
    int64_t lo, hi; \
    CK_NAME(window_range)(W - (kw - 1) * dx, sx, -pw, ow, &lo, &hi); \
    const int quad = kh == 2 && kw == 2 && dy == 1 && dx == 1 && sx == 2; \
    for (int64_t p = 0; p < planes; p++) { \
        const T *xp = x + p * H * W; \
        for (int64_t oy = 0; oy < oh; oy++) { \
            const int64_t iy0 = oy * sy - ph; \
            const int full = iy0 >= 0 && iy0 + (kh - 1) * dy < H; \
            T *yr = y + (p * oh + oy) * ow; \
            int32_t *ir = idx + (p * oh + oy) * ow; \
            const int64_t a = full ? lo : ow, b = full ? hi : ow; \
            for (int64_t ox = 0; ox < a; ox++) CK_NAME(maxwin_##SUF)(xp, H, W, kh, kw, dy, dx, iy0, ox * sx - pw, yr + ox, ir + ox); \
            if (quad) { \
                const T *r0 = xp + iy0 * W - pw, *r1 = r0 + W; \
                for (int64_t ox = a; ox < b; ox++) { \
                    const T v0 = r0[2 * ox], v1 = r0[2 * ox + 1], v2 = r1[2 * ox], v3 = r1[2 * ox + 1]; \
                    T m = v0; int32_t k = 0; \
                    int t = (v1 > m) | ((v1 != v1) & (m == m)); m = t ? v1 : m; k = t ? 1 : k; \
                    t = (v2 > m) | ((v2 != v2) & (m == m)); m = t ? v2 : m; k = t ? 2 : k; \
                    t = (v3 > m) | ((v3 != v3) & (m == m)); m = t ? v3 : m; k = t ? 3 : k; \
                    yr[ox] = m; ir[ox] = k; \
                } \
            } else { \
                for (int64_t ox = a; ox < b; ox++) { \
                    const T *w0 = xp + iy0 * W + ox * sx - pw; \
                    T best = w0[0]; int32_t bi = 0; \
                    for (int64_t i = 0; i < kh; i++) for (int64_t j = 0; j < kw; j++) { \
                        const T v = w0[i * dy * W + j * dx]; \
                        if (v > best || (v != v && best == best)) { best = v; bi = (int32_t)(i * kw + j); } \
                    } \
                    yr[ox] = best; ir[ox] = bi; \
                } \
            } \
            for (int64_t ox = b; ox < ow; ox++) CK_NAME(maxwin_##SUF)(xp, H, W, kh, kw, dy, dx, iy0, ox * sx - pw, yr + ox, ir + ox); \
        } \
    } \
} \
void CK_NAME(pool_gather_##SUF)(int64_t planes, const int64_t *g, const T *src, const int32_t *idx, T *dst) { \
    const int64_t H = g[0], W = g[1], kw = g[3], sy = g[4], sx = g[5], ph = g[6], pw = g[7]; \
    const int64_t dy = g[8], dx = g[9], oh = g[10], ow = g[11]; \
    for (int64_t p = 0; p < planes; p++) { \
        const T *sp = src + p * H * W; \
        for (int64_t oy = 0; oy < oh; oy++) for (int64_t ox = 0; ox < ow; ox++) { \
            const int64_t o = (p * oh + oy) * ow + ox, k = idx[o]; \
            const int64_t iy = oy * sy - ph + (k / kw) * dy, ix = ox * sx - pw + (k % kw) * dx; \
            dst[o] = (iy >= 0 && iy < H && ix >= 0 && ix < W) ? sp[iy * W + ix] : 0; \
        } \
    } \
} \
void CK_NAME(pool_scatter_##SUF)(int64_t planes, const int64_t *g, const T *src, const int32_t *idx, T *dst) { \
    const int64_t H = g[0], W = g[1], kw = g[3], sy = g[4], sx = g[5], ph = g[6], pw = g[7]; \
    const int64_t dy = g[8], dx = g[9], oh = g[10], ow = g[11]; \
    for (int64_t p = 0; p < planes; p++) { \
        T *dp = dst + p * H * W; \
        for (int64_t oy = 0; oy < oh; oy++) for (int64_t ox = 0; ox < ow; ox++) { \
            const int64_t o = (p * oh + oy) * ow + ox, k = idx[o]; \
            const int64_t iy = oy * sy - ph + (k / kw) * dy, ix = ox * sx - pw + (k % kw) * dx; \
            if (iy >= 0 && iy < H && ix >= 0 && ix < W) dp[iy * W + ix] += src[o]; \
        } \
    } \
} \
void CK_NAME(pool_sum_##SUF)(int64_t planes, const int64_t *g, const T *x, T *y, T scale) { \
    const int64_t H = g[0], W = g[1], kh = g[2], kw = g[3], sy = g[4], sx = g[5], ph = g[6], pw = g[7]; \
    const int64_t dy = g[8], dx = g[9], oh = g[10], ow = g[11]; \
    for (int64_t p = 0; p < planes; p++) { \
        const T *xp = x + p * H * W; \
        T *yp = y + p * oh * ow; \
        for (int64_t q = 0; q < oh * ow; q++) yp[q] = 0; \
        /* Window offset by offset, so each pass is a (strided) row add the compiler vectorises. */ \
        for (int64_t i = 0; i < kh; i++) for (int64_t j = 0; j < kw; j++) { \
            const int64_t xoff = j * dx - pw; \
            int64_t lo, hi; \
            CK_NAME(window_range)(W, sx, xoff, ow, &lo, &hi); \
            for (int64_t oy = 0; oy < oh; oy++) { \
                const int64_t iy = oy * sy - ph + i * dy; \
                if (iy < 0 || iy >= H) continue; \
                const T *xr = xp + iy * W + xoff; \
                T *yr = yp + oy * ow; \
                if (sx == 1) { for (int64_t ox = lo; ox < hi; ox++) yr[ox] += xr[ox]; } \
                else { for (int64_t ox = lo; ox < hi; ox++) yr[ox] += xr[ox * sx]; } \
            } \
        } \
        for (int64_t q = 0; q < oh * ow; q++) yp[q] *= scale; \
    } \
} \
void CK_NAME(pool_spread_##SUF)(int64_t planes, const int64_t *g, const T *gy, T *gx, T scale) { \
    const int64_t H = g[0], W = g[1], kh = g[2], kw = g[3], sy = g[4], sx = g[5], ph = g[6], pw = g[7]; \
    const int64_t dy = g[8], dx = g[9], oh = g[10], ow = g[11]; \
    for (int64_t p = 0; p < planes; p++) { \
        const T *gp = gy + p * oh * ow; \
        T *xp = gx + p * H * W; \
        for (int64_t i = 0; i < kh; i++) for (int64_t j = 0; j < kw; j++) { \
            const int64_t xoff = j * dx - pw; \
            int64_t lo, hi; \
            CK_NAME(window_range)(W, sx, xoff, ow, &lo, &hi); \
            for (int64_t oy = 0; oy < oh; oy++) { \
                const int64_t iy = oy * sy - ph + i * dy; \
                if (iy < 0 || iy >= H) continue; \
                const T *gr = gp + oy * ow; \
                T *xr = xp + iy * W + xoff; \
                if (sx == 1) { for (int64_t ox = lo; ox < hi; ox++) xr[ox] += scale * gr[ox]; } \
                else { for (int64_t ox = lo; ox < hi; ox++) xr[ox * sx] += scale * gr[ox]; } \
            } \
        } \
    } \
}

CK_DEFINE_CONV(f32, float)
CK_DEFINE_CONV(f64, double)
#undef CK_DEFINE_CONV
