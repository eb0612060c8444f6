#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma,bmi,bmi2,f16c,lzcnt,movbe,popcnt"))), apply_to = function)
#define CK_NAME(n) ck_##n##_v3
#include "kernels_impl.h"
#include "conv_impl.h"
#include "optim_impl.h"
#include "norm_impl.h"
#include "rnn_impl.h"
#pragma clang attribute pop
#endif
