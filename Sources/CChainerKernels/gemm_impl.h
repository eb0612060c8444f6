// Built-in GEMM used when no BLAS library is found (or CHAINER_BLAS=none). Row-major, blocked over K and N.
#define CK_DEFINE_GEMM(NAME, T) \
void CK_NAME(NAME)(int transA, int transB, int64_t M, int64_t N, int64_t K, T alpha, const T *A, int64_t lda, \
                   const T *B, int64_t ldb, T beta, T *C, int64_t ldc) { \
    for (int64_t i = 0; i < M; i++) { T *c = C + i * ldc; \
        if (beta == 0) { for (int64_t j = 0; j < N; j++) c[j] = 0; } \
        else if (beta != 1) { for (int64_t j = 0; j < N; j++) c[j] *= beta; } } \
    for (int64_t i = 0; i < M; i++) { T *c = C + i * ldc; \
        for (int64_t k = 0; k < K; k++) { \
            T a = alpha * (transA ? A[k * lda + i] : A[i * lda + k]); \
            if (transB) { for (int64_t j = 0; j < N; j++) c[j] += a * B[j * ldb + k]; } \
            else { const T *b = B + k * ldb; for (int64_t j = 0; j < N; j++) c[j] += a * b[j]; } \
        } \
    } \
}
CK_DEFINE_GEMM(sgemm, float)
CK_DEFINE_GEMM(dgemm, double)
