#define CK_NAME(n) ck_##n##_default
#include "kernels_impl.h"
#include "conv_impl.h"
#include "optim_impl.h"
#include "norm_impl.h"
#include "rnn_impl.h"
