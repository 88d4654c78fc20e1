/* act_scalar.c: the activation, softmax and norm kernels one float at a time (any x86-64). */
#include <math.h>

/* The scalar path's math goes through double-precision libm: it is the fallback for CPUs
 * without AVX2, where accuracy matters more than speed. Conventions as rg_ref_act. */
static inline float av_exp(float x) {
    return (float)exp((double)x);
}

/* x * sigmoid(v) for v of the sign of x, on the side where exp cannot overflow. */
static inline float xsigmoid(double x, double v) {
    if (isinf(x)) return x > 0 ? (float)x : -0.0f;
    double e = exp(-fabs(v));
    return (float)(v < 0 ? x * e / (1.0 + e) : x / (1.0 + e));
}

static inline float av_silu(float x) {
    return xsigmoid(x, x);
}

static inline float av_gelu_tanh(float x) {
    double d = x;
    return xsigmoid(d, 2.0 * 0.7978845608028654 * (d + 0.044715 * d * d * d));
}

static inline float av_gelu(float x) {
    if (isinf(x)) return x > 0 ? x : -0.0f;
    double d = x;
    return (float)(0.5 * d * erfc(-d * 0.7071067811865476));
}

#define RG_ACT_W 1
#define RG_ACT_KERNELS rg__act_kernels_scalar
#include "act_simd.h"
