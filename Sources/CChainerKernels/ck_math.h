// Scalar math used inside the kernel loops. Written branch-free where it matters so that the loops that call these
// inline functions vectorise; accuracy targets are 4 ULP (float32) against a float64 reference.
#ifndef CK_MATH_H
#define CK_MATH_H
#include <math.h>
#include <stdint.h>
#include <string.h>

static inline float ck_expf(float x) { return expf(x); }
static inline float ck_expm1f(float x) { return expm1f(x); }
static inline float ck_logf(float x) { return logf(x); }
static inline float ck_log1pf(float x) { return log1pf(x); }
static inline float ck_tanhf(float x) { return tanhf(x); }
static inline float ck_sigmoidf(float x) { return 1.0f / (1.0f + expf(-x)); }
static inline double ck_exp(double x) { return exp(x); }
static inline double ck_log(double x) { return log(x); }
static inline double ck_tanh(double x) { return tanh(x); }
static inline double ck_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

#endif
