// Chainer's LSTM cell in one pass: the gates of unit u (trailing element j of r) lie interleaved in x at
// x[(4u + k)·r + j] for the cell input a (k = 0), input gate i (1), forget gate f (2) and output gate o (3); the cell
// states are (n, r). Included by each kernels_*.c after kernels_impl.h (CK_NAME gives the ISA suffix). Each value is
// rounded as the elementwise kernels round the same expression (no FMA contraction), so the bits do not depend on
// the ISA.

#define CK_DEFINE_LSTM(SUF, T, TANH, SIGMOID) \
void CK_NAME(lstm_forward_##SUF)(int64_t n, int64_t r, const T *x, const T *cp, T *c, T *h) { \
    _Pragma("clang fp contract(off)") \
    if (r == 1) { /* 2-D gates: one loop over units, so the gates' stride-4 loads vectorise */ \
        for (int64_t u = 0; u < n; u++) { \
            const T a = TANH(x[4 * u]), i = SIGMOID(x[4 * u + 1]), f = SIGMOID(x[4 * u + 2]), o = SIGMOID(x[4 * u + 3]); \
            const T cn = a * i + f * cp[u]; \
            c[u] = cn; \
            h[u] = o * TANH(cn); \
        } \
        return; \
    } \
    for (int64_t u = 0; u < n; u++) { \
        const T *xa = x + 4 * u * r, *xi = xa + r, *xf = xi + r, *xo = xf + r; \
        for (int64_t j = 0; j < r; j++) { \
            const int64_t e = u * r + j; \
            const T a = TANH(xa[j]), i = SIGMOID(xi[j]), f = SIGMOID(xf[j]), o = SIGMOID(xo[j]); \
            const T cn = a * i + f * cp[e]; \
            c[e] = cn; \
            h[e] = o * TANH(cn); \
        } \
    } \
} \
/* gx (the shape of x) and gcp (the shape of cp) from the output gradients gc and gh (NULL: zeros, still multiplied */ \
/* through, so a NaN in the gates reaches the gradient as Chainer's does). */ \
void CK_NAME(lstm_backward_##SUF)(int64_t n, int64_t r, const T *x, const T *cp, const T *c, const T *gc, \
                                 const T *gh, T *gx, T *gcp) { \
    _Pragma("clang fp contract(off)") \
    if (r == 1) { \
        for (int64_t u = 0; u < n; u++) { \
            const T a = TANH(x[4 * u]), i = SIGMOID(x[4 * u + 1]), f = SIGMOID(x[4 * u + 2]), o = SIGMOID(x[4 * u + 3]); \
            const T tc = TANH(c[u]); \
            const T hg = gh ? gh[u] : (T)0; \
            const T g = (gc ? gc[u] : (T)0) + hg * o * ((T)1 - tc * tc); \
            gx[4 * u] = g * i * ((T)1 - a * a); \
            gx[4 * u + 1] = g * a * i * ((T)1 - i); \
            gx[4 * u + 2] = g * cp[u] * f * ((T)1 - f); \
            gx[4 * u + 3] = hg * tc * o * ((T)1 - o); \
            gcp[u] = g * f; \
        } \
        return; \
    } \
    for (int64_t u = 0; u < n; u++) { \
        const T *xa = x + 4 * u * r, *xi = xa + r, *xf = xi + r, *xo = xf + r; \
        T *ga = gx + 4 * u * r, *gi = ga + r, *gf = gi + r, *go = gf + r; \
        for (int64_t j = 0; j < r; j++) { \
            const int64_t e = u * r + j; \
            const T a = TANH(xa[j]), i = SIGMOID(xi[j]), f = SIGMOID(xf[j]), o = SIGMOID(xo[j]); \
            const T tc = TANH(c[e]); \
            const T hg = gh ? gh[e] : (T)0; \
            const T g = (gc ? gc[e] : (T)0) + hg * o * ((T)1 - tc * tc); \
            ga[j] = g * i * ((T)1 - a * a); \
            gi[j] = g * a * i * ((T)1 - i); \
            gf[j] = g * cp[e] * f * ((T)1 - f); \
            go[j] = hg * tc * o * ((T)1 - o); \
            gcp[e] = g * f; \
        } \
    } \
}

CK_DEFINE_LSTM(f32, float, ck_tanhf, ck_sigmoidf)
CK_DEFINE_LSTM(f64, double, ck_tanh, ck_sigmoid)
