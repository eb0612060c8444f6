// Batch normalization over every axis but the channel axis of x laid out (N, C, S), S the product of the spatial
// sizes: per channel, sums over N planes of S contiguous elements. Included by each kernels_*.c (CK_NAME gives the
// ISA suffix); the caller splits channels [c0, c1) over threads. Sums run in vector lanes of T within a plane and in
// double across planes.

#ifndef CK_NORM_TYPES
#define CK_NORM_TYPES
typedef float ck_norm_vf __attribute__((ext_vector_type(16), aligned(4)));
typedef double ck_norm_vd __attribute__((ext_vector_type(8), aligned(8)));
#endif

/* The body of a sum over n elements: the term at i, VTERM as a vector of VL lanes and STERM as a scalar, is added
   in two vector accumulators, whose lanes and the scalar tail are then added in double. */
#define CK_BN_LANE_SUM(VT, VL, n, VTERM, STERM) \
    VT a0 = 0, a1 = 0; int64_t k = 0; \
    for (; k + 2 * VL <= n; k += 2 * VL) { { int64_t i = k; a0 += VTERM; } { int64_t i = k + VL; a1 += VTERM; } } \
    VT a = a0 + a1; double s = 0; \
    for (int l = 0; l < VL; l++) s += a[l]; \
    for (; k < n; k++) { int64_t i = k; s += STERM; } \
    return s;

#define CK_DEFINE_BN(SUF, T, VT, VL) \
/* Σ p[k], Σ (p[k] - mu)² and Σ g[k]·(x[k] - mu) over n elements: the three sums the passes need. */ \
static inline double CK_NAME(bn_sum_##SUF)(const T *p, int64_t n) { \
    CK_BN_LANE_SUM(VT, VL, n, *(const VT *)(p + i), p[i]) \
} \
static inline double CK_NAME(bn_sqdev_##SUF)(const T *p, int64_t n, T mu) { \
    CK_BN_LANE_SUM(VT, VL, n, (*(const VT *)(p + i) - mu) * (*(const VT *)(p + i) - mu), (p[i] - mu) * (p[i] - mu)) \
} \
static inline double CK_NAME(bn_gdev_##SUF)(const T *g, const T *x, int64_t n, T mu) { \
    CK_BN_LANE_SUM(VT, VL, n, *(const VT *)(g + i) * (*(const VT *)(x + i) - mu), g[i] * (x[i] - mu)) \
} \
/* y = ((x - mean)·invstd)·gamma + beta with the batch's mean and biased variance (written per channel). */ \
void CK_NAME(bn_forward_##SUF)(int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const T *x, const T *gamma, \
                               const T *beta, double eps, T *y, double *mean, double *var, T *invstd) { \
    const double m = (double)(N * S); \
    for (int64_t c = c0; c < c1; c++) { \
        double s = 0; \
        for (int64_t n = 0; n < N; n++) s += CK_NAME(bn_sum_##SUF)(x + (n * C + c) * S, S); \
        const double mu = m > 0 ? s / m : 0; \
        const T muT = (T)mu; \
        double v = 0; \
        for (int64_t n = 0; n < N; n++) v += CK_NAME(bn_sqdev_##SUF)(x + (n * C + c) * S, S, muT); \
        v = m > 0 ? v / m : 0; \
        const T inv = (T)(1.0 / sqrt(v + eps)), g = gamma[c], b = beta[c]; \
        for (int64_t n = 0; n < N; n++) { \
            const T *xp = x + (n * C + c) * S; T *yp = y + (n * C + c) * S; \
            for (int64_t k = 0; k < S; k++) yp[k] = ((xp[k] - muT) * inv) * g + b; \
        } \
        mean[c] = mu; var[c] = v; invstd[c] = inv; \
    } \
} \
/* ggamma = Σ gy·x̂, gbeta = Σ gy, and (when gx) gx = gamma·invstd·(gy - (gbeta + x̂·ggamma)/m), x̂ = (x - mean)·invstd. */ \
void CK_NAME(bn_backward_##SUF)(int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const T *x, const T *gy, \
                                const T *gamma, const T *mean, const T *invstd, T *gx, double *ggamma, double *gbeta) { \
    const double m = (double)(N * S); \
    for (int64_t c = c0; c < c1; c++) { \
        const T mu = mean[c], inv = invstd[c]; \
        double sg = 0, sgd = 0; \
        for (int64_t n = 0; n < N; n++) { \
            sg += CK_NAME(bn_sum_##SUF)(gy + (n * C + c) * S, S); \
            sgd += CK_NAME(bn_gdev_##SUF)(gy + (n * C + c) * S, x + (n * C + c) * S, S, mu); \
        } \
        const double gg = sgd * (double)inv; \
        ggamma[c] = gg; gbeta[c] = sg; \
        if (!gx || m == 0) continue; \
        const T a = gamma[c] * inv, k1 = (T)(sg / m), k2 = (T)((double)inv * gg / m); \
        for (int64_t n = 0; n < N; n++) { \
            const T *xp = x + (n * C + c) * S, *gp = gy + (n * C + c) * S; T *op = gx + (n * C + c) * S; \
            for (int64_t k = 0; k < S; k++) op[k] = a * (gp[k] - k1 - (xp[k] - mu) * k2); \
        } \
    } \
}
CK_DEFINE_BN(f32, float, ck_norm_vf, 16)
CK_DEFINE_BN(f64, double, ck_norm_vd, 8)
