// Fused optimizer updates: one pass over a parameter, its gradient and its state. Included by each kernels_*.c after
// kernels_impl.h, so CK_NAME gives the ISA suffix.

#ifndef CK_OPTIM_HELPERS
#define CK_OPTIM_HELPERS
// sqrt without errno handling (the argument is clamped non-negative; NaN passes through), so the loop vectorises.
#if __has_builtin(__builtin_elementwise_sqrt)
#define CK_SQRT_NOERRNO(x) __builtin_elementwise_sqrt(x)
#else
#define CK_SQRT_NOERRNO(x) __builtin_sqrtf(x)
#endif
#endif

void CK_NAME(adam_f32)(int64_t n, float *p, const float *g, float *m, float *v, float *vhat, const float *h) {
    // No FMA contraction: every ISA (and the float64 Swift loop's float32 twin) rounds each operation the same way.
#pragma clang fp contract(off)
    const float c1 = h[0], c2 = h[1], alpha_t = h[2], eps = h[3], decay = h[4], scale = h[5], lower = h[6], upper = h[7];
    if (vhat) {
        for (int64_t i = 0; i < n; i++) {
            const float gi = g[i];
            const float mi = m[i] + c1 * (gi - m[i]);
            const float vi = v[i] + c2 * (gi * gi - v[i]);
            const float hi = vi > vhat[i] ? vi : vhat[i];
            m[i] = mi; v[i] = vi; vhat[i] = hi;
            float step = alpha_t / (CK_SQRT_NOERRNO(hi < 0.0f ? 0.0f : hi) + eps);
            step = step < lower ? lower : step;
            step = step > upper ? upper : step;
            p[i] = decay * p[i] + scale * (step * mi);
        }
    } else {
        for (int64_t i = 0; i < n; i++) {
            const float gi = g[i];
            const float mi = m[i] + c1 * (gi - m[i]);
            const float vi = v[i] + c2 * (gi * gi - v[i]);
            m[i] = mi; v[i] = vi;
            float step = alpha_t / (CK_SQRT_NOERRNO(vi < 0.0f ? 0.0f : vi) + eps);
            step = step < lower ? lower : step;
            step = step > upper ? upper : step;
            p[i] = decay * p[i] + scale * (step * mi);
        }
    }
}
