// Built-in GEMM used when no BLAS library is found (or CHAINER_BLAS=none): row-major, packed and cache-blocked
// (Goto's loop order) around an MR×NR register-blocked micro-kernel. The micro-kernel uses clang's vector
// extensions, so the same source becomes SSE2, AVX2/FMA or AVX-512 code under each file's target attributes.
// Included once per ISA; everything but the two entry points is static, so the copies do not collide.
#include <stdlib.h>
#include <string.h>

#ifndef CK_GEMM_TYPES
#define CK_GEMM_TYPES
typedef float ck_gemm_vf __attribute__((ext_vector_type(16), aligned(4)));
typedef double ck_gemm_vd __attribute__((ext_vector_type(8), aligned(8)));
#endif

// MR rows × NR columns per micro-tile; KC deep panels; MC rows of A and NC columns of B per packed block.
// An A block (MC×KC) stays in L2, a B sliver (KC×NR) in L1.
#define CK_GEMM_MR 6
#define CK_GEMM_KC 256
#define CK_GEMM_MC 120

// *dst = v + beta·*dst, where beta 0 never reads *dst and beta 1 only adds.
#define CK_GEMM_STORE(dst, v) \
    do { if (beta == 0) *(dst) = (v); else if (beta == 1) *(dst) += (v); else *(dst) = beta * *(dst) + (v); } while (0)

#define CK_DEFINE_GEMM(NAME, T, VT, NR, NC) \
/* Packs A[i0:i0+mc, p0:p0+kc] (transposed when tA) into MR-row slivers, k-major inside, zero-padded. */ \
static void NAME##_pack_a(int tA, const T *A, int64_t lda, int64_t i0, int64_t p0, int64_t mc, int64_t kc, T *dst) { \
    for (int64_t ir = 0; ir < mc; ir += CK_GEMM_MR) { \
        int64_t mr = mc - ir < CK_GEMM_MR ? mc - ir : CK_GEMM_MR; \
        for (int64_t k = 0; k < kc; k++) { \
            for (int64_t r = 0; r < mr; r++) { \
                int64_t i = i0 + ir + r, p = p0 + k; \
                dst[r] = tA ? A[p * lda + i] : A[i * lda + p]; \
            } \
            for (int64_t r = mr; r < CK_GEMM_MR; r++) dst[r] = 0; \
            dst += CK_GEMM_MR; \
        } \
    } \
} \
/* Packs B[p0:p0+kc, j0:j0+nc] (transposed when tB) into NR-column slivers, k-major inside, zero-padded. */ \
static void NAME##_pack_b(int tB, const T *B, int64_t ldb, int64_t p0, int64_t j0, int64_t kc, int64_t nc, T *dst) { \
    for (int64_t jr = 0; jr < nc; jr += NR) { \
        int64_t nr = nc - jr < NR ? nc - jr : NR; \
        for (int64_t k = 0; k < kc; k++) { \
            int64_t p = p0 + k; \
            if (!tB) { const T *src = B + p * ldb + j0 + jr; for (int64_t c = 0; c < nr; c++) dst[c] = src[c]; } \
            else { for (int64_t c = 0; c < nr; c++) dst[c] = B[(j0 + jr + c) * ldb + p]; } \
            for (int64_t c = nr; c < NR; c++) dst[c] = 0; \
            dst += NR; \
        } \
    } \
} \
/* C[0:mr, 0:nr] = alpha * (packed A sliver) × (packed B sliver) + beta * C, where beta 0 stores without reading C (so */ \
/* NaN or garbage there never leaks through, as BLAS promises). Six independent accumulators hide FMA latency. */ \
static inline void NAME##_micro(int64_t kc, const T *a, const T *b, T alpha, T beta, T *C, int64_t ldc, int64_t mr, int64_t nr) { \
    _Pragma("clang fp contract(fast)") \
    VT c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0; \
    for (int64_t k = 0; k < kc; k++) { \
        VT bv = *(const VT *)(b + k * NR); \
        const T *ak = a + k * CK_GEMM_MR; \
        c0 += ak[0] * bv; c1 += ak[1] * bv; c2 += ak[2] * bv; \
        c3 += ak[3] * bv; c4 += ak[4] * bv; c5 += ak[5] * bv; \
    } \
    VT acc[CK_GEMM_MR] = { c0, c1, c2, c3, c4, c5 }; \
    if (nr == NR) { \
        for (int64_t r = 0; r < mr; r++) { \
            CK_GEMM_STORE((VT *)(C + r * ldc), alpha * acc[r]); \
        } \
    } else { \
        for (int64_t r = 0; r < mr; r++) { \
            T tile[NR]; memcpy(tile, &acc[r], sizeof tile); \
            for (int64_t c = 0; c < nr; c++) CK_GEMM_STORE(C + r * ldc + c, alpha * tile[c]); \
        } \
    } \
} \
void CK_NAME(NAME)(int transA, int transB, int64_t M, int64_t N, int64_t K, T alpha, const T *A, int64_t lda, \
                   const T *B, int64_t ldb, T beta, T *C, int64_t ldc) { \
    if (M <= 0 || N <= 0) return; \
    if (K <= 0 || alpha == 0) { \
        /* Only the scaling by beta is left; beta 0 overwrites, as BLAS does. */ \
        for (int64_t i = 0; i < M; i++) { T *c = C + i * ldc; \
            if (beta == 0) { for (int64_t j = 0; j < N; j++) c[j] = 0; } \
            else if (beta != 1) { for (int64_t j = 0; j < N; j++) c[j] *= beta; } } \
        return; \
    } \
    int64_t ncMax = N < NC ? N : NC, kcMax = K < CK_GEMM_KC ? K : CK_GEMM_KC, mcMax = M < CK_GEMM_MC ? M : CK_GEMM_MC; \
    int64_t nPad = (ncMax + NR - 1) / NR * NR, mPad = (mcMax + CK_GEMM_MR - 1) / CK_GEMM_MR * CK_GEMM_MR; \
    T *bp = (T *)aligned_alloc(64, (size_t)((nPad * kcMax * sizeof(T) + 63) / 64 * 64)); \
    T *ap = (T *)aligned_alloc(64, (size_t)((mPad * kcMax * sizeof(T) + 63) / 64 * 64)); \
    if (!bp || !ap) { free(bp); free(ap); abort(); } \
    for (int64_t jc = 0; jc < N; jc += NC) { \
        int64_t nc = N - jc < NC ? N - jc : NC; \
        for (int64_t pc = 0; pc < K; pc += CK_GEMM_KC) { \
            int64_t kc = K - pc < CK_GEMM_KC ? K - pc : CK_GEMM_KC; \
            NAME##_pack_b(transB, B, ldb, pc, jc, kc, nc, bp); \
            for (int64_t ic = 0; ic < M; ic += CK_GEMM_MC) { \
                int64_t mc = M - ic < CK_GEMM_MC ? M - ic : CK_GEMM_MC; \
                NAME##_pack_a(transA, A, lda, ic, pc, mc, kc, ap); \
                for (int64_t jr = 0; jr < nc; jr += NR) { \
                    int64_t nr = nc - jr < NR ? nc - jr : NR; \
                    for (int64_t ir = 0; ir < mc; ir += CK_GEMM_MR) { \
                        int64_t mr = mc - ir < CK_GEMM_MR ? mc - ir : CK_GEMM_MR; \
                        NAME##_micro(kc, ap + ir * kc, bp + jr * kc, alpha, pc == 0 ? beta : 1, C + (ic + ir) * ldc + jc + jr, ldc, mr, nr); \
                    } \
                } \
            } \
        } \
    } \
    free(bp); free(ap); \
}
CK_DEFINE_GEMM(sgemm, float, ck_gemm_vf, 16, 1024)
CK_DEFINE_GEMM(dgemm, double, ck_gemm_vd, 8, 512)

// A·Bᵀ when both operands are long along k and C is small (a convolution's filter gradient with few channels):
// packing and blocking over C would leave most of the work on one thread, so the caller splits k and this kernel
// reads rows of A and B straight, vectorised along k. Each lane sums its own stride-VL subsequence, and the lanes
// and the scalar tail are then added in a fixed order, so the result does not depend on the thread count.
#define CK_DEFINE_DOTS_BLOCK(NAME, T, VT, VL, MR, NR) \
static inline void NAME##_##MR##x##NR(int64_t K, const T *A, int64_t lda, const T *B, int64_t ldb, T *C, int64_t ldc) { \
    _Pragma("clang fp contract(fast)") \
    VT acc[MR][NR]; \
    for (int r = 0; r < MR; r++) for (int c = 0; c < NR; c++) acc[r][c] = 0; \
    int64_t kv = K / VL * VL; \
    for (int64_t k = 0; k < kv; k += VL) { \
        VT a[MR], b[NR]; \
        for (int r = 0; r < MR; r++) a[r] = *(const VT *)(A + r * lda + k); \
        for (int c = 0; c < NR; c++) b[c] = *(const VT *)(B + c * ldb + k); \
        for (int r = 0; r < MR; r++) for (int c = 0; c < NR; c++) acc[r][c] += a[r] * b[c]; \
    } \
    for (int r = 0; r < MR; r++) for (int c = 0; c < NR; c++) { \
        T s = 0; \
        for (int l = 0; l < VL; l++) s += acc[r][c][l]; \
        for (int64_t k = kv; k < K; k++) s += A[r * lda + k] * B[c * ldb + k]; \
        C[r * ldc + c] = s; \
    } \
}
#define CK_DEFINE_DOTS(NAME, T, VT, VL) \
CK_DEFINE_DOTS_BLOCK(NAME, T, VT, VL, 4, 4) \
CK_DEFINE_DOTS_BLOCK(NAME, T, VT, VL, 4, 1) \
CK_DEFINE_DOTS_BLOCK(NAME, T, VT, VL, 1, 4) \
CK_DEFINE_DOTS_BLOCK(NAME, T, VT, VL, 1, 1) \
/* C (M×N, overwritten) = A (M×K, rows lda apart) · Bᵀ (B: N×K, rows ldb apart). */ \
void CK_NAME(NAME)(int64_t M, int64_t N, int64_t K, const T *A, int64_t lda, const T *B, int64_t ldb, T *C, \
                   int64_t ldc) { \
    int64_t m4 = M / 4 * 4, n4 = N / 4 * 4; \
    for (int64_t i = 0; i < M; i += (i < m4 ? 4 : 1)) { \
        for (int64_t j = 0; j < N; j += (j < n4 ? 4 : 1)) { \
            const T *a = A + i * lda, *b = B + j * ldb; T *c = C + i * ldc + j; \
            if (i < m4 && j < n4) NAME##_4x4(K, a, lda, b, ldb, c, ldc); \
            else if (i < m4) NAME##_4x1(K, a, lda, b, ldb, c, ldc); \
            else if (j < n4) NAME##_1x4(K, a, lda, b, ldb, c, ldc); \
            else NAME##_1x1(K, a, lda, b, ldb, c, ldc); \
        } \
    } \
}
CK_DEFINE_DOTS(sdots, float, ck_gemm_vf, 16)
CK_DEFINE_DOTS(ddots, double, ck_gemm_vd, 8)
