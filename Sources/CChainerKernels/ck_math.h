// Scalar math used inside the kernel loops. The float32 functions are branch-free (range reduction, polynomials, bit
// manipulation, selects written as ternaries) so that clang vectorises the loops that inline them under every ISA
// target; they stay within 4 ULP of the correctly rounded result over the whole float32 range (tested per ISA).
// No explicit fmaf: under the SSE2 target it would be a libm call. Accuracy holds with or without contraction.
// The float64 functions follow the same algorithms with longer polynomials.
#ifndef CK_MATH_H
#define CK_MATH_H
#include <math.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t ck_fbits(float f) { return __builtin_bit_cast(uint32_t, f); }
static inline float ck_bitsf(uint32_t u) { return __builtin_bit_cast(float, u); }

// Cody-Waite split of ln 2: the high part has 15 significant bits, so n * CK_LN2_HI is exact for |n| < 512.
#define CK_LN2_HI 0x1.62e4p-1f
#define CK_LN2_LO 0x1.7f7d1cp-20f
#define CK_LOG2E 0x1.715476p+0f
// Adding 1.5 * 2^23 rounds a float of magnitude < 2^22 to an integer held in the low mantissa bits.
#define CK_ROUND_SHIFT 0x1.8p23f

// The integer n nearest x / ln 2 (as float and as bits-derived int) and r = x - n ln 2, |r| <= 0.347.
// The integer comes from the mantissa bits rather than a float->int conversion, so NaN inputs stay defined.
static inline float ck_reduce_ln2f(float x, int32_t *k) {
    float z = x * CK_LOG2E + CK_ROUND_SHIFT;
    float n = z - CK_ROUND_SHIFT;
    *k = (int32_t)(ck_fbits(z) - ck_fbits(CK_ROUND_SHIFT));
    float r = x - n * CK_LN2_HI;
    return r - n * CK_LN2_LO;
}

// 2^k for -126 <= k <= 127.
static inline float ck_exp2if(int32_t k) { return ck_bitsf((uint32_t)(k + 127) << 23); }

// e^r - 1 - r for |r| <= 0.347: r² q(r) with q a near-minimax quartic for (e^r - 1 - r) / r² (fitted in float64
// on Chebyshev nodes, weighted by |r|); the fit error is below 1.6e-8 relative to r.
static inline float ck_expm1_tailf(float r) {
    float q = 0x1.6d990cp-10f;
    q = q * r + 0x1.1227fep-7f;
    q = q * r + 0x1.555486p-5f;
    q = q * r + 0x1.5554b0p-3f;
    q = q * r + 0.5f;
    return r * (r * q);
}

// e^x 2^s for 0 <= s <= 64: the extra scale keeps results that would underflow in the normal range, exactly.
static inline float ck_exp_scaledf(float x, int32_t s) {
    // Beyond these bounds the result is inf or rounds to 0; clamping keeps 2^n finite and NaN passes through.
    float lo = -104.0f - (float)s * 0.6931472f;
    float xc = x > 89.0f ? 89.0f : (x < lo ? lo : x);
    int32_t k;
    float r = ck_reduce_ln2f(xc, &k);
    float p = 1.0f + (r + ck_expm1_tailf(r));
    // 2^k as two factors, each a normal float, so overflow to inf and gradual underflow round once at the end.
    k += s;
    int32_t k1 = k >> 1;
    return p * ck_exp2if(k1) * ck_exp2if(k - k1);
}

static inline float ck_expf(float x) { return ck_exp_scaledf(x, 0); }

static inline float ck_expm1f(float x) {
    // expm1 is -1 below -30 (after rounding) and inf above 89; the clamp keeps 2^(n-1) a normal float.
    float xc = x > 89.0f ? 89.0f : (x < -30.0f ? -30.0f : x);
    int32_t k;
    float r = ck_reduce_ln2f(xc, &k);
    float em = r + ck_expm1_tailf(r);
    // e^x - 1 = 2^n (e^r - 1) + (2^n - 1), computed at half scale so 2^128 never appears before the final doubling.
    float h = ck_exp2if(k - 1);
    float res = 2.0f * (h * em + (h - 0.5f));
    // Tiny inputs (including ±0 and subnormals) are their own result.
    return fabsf(x) < 0x1p-25f ? x : res;
}

// log(u 2^e) + cu for a normal, finite u > 0 and a correction |cu| <= ulp(1).
static inline float ck_log_coref(float u, float cu, int32_t e) {
    // u = 2^k m with m in [sqrt(1/2), sqrt(2)): shift the bits so the exponent split lands at sqrt(1/2).
    uint32_t iu = ck_fbits(u) - 0x3f3504f3u;
    int32_t k = (int32_t)iu >> 23;
    float m = ck_bitsf((iu & 0x007fffffu) + 0x3f3504f3u);
    float f = m - 1.0f;
    float dk = (float)(k + e);
    // log(1 + f) = f - f²/2 + s (f²/2 + R(s²)), s = f / (2 + f), the series of 2 atanh(s) past its first term.
    float s = f / (2.0f + f);
    float z = s * s;
    float R = z * (0x1.555556p-1f + z * (0x1.99999ap-2f + z * (0x1.249250p-2f + z * 0x1.c71c72p-3f)));
    float hfsq = 0.5f * f * f;
    return dk * CK_LN2_HI - ((hfsq - (s * (hfsq + R) + (dk * CK_LN2_LO + cu))) - f);
}

static inline float ck_logf(float x) {
    // Subnormals are scaled into the normal range first.
    int sub = x < 0x1p-126f;
    float u = sub ? x * 0x1p23f : x;
    float res = ck_log_coref(u, 0.0f, sub ? -23 : 0);
    float special = x == 0.0f ? -INFINITY : (x < 0.0f ? NAN : x);
    return ((x > 0.0f) & (x < INFINITY)) ? res : special;
}

static inline float ck_log1pf(float x) {
    float u = 1.0f + x;
    // The rounding error of 1 + x, exact either way: which form is exact depends on whether u went above 2.
    float c = u > 2.0f ? 1.0f - (u - x) : x - (u - 1.0f);
    float uc = ((u > 0.0f) & (u < INFINITY)) ? u : 1.0f;
    // log(u + c) = log(u) + c / u to within the float precision.
    float res = ck_log_coref(uc, c / uc, 0);
    float special = x == -1.0f ? -INFINITY : (x < -1.0f ? NAN : x);
    res = ((x > -1.0f) & (x < INFINITY)) ? res : special;
    // Tiny inputs (including ±0 and subnormals) are their own result.
    return fabsf(x) < 0x1p-24f ? x : res;
}

static inline float ck_tanhf(float x) {
    // tanh|x| = e / (e + 2), e = expm1(2|x|): no cancellation near 0, and it rounds to 1 beyond |x| = 9.1.
    // expm1 is inlined without its clamps and tiny-input select: 2|x| <= 20 here, and for tiny |x| the
    // reduction gives k = 0, r = 2|x| exactly, so e = 2|x| and e / (e + 2) = |x|.
    uint32_t sign = ck_fbits(x) & 0x80000000u;
    float a = fabsf(x);
    a = a > 10.0f ? 10.0f : a;
    int32_t k;
    float r = ck_reduce_ln2f(2.0f * a, &k);
    float s = ck_exp2if(k);
    float e = s * (r + ck_expm1_tailf(r)) + (s - 1.0f);
    float t = e / (e + 2.0f);
    return ck_bitsf(ck_fbits(t) | sign);
}

static inline float ck_sigmoidf(float x) {
    // e^-|x| never overflows; negative x use e^x / (1 + e^x) so tiny results keep their precision.
    float e = ck_expf(-fabsf(x));
    float num = x >= 0.0f ? 1.0f : e;
    return num / (1.0f + e);
}

static inline float ck_siluf(float x) {
    // x e^x / (1 + e^x) for negative x, with e^x scaled by 2^64 so x e^x keeps full precision when it is tiny;
    // the product rounds once when scaled back. Below -110 (and at -inf, the limit) the result is -0.
    float es = ck_exp_scaledf(-fabsf(x), 64);
    float e = es * 0x1p-64f;
    float neg = (x * es) / (1.0f + e) * 0x1p-64f;
    float res = x >= 0.0f ? x / (1.0f + e) : neg;
    return x < -110.0f ? -0.0f : res;
}

// --- float64: the same algorithms with longer polynomials (Taylor; truncation below 2^-56 relative). ---

static inline uint64_t ck_dbits(double f) { return __builtin_bit_cast(uint64_t, f); }
static inline double ck_bitsd(uint64_t u) { return __builtin_bit_cast(double, u); }

// ln 2 split with 32 significant bits in the high part, so n * CK_DLN2_HI is exact for |n| < 2^21.
#define CK_DLN2_HI 0x1.62e42feep-1
#define CK_DLN2_LO 0x1.a39ef35793c76p-33
#define CK_DROUND_SHIFT 0x1.8p52

static inline double ck_reduce_ln2(double x, int64_t *k) {
    double z = x * 0x1.71547652b82fep+0 + CK_DROUND_SHIFT;
    double n = z - CK_DROUND_SHIFT;
    *k = (int64_t)(ck_dbits(z) - ck_dbits(CK_DROUND_SHIFT));
    double r = x - n * CK_DLN2_HI;
    return r - n * CK_DLN2_LO;
}

// 2^k for -1022 <= k <= 1023.
static inline double ck_exp2i(int64_t k) { return ck_bitsd((uint64_t)(k + 1023) << 52); }

// e^r - 1 - r for |r| <= 0.347 (Taylor to r^14).
static inline double ck_expm1_tail(double r) {
    double q = 0x1.93974a8c07c9dp-37;
    q = q * r + 0x1.6124613a86d09p-33;
    q = q * r + 0x1.1eed8eff8d898p-29;
    q = q * r + 0x1.ae64567f544e4p-26;
    q = q * r + 0x1.27e4fb7789f5cp-22;
    q = q * r + 0x1.71de3a556c734p-19;
    q = q * r + 0x1.a01a01a01a01ap-16;
    q = q * r + 0x1.a01a01a01a01ap-13;
    q = q * r + 0x1.6c16c16c16c17p-10;
    q = q * r + 0x1.1111111111111p-7;
    q = q * r + 0x1.5555555555555p-5;
    q = q * r + 0x1.5555555555555p-3;
    q = q * r + 0.5;
    return r * (r * q);
}

// e^x 2^s for 0 <= s <= 64, as ck_exp_scaledf.
static inline double ck_exp_scaled(double x, int64_t s) {
    double lo = -746.0 - (double)s * 0.6931471805599453;
    double xc = x > 710.0 ? 710.0 : (x < lo ? lo : x);
    int64_t k;
    double r = ck_reduce_ln2(xc, &k);
    double p = 1.0 + (r + ck_expm1_tail(r));
    k += s;
    int64_t k1 = k >> 1;
    return p * ck_exp2i(k1) * ck_exp2i(k - k1);
}

static inline double ck_exp(double x) { return ck_exp_scaled(x, 0); }

static inline double ck_expm1(double x) {
    double xc = x > 710.0 ? 710.0 : (x < -40.0 ? -40.0 : x);
    int64_t k;
    double r = ck_reduce_ln2(xc, &k);
    double em = r + ck_expm1_tail(r);
    double h = ck_exp2i(k - 1);
    double res = 2.0 * (h * em + (h - 0.5));
    return fabs(x) < 0x1p-54 ? x : res;
}

// log(u 2^e) + cu for a normal, finite u > 0 and a correction |cu| <= ulp(1).
static inline double ck_log_core(double u, double cu, int64_t e) {
    uint64_t iu = ck_dbits(u) - 0x3fe6a09e667f3bcdull;
    int64_t k = (int64_t)iu >> 52;
    double m = ck_bitsd((iu & 0x000fffffffffffffull) + 0x3fe6a09e667f3bcdull);
    double f = m - 1.0;
    double dk = (double)(k + e);
    double s = f / (2.0 + f);
    double z = s * s;
    double R = 0x1.af286bca1af28p-4;
    R = R * z + 0x1.e1e1e1e1e1e1ep-4;
    R = R * z + 0x1.1111111111111p-3;
    R = R * z + 0x1.3b13b13b13b14p-3;
    R = R * z + 0x1.745d1745d1746p-3;
    R = R * z + 0x1.c71c71c71c71cp-3;
    R = R * z + 0x1.2492492492492p-2;
    R = R * z + 0x1.999999999999ap-2;
    R = R * z + 0x1.5555555555555p-1;
    R = R * z;
    double hfsq = 0.5 * f * f;
    return dk * CK_DLN2_HI - ((hfsq - (s * (hfsq + R) + (dk * CK_DLN2_LO + cu))) - f);
}

static inline double ck_log(double x) {
    int sub = x < 0x1p-1022;
    double u = sub ? x * 0x1p54 : x;
    double res = ck_log_core(u, 0.0, sub ? -54 : 0);
    double special = x == 0.0 ? -INFINITY : (x < 0.0 ? NAN : x);
    return ((x > 0.0) & (x < INFINITY)) ? res : special;
}

static inline double ck_log1p(double x) {
    double u = 1.0 + x;
    double c = u > 2.0 ? 1.0 - (u - x) : x - (u - 1.0);
    double uc = ((u > 0.0) & (u < INFINITY)) ? u : 1.0;
    double res = ck_log_core(uc, c / uc, 0);
    double special = x == -1.0 ? -INFINITY : (x < -1.0 ? NAN : x);
    res = ((x > -1.0) & (x < INFINITY)) ? res : special;
    return fabs(x) < 0x1p-53 ? x : res;
}

static inline double ck_tanh(double x) {
    // As ck_tanhf; tanh rounds to ±1 beyond |x| = 19.1.
    uint64_t sign = ck_dbits(x) & 0x8000000000000000ull;
    double a = fabs(x);
    a = a > 22.0 ? 22.0 : a;
    int64_t k;
    double r = ck_reduce_ln2(2.0 * a, &k);
    double s = ck_exp2i(k);
    double e = s * (r + ck_expm1_tail(r)) + (s - 1.0);
    double t = e / (e + 2.0);
    return ck_bitsd(ck_dbits(t) | sign);
}

static inline double ck_sigmoid(double x) {
    double e = ck_exp(-fabs(x));
    double num = x >= 0.0 ? 1.0 : e;
    return num / (1.0 + e);
}

static inline double ck_silu(double x) {
    // As ck_siluf; below -760 (and at -inf) the result is -0.
    double es = ck_exp_scaled(-fabs(x), 64);
    double e = es * 0x1p-64;
    double neg = (x * es) / (1.0 + e) * 0x1p-64;
    double res = x >= 0.0 ? x / (1.0 + e) : neg;
    return x < -760.0 ? -0.0 : res;
}

#endif
