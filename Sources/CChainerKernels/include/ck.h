// C kernels for ChainerArray: contiguous and strided inner loops, compiled once per x86-64 ISA level
// (default, v3 = AVX2/FMA, v4 = AVX-512) and dispatched through a table picked at load time.
#ifndef CK_H
#define CK_H
#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// ISA levels a kernel table exists for.
typedef enum { CK_ISA_DEFAULT = 0, CK_ISA_V3 = 1, CK_ISA_V4 = 2 } ck_isa;

/// The ISA level whose kernels are in use (CHAINER_KERNEL_ISA=default|v3|v4 overrides the CPU's best).
int ck_isa_active(void);
/// Whether this CPU can run the kernels of `isa`.
int ck_isa_supported(int isa);
/// Switches the kernel table; returns 0 if the CPU cannot run it.
int ck_isa_select(int isa);
/// "default", "x86-64-v3" or "x86-64-v4".
const char *ck_isa_name(int isa);

/// Unary elementwise operations (keep in sync with `UnaryOp` in Swift).
typedef enum {
    CK_NEG, CK_ABS, CK_SIGN, CK_SQUARE, CK_SQRT, CK_RSQRT, CK_RECIPROCAL,
    CK_EXP, CK_EXPM1, CK_LOG, CK_LOG1P, CK_LOG2, CK_LOG10,
    CK_SIN, CK_COS, CK_TAN, CK_ARCSIN, CK_ARCCOS, CK_ARCTAN,
    CK_SINH, CK_COSH, CK_TANH, CK_ARCSINH, CK_ARCCOSH, CK_ARCTANH,
    CK_SIGMOID, CK_ERF, CK_ERFC, CK_FLOOR, CK_CEIL, CK_ROUND, CK_TRUNC,
    CK_RELU, CK_SOFTPLUS, CK_GELU, CK_SILU,
    CK_UNARY_COUNT
} ck_unary_op;

/// Binary elementwise operations (keep in sync with `BinaryOp` in Swift).
typedef enum {
    CK_ADD, CK_SUB, CK_MUL, CK_DIV, CK_POW, CK_MAXIMUM, CK_MINIMUM,
    CK_FMOD, CK_ATAN2, CK_HYPOT, CK_FLOORDIV, CK_COPYSIGN,
    CK_TANH_GRAD, CK_SIGMOID_GRAD, CK_RELU_GRAD,
    CK_BINARY_COUNT
} ck_binary_op;

/// Comparisons giving bool (uint8 0/1) results.
typedef enum { CK_EQ, CK_NE, CK_LT, CK_LE, CK_GT, CK_GE } ck_compare_op;

/// Reductions.
typedef enum { CK_RSUM, CK_RPROD, CK_RMAX, CK_RMIN } ck_reduce_op;

/// y[i*sy] = op(x[i*sx]) for i in 0..<n.
void ck_unary_f32(int op, int64_t n, const float *x, int64_t sx, float *y, int64_t sy);
void ck_unary_f64(int op, int64_t n, const double *x, int64_t sx, double *y, int64_t sy);
/// ck_unary_f32/f64 through the kernels of `isa`, leaving the active table alone (for tests that compare ISAs in
/// parallel). Returns 0 without writing y when this CPU cannot run `isa`, 1 otherwise.
int ck_unary_f32_isa(int isa, int op, int64_t n, const float *x, int64_t sx, float *y, int64_t sy);
int ck_unary_f64_isa(int isa, int op, int64_t n, const double *x, int64_t sx, double *y, int64_t sy);
/// y[i*sy] = op(a[i*sa], b[i*sb]); strides of 0 broadcast.
void ck_binary_f32(int op, int64_t n, const float *a, int64_t sa, const float *b, int64_t sb, float *y, int64_t sy);
void ck_binary_f64(int op, int64_t n, const double *a, int64_t sa, const double *b, int64_t sb, double *y, int64_t sy);
/// y[i*sy] = a[i*sa] * s + b[i*sb] (fused scale-add used by axpy-like updates).
void ck_axpby_f32(int64_t n, float s, const float *a, int64_t sa, float t, const float *b, int64_t sb, float *y, int64_t sy);
void ck_compare_f32(int op, int64_t n, const float *a, int64_t sa, const float *b, int64_t sb, uint8_t *y, int64_t sy);
void ck_compare_f64(int op, int64_t n, const double *a, int64_t sa, const double *b, int64_t sb, uint8_t *y, int64_t sy);

/// Reduces x viewed as A×R×B (element strides sa, sr, sb) over R into y (A×B, contiguous).
/// Sums of float32 accumulate in float32 lanes over short blocks and in double across blocks.
void ck_reduce_f32(int op, int64_t A, int64_t R, int64_t B, const float *x, int64_t sa, int64_t sr, int64_t sb, float *y);
void ck_reduce_f64(int op, int64_t A, int64_t R, int64_t B, const double *x, int64_t sa, int64_t sr, int64_t sb, double *y);

/// Copies a rows×cols block of elements of `size` bytes: dst[r*drs + c*dcs] = src[r*srs + c*scs] (element strides),
/// in cache-sized tiles when neither side is contiguous along the same axis.
void ck_copy2d(int size, int64_t rows, int64_t cols, const void *src, int64_t srs, int64_t scs, void *dst, int64_t drs, int64_t dcs);

/// Built-in GEMM (row-major): C = alpha * op(A) op(B) + beta * C, op = transpose when trans != 0.
void ck_sgemm(int transA, int transB, int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t lda,
              const float *B, int64_t ldb, float beta, float *C, int64_t ldc);
void ck_dgemm(int transA, int transB, int64_t M, int64_t N, int64_t K, double alpha, const double *A, int64_t lda,
              const double *B, int64_t ldb, double beta, double *C, int64_t ldc);

/// C (M×N, overwritten) = A·Bᵀ for A (M×K) and B (N×K), both read along k: the kernel for small C and long k.
/// `_isa` runs one ISA level's kernel (0, computing nothing, if the CPU cannot run it).
void ck_sdots(int64_t M, int64_t N, int64_t K, const float *A, int64_t lda, const float *B, int64_t ldb, float *C,
              int64_t ldc);
void ck_ddots(int64_t M, int64_t N, int64_t K, const double *A, int64_t lda, const double *B, int64_t ldb, double *C,
              int64_t ldc);
int ck_sdots_isa(int isa, int64_t M, int64_t N, int64_t K, const float *A, int64_t lda, const float *B, int64_t ldb,
                 float *C, int64_t ldc);
int ck_ddots_isa(int isa, int64_t M, int64_t N, int64_t K, const double *A, int64_t lda, const double *B, int64_t ldb,
                 double *C, int64_t ldc);

/// The GEMMs of one ISA level, whatever table is active; return 0 (computing nothing) if the CPU cannot run it.
int ck_sgemm_isa(int isa, int transA, int transB, int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t lda,
                 const float *B, int64_t ldb, float beta, float *C, int64_t ldc);
int ck_dgemm_isa(int isa, int transA, int transB, int64_t M, int64_t N, int64_t K, double alpha, const double *A, int64_t lda,
                 const double *B, int64_t ldb, double beta, double *C, int64_t ldc);

// --- batch normalization of x laid out (N, C, S) over N and S, for channels [c0, c1) ---
/// y = ((x - mean)·invstd)·gamma + beta with the batch's mean and biased variance (float64) and invstd per channel.
void ck_bn_forward_f32(int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const float *x, const float *gamma,
                       const float *beta, double eps, float *y, double *mean, double *var, float *invstd);
void ck_bn_forward_f64(int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const double *x, const double *gamma,
                       const double *beta, double eps, double *y, double *mean, double *var, double *invstd);
/// ggamma = Σ gy·x̂ and gbeta = Σ gy per channel (float64), and gx when it is not NULL.
void ck_bn_backward_f32(int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const float *x, const float *gy,
                        const float *gamma, const float *mean, const float *invstd, float *gx, double *ggamma, double *gbeta);
void ck_bn_backward_f64(int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const double *x, const double *gy,
                        const double *gamma, const double *mean, const double *invstd, double *gx, double *ggamma,
                        double *gbeta);

// --- Chainer's LSTM cell on gates interleaved per unit: x[(4u + k)·r + j], k = a, i, f, o; states (n, r) ---
/// c = tanh(a)·σ(i) + σ(f)·cp and h = σ(o)·tanh(c).
void ck_lstm_forward_f32(int64_t n, int64_t r, const float *x, const float *cp, float *c, float *h);
void ck_lstm_forward_f64(int64_t n, int64_t r, const double *x, const double *cp, double *c, double *h);
/// The gradients of x and cp from those of c and h (either may be NULL: none arrived), given the forward's c.
void ck_lstm_backward_f32(int64_t n, int64_t r, const float *x, const float *cp, const float *c, const float *gc,
                          const float *gh, float *gx, float *gcp);
void ck_lstm_backward_f64(int64_t n, int64_t r, const double *x, const double *cp, const double *c, const double *gc,
                          const double *gh, double *gx, double *gcp);

// --- convolution and pooling (geometry g = {H, W, kh, kw, sy, sx, ph, pw, dy, dx, oh, ow}) ---
/// Unfolds C planes of H×W into rows (c, i, j) of oh·ow columns: col[((c·kh+i)·kw+j)·ldc + oy·ow+ox] (zero padding).
void ck_im2col_f32(int64_t C, const int64_t *g, const float *x, float *col, int64_t ldc);
void ck_im2col_f64(int64_t C, const int64_t *g, const double *x, double *col, int64_t ldc);
/// Adds the columns of `col` (the im2col layout) back into C planes of `x` (x is accumulated, not cleared).
void ck_col2im_f32(int64_t C, const int64_t *g, const float *col, int64_t ldc, float *x);
void ck_col2im_f64(int64_t C, const int64_t *g, const double *col, int64_t ldc, double *x);
/// Max pooling of `planes` planes: y and the window offset (i·kw+j) of each maximum; padding never wins.
void ck_maxpool_f32(int64_t planes, const int64_t *g, const float *x, float *y, int32_t *idx);
void ck_maxpool_f64(int64_t planes, const int64_t *g, const double *x, double *y, int32_t *idx);
/// dst (oh×ow planes) = src (H×W planes) at each window's offset idx (0 where it falls in padding).
void ck_pool_gather_f32(int64_t planes, const int64_t *g, const float *src, const int32_t *idx, float *dst);
void ck_pool_gather_f64(int64_t planes, const int64_t *g, const double *src, const int32_t *idx, double *dst);
/// dst (H×W planes, accumulated) += src (oh×ow planes) at each window's offset idx.
void ck_pool_scatter_f32(int64_t planes, const int64_t *g, const float *src, const int32_t *idx, float *dst);
void ck_pool_scatter_f64(int64_t planes, const int64_t *g, const double *src, const int32_t *idx, double *dst);
/// y (oh×ow planes) = scale · sum of each window of x (padding counts as zero).
void ck_pool_sum_f32(int64_t planes, const int64_t *g, const float *x, float *y, float scale);
void ck_pool_sum_f64(int64_t planes, const int64_t *g, const double *x, double *y, double scale);
/// gx (H×W planes, accumulated) += scale · gy at every position of each window.
void ck_pool_spread_f32(int64_t planes, const int64_t *g, const float *gy, float *gx, float scale);
void ck_pool_spread_f64(int64_t planes, const int64_t *g, const double *gy, double *gx, double scale);
// --- end of convolution and pooling ---

/// One Adam step over n float32 elements, in place: m += c1 (g - m); v += c2 (g² - v); with vhat (AMSGrad, else
/// NULL) vhat = max(vhat, v); step = clamp(alpha_t / (sqrt(vhat or v) + eps), lower, upper);
/// p = decay p + scale (step m). h = {c1, c2, alpha_t, eps, decay, scale, lower, upper}. No FMA contraction, so every
/// ISA gives the same bits.
void ck_adam_f32(int64_t n, float *p, const float *g, float *m, float *v, float *vhat, const float *h);
/// ck_adam_f32 through the kernels of `isa`; returns 0 (writing nothing) when this CPU cannot run them.
int ck_adam_f32_isa(int isa, int64_t n, float *p, const float *g, float *m, float *v, float *vhat, const float *h);

/// float16 and bfloat16 conversions (round to nearest even).
void ck_f16_to_f32(int64_t n, const uint16_t *x, float *y);
void ck_f32_to_f16(int64_t n, const float *x, uint16_t *y);
void ck_bf16_to_f32(int64_t n, const uint16_t *x, float *y);
void ck_f32_to_bf16(int64_t n, const float *x, uint16_t *y);

/// A sequentially consistent atomic counter, for flags Swift reads on every define-by-run op without taking a lock
/// (Swift's Synchronization.Atomic needs macOS 15).
static inline int64_t ck_atomic_load(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
/// Adds `d` to the counter at `p` and returns the new value.
static inline int64_t ck_atomic_add(int64_t *p, int64_t d) { return __atomic_add_fetch(p, d, __ATOMIC_SEQ_CST); }

#ifdef __cplusplus
}
#endif
#endif
