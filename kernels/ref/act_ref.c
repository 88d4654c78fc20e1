/* act_ref.c: double-precision references of the activations, softmax, RMSNorm and LayerNorm. */
#include <math.h>

#include "ridge.h"

/* Plain C without vector flags, written from the definitions: the yardstick of the optimized
 * kernels. The sigmoid is evaluated on the side where exp does not overflow, so that the tails
 * keep their relative accuracy (x * sigmoid(x) at x = -100 is -3.7e-42, not 0 / inf). */

/* x * sigmoid(v) for v of the sign of x. */
static double xsigmoid(double x, double v) {
    if (v < 0) {
        double e = exp(v);
        return x * e / (1.0 + e);
    }
    return x / (1.0 + exp(-v));
}

int rg_ref_act(rg_act act, double x, double *y) {
    if (!y) return RG_EINVAL;
    if (isinf(x) && act != RG_ACT_RELU && act < RG_ACT_COUNT_) {
        /* The limits: x * (a function going to 0 faster than 1/x) at -inf, x at +inf. */
        *y = x > 0 ? x : -0.0;
        return RG_OK;
    }
    switch (act) {
    case RG_ACT_RELU:
        *y = isnan(x) ? x : (x > 0 ? x : 0.0);
        return RG_OK;
    case RG_ACT_GELU:
        /* 0.5 x (1 + erf(x / sqrt 2)) = 0.5 x erfc(-x / sqrt 2), exact in the negative tail. */
        *y = 0.5 * x * erfc(-x / sqrt(2.0));
        return RG_OK;
    case RG_ACT_GELU_TANH: {
        /* 0.5 (1 + tanh(u)) = sigmoid(2u). */
        double u = sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x);
        *y = xsigmoid(x, 2.0 * u);
        return RG_OK;
    }
    case RG_ACT_SILU:
        *y = xsigmoid(x, x);
        return RG_OK;
    default:
        return RG_EINVAL;
    }
}

int rg_ref_softmax_row(int64_t cols, const float *x, double *y) {
    if (cols < 0 || (cols > 0 && (!x || !y))) return RG_EINVAL;
    double m = -INFINITY, s = 0.0;
    for (int64_t j = 0; j < cols; j++)
        if (isnan(x[j]) || x[j] > m) m = x[j]; /* a NaN sticks: x > NaN is false */
    for (int64_t j = 0; j < cols; j++)
        s += exp((double)x[j] - m);
    for (int64_t j = 0; j < cols; j++)
        y[j] = exp((double)x[j] - m) / s;
    return RG_OK;
}

int rg_ref_rmsnorm_row(int64_t cols, const float *x, const float *w, double eps, double *y) {
    if (cols < 0 || (cols > 0 && (!x || !y))) return RG_EINVAL;
    double ss = 0.0;
    for (int64_t j = 0; j < cols; j++)
        ss += (double)x[j] * x[j];
    double inv = 1.0 / sqrt(ss / (double)cols + eps);
    for (int64_t j = 0; j < cols; j++)
        y[j] = (double)x[j] * inv * (w ? (double)w[j] : 1.0);
    return RG_OK;
}

int rg_ref_layernorm_row(int64_t cols, const float *x, const float *w, const float *b, double eps,
                         double *y) {
    if (cols < 0 || (cols > 0 && (!x || !y))) return RG_EINVAL;
    double sum = 0.0, var = 0.0;
    for (int64_t j = 0; j < cols; j++)
        sum += x[j];
    double mean = sum / (double)cols;
    for (int64_t j = 0; j < cols; j++)
        var += ((double)x[j] - mean) * ((double)x[j] - mean);
    double inv = 1.0 / sqrt(var / (double)cols + eps);
    for (int64_t j = 0; j < cols; j++)
        y[j] = ((double)x[j] - mean) * inv * (w ? (double)w[j] : 1.0) + (b ? (double)b[j] : 0.0);
    return RG_OK;
}
