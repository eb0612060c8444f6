// The kernel bodies. Each kernels_*.c includes this file once under its own target attributes, with CK_NAME giving
// the functions an ISA suffix; dispatch.c builds a table of them.
#include "ck.h"
#include "ck_math.h"

// op, float32 expression, float64 expression (v is the input).
#define CK_UNARY_LIST(X) \
    X(CK_NEG, -v, -v) \
    X(CK_ABS, fabsf(v), fabs(v)) \
    X(CK_SIGN, (float)((v > 0) - (v < 0)) + (v != v ? v : 0.0f), (double)((v > 0) - (v < 0)) + (v != v ? v : 0.0)) \
    X(CK_SQUARE, v * v, v * v) \
    X(CK_SQRT, sqrtf(v), sqrt(v)) \
    X(CK_RSQRT, 1.0f / sqrtf(v), 1.0 / sqrt(v)) \
    X(CK_RECIPROCAL, 1.0f / v, 1.0 / v) \
    X(CK_EXP, ck_expf(v), ck_exp(v)) \
    X(CK_EXPM1, ck_expm1f(v), ck_expm1(v)) \
    X(CK_LOG, ck_logf(v), ck_log(v)) \
    X(CK_LOG1P, ck_log1pf(v), ck_log1p(v)) \
    X(CK_LOG2, log2f(v), log2(v)) \
    X(CK_LOG10, log10f(v), log10(v)) \
    X(CK_SIN, sinf(v), sin(v)) \
    X(CK_COS, cosf(v), cos(v)) \
    X(CK_TAN, tanf(v), tan(v)) \
    X(CK_ARCSIN, asinf(v), asin(v)) \
    X(CK_ARCCOS, acosf(v), acos(v)) \
    X(CK_ARCTAN, atanf(v), atan(v)) \
    X(CK_SINH, sinhf(v), sinh(v)) \
    X(CK_COSH, coshf(v), cosh(v)) \
    X(CK_TANH, ck_tanhf(v), ck_tanh(v)) \
    X(CK_ARCSINH, asinhf(v), asinh(v)) \
    X(CK_ARCCOSH, acoshf(v), acosh(v)) \
    X(CK_ARCTANH, atanhf(v), atanh(v)) \
    X(CK_SIGMOID, ck_sigmoidf(v), ck_sigmoid(v)) \
    X(CK_ERF, erff(v), erf(v)) \
    X(CK_ERFC, erfcf(v), erfc(v)) \
    X(CK_FLOOR, floorf(v), floor(v)) \
    X(CK_CEIL, ceilf(v), ceil(v)) \
    X(CK_ROUND, nearbyintf(v), nearbyint(v)) \
    X(CK_TRUNC, truncf(v), trunc(v)) \
    X(CK_RELU, (v > 0.0f || v != v) ? v : 0.0f, (v > 0.0 || v != v) ? v : 0.0) \
    X(CK_SOFTPLUS, fmaxf(v, 0.0f) + ck_log1pf(ck_expf(-fabsf(v))), fmax(v, 0.0) + ck_log1p(ck_exp(-fabs(v)))) \
    X(CK_GELU, 0.5f * v * (1.0f + erff(v * 0.70710678118654752f)), 0.5 * v * (1.0 + erf(v * 0.70710678118654752))) \
    X(CK_SILU, ck_siluf(v), ck_silu(v))

// op, float32 expression, float64 expression (a, b are the inputs). max/min propagate NaN like NumPy.
#define CK_BINARY_LIST(X) \
    X(CK_ADD, a + b, a + b) \
    X(CK_SUB, a - b, a - b) \
    X(CK_MUL, a * b, a * b) \
    X(CK_DIV, a / b, a / b) \
    X(CK_POW, powf(a, b), pow(a, b)) \
    X(CK_MAXIMUM, (a != a || a > b) ? a : (b != b ? b : (a == b && b == 0.0f ? (signbit(a) ? b : a) : b)), (a != a || a > b) ? a : (b != b ? b : (a == b && b == 0.0 ? (signbit(a) ? b : a) : b))) \
    X(CK_MINIMUM, (a != a || a < b) ? a : (b != b ? b : (a == b && b == 0.0f ? (signbit(a) ? a : b) : b)), (a != a || a < b) ? a : (b != b ? b : (a == b && b == 0.0 ? (signbit(a) ? a : b) : b))) \
    X(CK_FMOD, fmodf(a, b), fmod(a, b)) \
    X(CK_ATAN2, atan2f(a, b), atan2(a, b)) \
    X(CK_HYPOT, hypotf(a, b), hypot(a, b)) \
    X(CK_FLOORDIV, floorf(a / b), floor(a / b)) \
    X(CK_COPYSIGN, copysignf(a, b), copysign(a, b)) \
    X(CK_TANH_GRAD, b * (1.0f - a * a), b * (1.0 - a * a)) \
    X(CK_SIGMOID_GRAD, b * a * (1.0f - a), b * a * (1.0 - a)) \
    X(CK_RELU_GRAD, a > 0.0f ? b : 0.0f, a > 0.0 ? b : 0.0)

#define CK_UNARY_LOOP(EXPR) \
    if (sx == 1 && sy == 1) { for (int64_t i = 0; i < n; i++) { T v = x[i]; y[i] = (EXPR); } } \
    else { for (int64_t i = 0; i < n; i++) { T v = x[i * sx]; y[i * sy] = (EXPR); } }

#define CK_BINARY_LOOP(EXPR) \
    if (sy == 1 && sa == 1 && sb == 1) { for (int64_t i = 0; i < n; i++) { T a = A[i], b = B[i]; y[i] = (EXPR); } } \
    else if (sy == 1 && sa == 1 && sb == 0) { T b = B[0]; for (int64_t i = 0; i < n; i++) { T a = A[i]; y[i] = (EXPR); } } \
    else if (sy == 1 && sa == 0 && sb == 1) { T a = A[0]; for (int64_t i = 0; i < n; i++) { T b = B[i]; y[i] = (EXPR); } } \
    else { for (int64_t i = 0; i < n; i++) { T a = A[i * sa], b = B[i * sb]; y[i * sy] = (EXPR); } }

#define CK_UNARY_CASE32(OP, E32, E64) case OP: { CK_UNARY_LOOP(E32) break; }
#define CK_UNARY_CASE64(OP, E32, E64) case OP: { CK_UNARY_LOOP(E64) break; }
#define CK_BINARY_CASE32(OP, E32, E64) case OP: { CK_BINARY_LOOP(E32) break; }
#define CK_BINARY_CASE64(OP, E32, E64) case OP: { CK_BINARY_LOOP(E64) break; }

void CK_NAME(unary_f32)(int op, int64_t n, const float *x, int64_t sx, float *y, int64_t sy) {
    typedef float T;
    switch (op) { CK_UNARY_LIST(CK_UNARY_CASE32) default: break; }
}
void CK_NAME(unary_f64)(int op, int64_t n, const double *x, int64_t sx, double *y, int64_t sy) {
    typedef double T;
    switch (op) { CK_UNARY_LIST(CK_UNARY_CASE64) default: break; }
}
void CK_NAME(binary_f32)(int op, int64_t n, const float *A, int64_t sa, const float *B, int64_t sb, float *y, int64_t sy) {
    typedef float T;
    switch (op) { CK_BINARY_LIST(CK_BINARY_CASE32) default: break; }
}
void CK_NAME(binary_f64)(int op, int64_t n, const double *A, int64_t sa, const double *B, int64_t sb, double *y, int64_t sy) {
    typedef double T;
    switch (op) { CK_BINARY_LIST(CK_BINARY_CASE64) default: break; }
}

void CK_NAME(axpby_f32)(int64_t n, float s, const float *A, int64_t sa, float t, const float *B, int64_t sb, float *y, int64_t sy) {
    typedef float T;
    CK_BINARY_LOOP(a * s + b * t)
}

#define CK_COMPARE_BODY(T) \
    switch (op) { \
    case CK_EQ: { CK_BINARY_LOOP(a == b) break; } \
    case CK_NE: { CK_BINARY_LOOP(a != b) break; } \
    case CK_LT: { CK_BINARY_LOOP(a < b) break; } \
    case CK_LE: { CK_BINARY_LOOP(a <= b) break; } \
    case CK_GT: { CK_BINARY_LOOP(a > b) break; } \
    case CK_GE: { CK_BINARY_LOOP(a >= b) break; } \
    default: break; }

void CK_NAME(compare_f32)(int op, int64_t n, const float *A, int64_t sa, const float *B, int64_t sb, uint8_t *y, int64_t sy) {
    typedef float T; CK_COMPARE_BODY(T)
}
void CK_NAME(compare_f64)(int op, int64_t n, const double *A, int64_t sa, const double *B, int64_t sb, uint8_t *y, int64_t sy) {
    typedef double T; CK_COMPARE_BODY(T)
}

// Reductions. A contiguous row is summed in LANES accumulators over blocks of CK_BLOCK elements; block sums are
// added in double, so the error does not grow with the row length.
#define CK_LANES 32
#define CK_BLOCK 4096

#define CK_DEFINE_ROW_REDUCE(SUFFIX, T, ACC, NANV) \
static T CK_NAME(row_sum_##SUFFIX)(int64_t n, const T *x, int64_t s) { \
    if (s != 1) { ACC t = 0; for (int64_t i = 0; i < n; i++) t += x[i * s]; return (T)t; } \
    double total = 0; int64_t i = 0; \
    for (; i + CK_BLOCK <= n; i += CK_BLOCK) { \
        T acc[CK_LANES] = {0}; \
        for (int64_t j = 0; j < CK_BLOCK; j += CK_LANES) \
            for (int k = 0; k < CK_LANES; k++) acc[k] += x[i + j + k]; \
        for (int w = CK_LANES / 2; w > 0; w /= 2) for (int k = 0; k < w; k++) acc[k] += acc[k + w]; \
        total += acc[0]; \
    } \
    T acc[CK_LANES] = {0}; int64_t rem = n - i; int64_t full = rem - rem % CK_LANES; \
    for (int64_t j = 0; j < full; j += CK_LANES) for (int k = 0; k < CK_LANES; k++) acc[k] += x[i + j + k]; \
    for (int64_t j = full; j < rem; j++) acc[0] += x[i + j]; \
    for (int w = CK_LANES / 2; w > 0; w /= 2) for (int k = 0; k < w; k++) acc[k] += acc[k + w]; \
    total += acc[0]; \
    return (T)total; \
} \
static T CK_NAME(row_prod_##SUFFIX)(int64_t n, const T *x, int64_t s) { \
    T p = 1; for (int64_t i = 0; i < n; i++) p *= x[i * s]; return p; \
} \
static T CK_NAME(row_max_##SUFFIX)(int64_t n, const T *x, int64_t s, int is_max) { \
    if (s != 1) { T m = x[0]; int nan = 0; \
        for (int64_t i = 0; i < n; i++) { T v = x[i * s]; nan |= (v != v); m = is_max ? (v > m ? v : m) : (v < m ? v : m); } \
        return nan ? (T)NANV : m; } \
    T acc[CK_LANES]; int nanacc[CK_LANES]; \
    for (int k = 0; k < CK_LANES; k++) { acc[k] = x[0]; nanacc[k] = 0; } \
    int64_t full = n - n % CK_LANES; \
    if (is_max) { \
        for (int64_t j = 0; j < full; j += CK_LANES) for (int k = 0; k < CK_LANES; k++) { \
            T v = x[j + k]; acc[k] = v > acc[k] ? v : acc[k]; nanacc[k] |= (v != v); } \
    } else { \
        for (int64_t j = 0; j < full; j += CK_LANES) for (int k = 0; k < CK_LANES; k++) { \
            T v = x[j + k]; acc[k] = v < acc[k] ? v : acc[k]; nanacc[k] |= (v != v); } \
    } \
    T m = acc[0]; int nan = 0; \
    for (int k = 0; k < CK_LANES; k++) { nan |= nanacc[k]; m = is_max ? (acc[k] > m ? acc[k] : m) : (acc[k] < m ? acc[k] : m); } \
    for (int64_t j = full; j < n; j++) { T v = x[j]; nan |= (v != v); m = is_max ? (v > m ? v : m) : (v < m ? v : m); } \
    return nan ? (T)NANV : m; \
} \
void CK_NAME(reduce_##SUFFIX)(int op, int64_t A, int64_t R, int64_t B, const T *x, int64_t sa, int64_t sr, int64_t sb, T *y) { \
    for (int64_t a = 0; a < A; a++) { \
        const T *xa = x + a * sa; T *ya = y + a * B; \
        if (B == 1 || sb != 1) { \
            for (int64_t b = 0; b < B; b++) { \
                const T *xb = xa + b * sb; \
                switch (op) { \
                case CK_RSUM: ya[b] = CK_NAME(row_sum_##SUFFIX)(R, xb, sr); break; \
                case CK_RPROD: ya[b] = CK_NAME(row_prod_##SUFFIX)(R, xb, sr); break; \
                case CK_RMAX: ya[b] = CK_NAME(row_max_##SUFFIX)(R, xb, sr, 1); break; \
                default: ya[b] = CK_NAME(row_max_##SUFFIX)(R, xb, sr, 0); break; \
                } \
            } \
            continue; \
        } \
        /* Contiguous kept axis: combine whole rows so the loop runs along b. */ \
        if (op == CK_RSUM || op == CK_RPROD) { \
            if (R == 0) { T init = op == CK_RSUM ? 0 : 1; for (int64_t b = 0; b < B; b++) ya[b] = init; continue; } \
            for (int64_t b = 0; b < B; b++) ya[b] = xa[b]; \
            for (int64_t r = 1; r < R; r++) { const T *row = xa + r * sr; \
                if (op == CK_RSUM) { for (int64_t b = 0; b < B; b++) ya[b] += row[b]; } \
                else { for (int64_t b = 0; b < B; b++) ya[b] *= row[b]; } } \
        } else { \
            for (int64_t b = 0; b < B; b++) ya[b] = xa[b]; \
            for (int64_t r = 1; r < R; r++) { const T *row = xa + r * sr; \
                if (op == CK_RMAX) { for (int64_t b = 0; b < B; b++) { T v = row[b], m = ya[b]; ya[b] = (v > m || v != v) ? v : m; } } \
                else { for (int64_t b = 0; b < B; b++) { T v = row[b], m = ya[b]; ya[b] = (v < m || v != v) ? v : m; } } } \
        } \
    } \
}

CK_DEFINE_ROW_REDUCE(f32, float, double, NAN)
CK_DEFINE_ROW_REDUCE(f64, double, double, NAN)

// Tiled 2-D copy: transposing copies touch one cache line per element otherwise.
#define CK_TILE 32
#define CK_DEFINE_COPY2D(T, NAME) \
static void CK_NAME(NAME)(int64_t rows, int64_t cols, const T *src, int64_t srs, int64_t scs, T *dst, int64_t drs, int64_t dcs) { \
    if (scs == 1 && dcs == 1) { \
        for (int64_t r = 0; r < rows; r++) { const T *s = src + r * srs; T *d = dst + r * drs; for (int64_t c = 0; c < cols; c++) d[c] = s[c]; } \
        return; \
    } \
    for (int64_t r0 = 0; r0 < rows; r0 += CK_TILE) { \
        int64_t r1 = r0 + CK_TILE < rows ? r0 + CK_TILE : rows; \
        for (int64_t c0 = 0; c0 < cols; c0 += CK_TILE) { \
            int64_t c1 = c0 + CK_TILE < cols ? c0 + CK_TILE : cols; \
            for (int64_t r = r0; r < r1; r++) for (int64_t c = c0; c < c1; c++) dst[r * drs + c * dcs] = src[r * srs + c * scs]; \
        } \
    } \
}
CK_DEFINE_COPY2D(uint8_t, copy2d_1)
CK_DEFINE_COPY2D(uint16_t, copy2d_2)
CK_DEFINE_COPY2D(uint32_t, copy2d_4)
CK_DEFINE_COPY2D(uint64_t, copy2d_8)

void CK_NAME(copy2d)(int size, int64_t rows, int64_t cols, const void *src, int64_t srs, int64_t scs, void *dst, int64_t drs, int64_t dcs) {
    switch (size) {
    case 1: CK_NAME(copy2d_1)(rows, cols, src, srs, scs, dst, drs, dcs); break;
    case 2: CK_NAME(copy2d_2)(rows, cols, src, srs, scs, dst, drs, dcs); break;
    case 4: CK_NAME(copy2d_4)(rows, cols, src, srs, scs, dst, drs, dcs); break;
    default: CK_NAME(copy2d_8)(rows, cols, src, srs, scs, dst, drs, dcs); break;
    }
}

#include "gemm_impl.h"
