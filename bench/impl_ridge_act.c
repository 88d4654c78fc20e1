/* impl_ridge_act.c: adapters running ridge's activation, softmax and norm kernels on the
 * harness pool (one registry row per op, from one macro). */
#include "case_act.h"

static int ridge_available(char *why, size_t whylen) {
    (void)why;
    (void)whylen;
    return 1;
}

static int ridge_supports(const void *problem, char *why, size_t whylen) {
    const rg_act_problem *p = problem;
    if (p->dtype != RG_ACT_F32) {
        snprintf(why, whylen, "ridge: %s is fp32 only", rg__act_op_name(p->kind));
        return 0;
    }
    return 1;
}

static int ridge_setup(rg_harness *h, const void *problem, void **state) {
    (void)problem;
    *state = &h->exec;
    return 0;
}

static int ridge_run(void *state, const void *problem, void *set) {
    const rg_act_problem *p = problem;
    const rg_exec *ex = state;
    rg_act_set *s = set;
    const float *x = s->x;
    float *y = s->y;
    switch (p->kind) {
    case RG_ACT_OP_RELU:
        return rg_act_f32(ex, RG_ACT_RELU, p->elems, x, y);
    case RG_ACT_OP_GELU:
        return rg_act_f32(ex, RG_ACT_GELU, p->elems, x, y);
    case RG_ACT_OP_GELU_TANH:
        return rg_act_f32(ex, RG_ACT_GELU_TANH, p->elems, x, y);
    case RG_ACT_OP_SILU:
        return rg_act_f32(ex, RG_ACT_SILU, p->elems, x, y);
    case RG_ACT_OP_SOFTMAX:
        return rg_softmax_f32(ex, p->rows, p->cols, x, p->cols, y, p->cols);
    case RG_ACT_OP_RMSNORM:
        return rg_rmsnorm_f32(ex, p->rows, p->cols, x, p->cols, s->w, p->eps, y, p->cols);
    case RG_ACT_OP_LAYERNORM:
        return rg_layernorm_f32(ex, p->rows, p->cols, x, p->cols, s->w, s->b, p->eps, y, p->cols);
    default:
        return RG_EINVAL;
    }
}

static void ridge_teardown(void *state) {
    (void)state;
}

static void ridge_isa(const rg_harness *h, char *out, size_t outlen) {
    rg_isa isa = h->exec.isa == RG_ISA_AUTO ? rg_cpu_best_isa() : h->exec.isa;
    snprintf(out, outlen, "%s", rg_isa_name(isa));
}

#define RIDGE_ACT_IMPL(sym, kind)                                                                  \
    const rg_impl sym = {                                                                          \
        .op = &rg__op_act[kind],                                                                   \
        .impl = "ridge",                                                                           \
        .device = "cpu",                                                                           \
        .dtype = "f32",                                                                            \
        .quiesce_ms = 0,                                                                           \
        .available = ridge_available,                                                              \
        .supports = ridge_supports,                                                                \
        .setup = ridge_setup,                                                                      \
        .run = ridge_run,                                                                          \
        .teardown = ridge_teardown,                                                                \
        .isa = ridge_isa,                                                                          \
    };

RIDGE_ACT_IMPL(rg__impl_ridge_relu_f32, RG_ACT_OP_RELU)
RIDGE_ACT_IMPL(rg__impl_ridge_gelu_f32, RG_ACT_OP_GELU)
RIDGE_ACT_IMPL(rg__impl_ridge_gelu_tanh_f32, RG_ACT_OP_GELU_TANH)
RIDGE_ACT_IMPL(rg__impl_ridge_silu_f32, RG_ACT_OP_SILU)
RIDGE_ACT_IMPL(rg__impl_ridge_softmax_f32, RG_ACT_OP_SOFTMAX)
RIDGE_ACT_IMPL(rg__impl_ridge_rmsnorm_f32, RG_ACT_OP_RMSNORM)
RIDGE_ACT_IMPL(rg__impl_ridge_layernorm_f32, RG_ACT_OP_LAYERNORM)
