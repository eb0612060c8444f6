// Picks the kernel table for this CPU once (or the one CHAINER_KERNEL_ISA names) and forwards every ck_* call to it.
#include "ck.h"
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

// --- convolution and pooling kernels (conv_impl.h) ---
#define CK_CONV_FUNCS(X) \
    X(im2col_f32, void, (int64_t C, const int64_t *g, const float *x, float *col, int64_t ldc), (C, g, x, col, ldc)) \
    X(im2col_f64, void, (int64_t C, const int64_t *g, const double *x, double *col, int64_t ldc), (C, g, x, col, ldc)) \
    X(col2im_f32, void, (int64_t C, const int64_t *g, const float *col, int64_t ldc, float *x), (C, g, col, ldc, x)) \
    X(col2im_f64, void, (int64_t C, const int64_t *g, const double *col, int64_t ldc, double *x), (C, g, col, ldc, x)) \
    X(maxpool_f32, void, (int64_t planes, const int64_t *g, const float *x, float *y, int32_t *idx), (planes, g, x, y, idx)) \
    X(maxpool_f64, void, (int64_t planes, const int64_t *g, const double *x, double *y, int32_t *idx), (planes, g, x, y, idx)) \
    X(pool_gather_f32, void, (int64_t planes, const int64_t *g, const float *src, const int32_t *idx, float *dst), (planes, g, src, idx, dst)) \
    X(pool_gather_f64, void, (int64_t planes, const int64_t *g, const double *src, const int32_t *idx, double *dst), (planes, g, src, idx, dst)) \
    X(pool_scatter_f32, void, (int64_t planes, const int64_t *g, const float *src, const int32_t *idx, float *dst), (planes, g, src, idx, dst)) \
    X(pool_scatter_f64, void, (int64_t planes, const int64_t *g, const double *src, const int32_t *idx, double *dst), (planes, g, src, idx, dst)) \
    X(pool_sum_f32, void, (int64_t planes, const int64_t *g, const float *x, float *y, float scale), (planes, g, x, y, scale)) \
    X(pool_sum_f64, void, (int64_t planes, const int64_t *g, const double *x, double *y, double scale), (planes, g, x, y, scale)) \
    X(pool_spread_f32, void, (int64_t planes, const int64_t *g, const float *gy, float *gx, float scale), (planes, g, gy, gx, scale)) \
    X(pool_spread_f64, void, (int64_t planes, const int64_t *g, const double *gy, double *gx, double scale), (planes, g, gy, gx, scale))
// --- end of convolution and pooling kernels ---

#define CK_KERNEL_FUNCS(X) \
    X(unary_f32, void, (int op, int64_t n, const float *x, int64_t sx, float *y, int64_t sy), (op, n, x, sx, y, sy)) \
    X(unary_f64, void, (int op, int64_t n, const double *x, int64_t sx, double *y, int64_t sy), (op, n, x, sx, y, sy)) \
    X(binary_f32, void, (int op, int64_t n, const float *a, int64_t sa, const float *b, int64_t sb, float *y, int64_t sy), (op, n, a, sa, b, sb, y, sy)) \
    X(binary_f64, void, (int op, int64_t n, const double *a, int64_t sa, const double *b, int64_t sb, double *y, int64_t sy), (op, n, a, sa, b, sb, y, sy)) \
    X(axpby_f32, void, (int64_t n, float s, const float *a, int64_t sa, float t, const float *b, int64_t sb, float *y, int64_t sy), (n, s, a, sa, t, b, sb, y, sy)) \
    X(compare_f32, void, (int op, int64_t n, const float *a, int64_t sa, const float *b, int64_t sb, uint8_t *y, int64_t sy), (op, n, a, sa, b, sb, y, sy)) \
    X(compare_f64, void, (int op, int64_t n, const double *a, int64_t sa, const double *b, int64_t sb, uint8_t *y, int64_t sy), (op, n, a, sa, b, sb, y, sy)) \
    X(reduce_f32, void, (int op, int64_t A, int64_t R, int64_t B, const float *x, int64_t sa, int64_t sr, int64_t sb, float *y), (op, A, R, B, x, sa, sr, sb, y)) \
    X(reduce_f64, void, (int op, int64_t A, int64_t R, int64_t B, const double *x, int64_t sa, int64_t sr, int64_t sb, double *y), (op, A, R, B, x, sa, sr, sb, y)) \
    X(copy2d, void, (int size, int64_t rows, int64_t cols, const void *src, int64_t srs, int64_t scs, void *dst, int64_t drs, int64_t dcs), (size, rows, cols, src, srs, scs, dst, drs, dcs)) \
    X(sgemm, void, (int transA, int transB, int64_t M, int64_t N, int64_t K, float alpha, const float *A, int64_t lda, const float *B, int64_t ldb, float beta, float *C, int64_t ldc), (transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)) \
    X(dgemm, void, (int transA, int transB, int64_t M, int64_t N, int64_t K, double alpha, const double *A, int64_t lda, const double *B, int64_t ldb, double beta, double *C, int64_t ldc), (transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)) \
    X(sdots, void, (int64_t M, int64_t N, int64_t K, const float *A, int64_t lda, const float *B, int64_t ldb, float *C, int64_t ldc), (M, N, K, A, lda, B, ldb, C, ldc)) \
    X(ddots, void, (int64_t M, int64_t N, int64_t K, const double *A, int64_t lda, const double *B, int64_t ldb, double *C, int64_t ldc), (M, N, K, A, lda, B, ldb, C, ldc)) \
    CK_CONV_FUNCS(X) \
    X(bn_forward_f32, void, (int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const float *x, const float *gamma, const float *beta, double eps, float *y, double *mean, double *var, float *invstd), (N, C, S, c0, c1, x, gamma, beta, eps, y, mean, var, invstd)) \
    X(bn_forward_f64, void, (int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const double *x, const double *gamma, const double *beta, double eps, double *y, double *mean, double *var, double *invstd), (N, C, S, c0, c1, x, gamma, beta, eps, y, mean, var, invstd)) \
    X(bn_backward_f32, void, (int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const float *x, const float *gy, const float *gamma, const float *mean, const float *invstd, float *gx, double *ggamma, double *gbeta), (N, C, S, c0, c1, x, gy, gamma, mean, invstd, gx, ggamma, gbeta)) \
    X(bn_backward_f64, void, (int64_t N, int64_t C, int64_t S, int64_t c0, int64_t c1, const double *x, const double *gy, const double *gamma, const double *mean, const double *invstd, double *gx, double *ggamma, double *gbeta), (N, C, S, c0, c1, x, gy, gamma, mean, invstd, gx, ggamma, gbeta)) \
    X(adam_f32, void, (int64_t n, float *p, const float *g, float *m, float *v, float *vhat, const float *h), (n, p, g, m, v, vhat, h)) \
    X(lstm_forward_f32, void, (int64_t n, int64_t r, const float *x, const float *cp, float *c, float *h), (n, r, x, cp, c, h)) \
    X(lstm_forward_f64, void, (int64_t n, int64_t r, const double *x, const double *cp, double *c, double *h), (n, r, x, cp, c, h)) \
    X(lstm_backward_f32, void, (int64_t n, int64_t r, const float *x, const float *cp, const float *c, const float *gc, const float *gh, float *gx, float *gcp), (n, r, x, cp, c, gc, gh, gx, gcp)) \
    X(lstm_backward_f64, void, (int64_t n, int64_t r, const double *x, const double *cp, const double *c, const double *gc, const double *gh, double *gx, double *gcp), (n, r, x, cp, c, gc, gh, gx, gcp))

// Declarations of every ISA's variants.
#define CK_DECLARE(NAME, RET, PARAMS, ARGS) \
    RET ck_##NAME##_default PARAMS; RET ck_##NAME##_v3 PARAMS; RET ck_##NAME##_v4 PARAMS;
CK_KERNEL_FUNCS(CK_DECLARE)

typedef struct {
#define CK_FIELD(NAME, RET, PARAMS, ARGS) RET (*NAME) PARAMS;
    CK_KERNEL_FUNCS(CK_FIELD)
} ck_table;

#define CK_ENTRY_DEFAULT(NAME, RET, PARAMS, ARGS) ck_##NAME##_default,
static const ck_table table_default = { CK_KERNEL_FUNCS(CK_ENTRY_DEFAULT) };
#if defined(__x86_64__)
#define CK_ENTRY_V3(NAME, RET, PARAMS, ARGS) ck_##NAME##_v3,
#define CK_ENTRY_V4(NAME, RET, PARAMS, ARGS) ck_##NAME##_v4,
static const ck_table table_v3 = { CK_KERNEL_FUNCS(CK_ENTRY_V3) };
static const ck_table table_v4 = { CK_KERNEL_FUNCS(CK_ENTRY_V4) };
#endif

static const ck_table *volatile active_table = 0;
static volatile int active_isa = -1;

#if defined(__x86_64__)
static unsigned long long ck_xgetbv(void) {
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}
#endif

static int ck_isa_probe(int isa) {
    if (isa == CK_ISA_DEFAULT) return 1;
#if defined(__x86_64__)
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int osxsave = (c >> 27) & 1, fma = (c >> 12) & 1, movbe = (c >> 22) & 1, f16c = (c >> 29) & 1, avx = (c >> 28) & 1;
    if (!osxsave || !avx) return 0;
    unsigned long long xcr0 = ck_xgetbv();
    if ((xcr0 & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int avx2 = (b >> 5) & 1, bmi1 = (b >> 3) & 1, bmi2 = (b >> 8) & 1;
    int v3 = fma && movbe && f16c && avx2 && bmi1 && bmi2;
    if (isa == CK_ISA_V3) return v3;
    int avx512f = (b >> 16) & 1, avx512dq = (b >> 17) & 1, avx512cd = (b >> 28) & 1, avx512bw = (b >> 30) & 1,
        avx512vl = (b >> 31) & 1;
    int zmm = (xcr0 & 0xe6) == 0xe6;
    if (isa == CK_ISA_V4) return v3 && zmm && avx512f && avx512dq && avx512cd && avx512bw && avx512vl;
#endif
    return 0;
}

// CPUID is slow (and traps under some hypervisors), so each level is probed once: 0 unknown, 1 no, 2 yes.
static volatile int isa_probed[3];

int ck_isa_supported(int isa) {
    if (isa < CK_ISA_DEFAULT || isa > CK_ISA_V4) return 0;
    int p = isa_probed[isa];
    if (!p) { p = ck_isa_probe(isa) ? 2 : 1; isa_probed[isa] = p; }
    return p == 2;
}

static const ck_table *ck_table_for(int isa) {
    if (!ck_isa_supported(isa)) return 0;
#if defined(__x86_64__)
    return isa == CK_ISA_V4 ? &table_v4 : isa == CK_ISA_V3 ? &table_v3 : &table_default;
#else
    return &table_default;
#endif
}

int ck_isa_select(int isa) {
    const ck_table *t = ck_table_for(isa);
    if (!t) return 0;
    active_isa = isa;
    active_table = t;
    return 1;
}

static void ck_init(void) {
    const char *env = getenv("CHAINER_KERNEL_ISA");
    int want = -1;
    if (env) {
        if (!strcmp(env, "default")) want = CK_ISA_DEFAULT;
        else if (!strcmp(env, "v3") || !strcmp(env, "x86-64-v3")) want = CK_ISA_V3;
        else if (!strcmp(env, "v4") || !strcmp(env, "x86-64-v4")) want = CK_ISA_V4;
    }
    if (want >= 0 && ck_isa_select(want)) return;
    if (ck_isa_select(CK_ISA_V4)) return;
    if (ck_isa_select(CK_ISA_V3)) return;
    ck_isa_select(CK_ISA_DEFAULT);
}

static inline const ck_table *ck_get(void) {
    const ck_table *t = active_table;
    if (!t) { ck_init(); t = active_table; }
    return t;
}

int ck_isa_active(void) { ck_get(); return active_isa; }

const char *ck_isa_name(int isa) {
    switch (isa) {
    case CK_ISA_V3: return "x86-64-v3";
    case CK_ISA_V4: return "x86-64-v4";
    default: return "default";
    }
}

#define CK_FORWARD(NAME, RET, PARAMS, ARGS) RET ck_##NAME PARAMS { ck_get()->NAME ARGS; }
CK_KERNEL_FUNCS(CK_FORWARD)

// ISA-explicit entry points (ck_<name>_isa, 0 when this CPU cannot run that level): tests run every ISA side by
// side without switching the shared table.
#define CK_UNPAREN(...) __VA_ARGS__
#define CK_ISA_ENTRY(NAME, RET, PARAMS, ARGS) \
    int ck_##NAME##_isa(int isa, CK_UNPAREN PARAMS) { \
        const ck_table *table_ = ck_table_for(isa); \
        if (!table_) return 0; \
        table_->NAME ARGS; \
        return 1; \
    }
CK_KERNEL_FUNCS(CK_ISA_ENTRY)

// --- float16 / bfloat16 conversions (bit manipulation, round to nearest even) ---
static inline uint32_t ck_f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline float ck_u2f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

void ck_f16_to_f32(int64_t n, const uint16_t *x, float *y) {
    for (int64_t i = 0; i < n; i++) {
        uint32_t h = x[i], sign = (h & 0x8000u) << 16, e = (h >> 10) & 0x1f, m = h & 0x3ff;
        float v;
        if (e == 0x1f) v = ck_u2f(sign | 0x7f800000u | (m << 13));
        else if (e == 0) { v = (float)m * 5.9604644775390625e-8f; v = ck_u2f(ck_f2u(v) | sign); }
        else v = ck_u2f(sign | ((e + 112) << 23) | (m << 13));
        y[i] = v;
    }
}

void ck_f32_to_f16(int64_t n, const float *x, uint16_t *y) {
    const uint32_t magic = 126u << 23; // 0.5f: adding it aligns subnormal mantissas
    for (int64_t i = 0; i < n; i++) {
        uint32_t f = ck_f2u(x[i]), sign = f & 0x80000000u;
        f ^= sign;
        uint32_t o;
        if (f >= 0x47800000u) o = f > 0x7f800000u ? 0x7e00u : 0x7c00u;
        else if (f < 0x38800000u) o = ck_f2u(ck_u2f(f) + ck_u2f(magic)) - magic;
        else { uint32_t odd = (f >> 13) & 1; f += ((uint32_t)(15 - 127) << 23) + 0xfffu + odd; o = f >> 13; }
        y[i] = (uint16_t)(o | (sign >> 16));
    }
}

void ck_bf16_to_f32(int64_t n, const uint16_t *x, float *y) {
    for (int64_t i = 0; i < n; i++) y[i] = ck_u2f((uint32_t)x[i] << 16);
}

void ck_f32_to_bf16(int64_t n, const float *x, uint16_t *y) {
    for (int64_t i = 0; i < n; i++) {
        uint32_t u = ck_f2u(x[i]);
        if ((u & 0x7fffffffu) > 0x7f800000u) { y[i] = (uint16_t)((u >> 16) | 0x40); continue; }
        u += 0x7fffu + ((u >> 16) & 1);
        y[i] = (uint16_t)(u >> 16);
    }
}
