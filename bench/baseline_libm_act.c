/* baseline_libm_act.c: the activations, softmax and norms as plain C loops over libm (impl
 * "libm"): what a user gets for free from the compiler (-O3, no -march, no fast-math), split
 * over the harness's pinned pool at the same threads as ridge. */
#include "case_act.h"

#include <math.h>

static int libm_available(char *why, size_t whylen) {
    (void)why;
    (void)whylen;
    return 1;
}

static int libm_supports(const void *problem, char *why, size_t whylen) {
    const rg_act_problem *p = problem;
    if (p->dtype != RG_ACT_F32) {
        snprintf(why, whylen, "libm: fp32 only");
        return 0;
    }
    return 1;
}

typedef struct {
    const rg_act_problem *p;
    const float *x, *w, *b;
    float *y;
} job;

static void elementwise(rg_act_op_kind kind, int64_t n, const float *x, float *y) {
    switch (kind) {
    case RG_ACT_OP_RELU:
        for (int64_t i = 0; i < n; i++)
            y[i] = x[i] > 0.0f ? x[i] : 0.0f;
        break;
    case RG_ACT_OP_GELU:
        for (int64_t i = 0; i < n; i++)
            y[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678f));
        break;
    case RG_ACT_OP_GELU_TANH:
        for (int64_t i = 0; i < n; i++)
            y[i] =
                0.5f * x[i] * (1.0f + tanhf(0.79788456f * (x[i] + 0.044715f * x[i] * x[i] * x[i])));
        break;
    case RG_ACT_OP_SILU:
        for (int64_t i = 0; i < n; i++)
            y[i] = x[i] / (1.0f + expf(-x[i]));
        break;
    default:
        break;
    }
}

static void softmax_row(int64_t n, const float *x, float *y) {
    float m = -INFINITY, s = 0.0f;
    for (int64_t j = 0; j < n; j++)
        m = x[j] > m ? x[j] : m;
    for (int64_t j = 0; j < n; j++) {
        y[j] = expf(x[j] - m);
        s += y[j];
    }
    float inv = 1.0f / s;
    for (int64_t j = 0; j < n; j++)
        y[j] *= inv;
}

static void rmsnorm_row(int64_t n, const float *x, const float *w, float eps, float *y) {
    float ss = 0.0f;
    for (int64_t j = 0; j < n; j++)
        ss += x[j] * x[j];
    float inv = 1.0f / sqrtf(ss / (float)n + eps);
    for (int64_t j = 0; j < n; j++)
        y[j] = x[j] * inv * w[j];
}

static void layernorm_row(int64_t n, const float *x, const float *w, const float *b, float eps,
                          float *y) {
    float sum = 0.0f, var = 0.0f;
    for (int64_t j = 0; j < n; j++)
        sum += x[j];
    float mean = sum / (float)n;
    for (int64_t j = 0; j < n; j++)
        var += (x[j] - mean) * (x[j] - mean);
    float inv = 1.0f / sqrtf(var / (float)n + eps);
    for (int64_t j = 0; j < n; j++)
        y[j] = (x[j] - mean) * inv * w[j] + b[j];
}

/* Thread tid's share: elements in 16-float blocks, or whole rows. */
static void job_body(void *arg, int tid, int nthreads) {
    const job *jb = arg;
    const rg_act_problem *p = jb->p;
    int row_op = p->kind == RG_ACT_OP_SOFTMAX || p->kind == RG_ACT_OP_RMSNORM ||
                 p->kind == RG_ACT_OP_LAYERNORM;
    int64_t count = row_op ? p->rows : (p->elems + 15) / 16;
    int64_t lo = count * tid / nthreads, hi = count * (tid + 1) / nthreads;
    if (!row_op) {
        lo *= 16;
        hi = hi * 16 < p->elems ? hi * 16 : p->elems;
        if (hi > lo) elementwise(p->kind, hi - lo, jb->x + lo, jb->y + lo);
        return;
    }
    const int64_t n = p->cols;
    for (int64_t r = lo; r < hi; r++) {
        if (p->kind == RG_ACT_OP_SOFTMAX)
            softmax_row(n, jb->x + r * n, jb->y + r * n);
        else if (p->kind == RG_ACT_OP_RMSNORM)
            rmsnorm_row(n, jb->x + r * n, jb->w, p->eps, jb->y + r * n);
        else
            layernorm_row(n, jb->x + r * n, jb->w, jb->b, p->eps, jb->y + r * n);
    }
}

static int libm_setup(rg_harness *h, const void *problem, void **state) {
    (void)problem;
    *state = h->pool;
    return 0;
}

static int libm_run(void *state, const void *problem, void *set) {
    rg_act_set *s = set;
    job jb = {.p = problem, .x = s->x, .w = s->w, .b = s->b, .y = s->y};
    rg_pool_run(state, job_body, &jb);
    return 0;
}

static void libm_teardown(void *state) {
    (void)state;
}

static void libm_isa(const rg_harness *h, char *out, size_t outlen) {
    (void)h;
    snprintf(out, outlen, "libm-O3");
}

#define LIBM_ACT_IMPL(sym, kind)                                                                   \
    const rg_impl sym = {                                                                          \
        .op = &rg__op_act[kind],                                                                   \
        .impl = "libm",                                                                            \
        .device = "cpu",                                                                           \
        .dtype = "f32",                                                                            \
        .quiesce_ms = 0,                                                                           \
        .available = libm_available,                                                               \
        .supports = libm_supports,                                                                 \
        .setup = libm_setup,                                                                       \
        .run = libm_run,                                                                           \
        .teardown = libm_teardown,                                                                 \
        .isa = libm_isa,                                                                           \
    };

LIBM_ACT_IMPL(rg__impl_libm_relu_f32, RG_ACT_OP_RELU)
LIBM_ACT_IMPL(rg__impl_libm_gelu_f32, RG_ACT_OP_GELU)
LIBM_ACT_IMPL(rg__impl_libm_gelu_tanh_f32, RG_ACT_OP_GELU_TANH)
LIBM_ACT_IMPL(rg__impl_libm_silu_f32, RG_ACT_OP_SILU)
LIBM_ACT_IMPL(rg__impl_libm_softmax_f32, RG_ACT_OP_SOFTMAX)
LIBM_ACT_IMPL(rg__impl_libm_rmsnorm_f32, RG_ACT_OP_RMSNORM)
LIBM_ACT_IMPL(rg__impl_libm_layernorm_f32, RG_ACT_OP_LAYERNORM)
