/* impl_ridge_act.c: adapters running ridge's activation, softmax and norm kernels on the
 * harness pool (one registry row per op, from one macro). */
#include "case_act.h"
#include "impl_ridge.h"

static int run_bf16(const rg_exec *ex, const rg_act_problem *p, rg_act_set *s) {
    const uint16_t *x = s->x;
    uint16_t *y = s->y;
    switch (p->kind) {
    case RG_ACT_OP_SOFTMAX:
        return rg_softmax_bf16(ex, p->rows, p->cols, x, p->cols, y, p->cols);
    case RG_ACT_OP_RMSNORM:
        return rg_rmsnorm_bf16(ex, p->rows, p->cols, x, p->cols, s->w, p->eps, y, p->cols);
    case RG_ACT_OP_LAYERNORM:
        return rg_layernorm_bf16(ex, p->rows, p->cols, x, p->cols, s->w, s->b, p->eps, y, p->cols);
    default:
        return rg_act_bf16(ex, rg__act_elementwise(p->kind), p->elems, x, y);
    }
}

static int ridge_run(void *state, const void *problem, void *set) {
    const rg_act_problem *p = problem;
    const rg_exec *ex = state;
    rg_act_set *s = set;
    if (p->dtype == RG_ACT_BF16) return run_bf16(ex, p, s);
    const float *x = s->x;
    float *y = s->y;
    switch (p->kind) {
    case RG_ACT_OP_SOFTMAX:
        return rg_softmax_f32(ex, p->rows, p->cols, x, p->cols, y, p->cols);
    case RG_ACT_OP_RMSNORM:
        return rg_rmsnorm_f32(ex, p->rows, p->cols, x, p->cols, s->w, p->eps, y, p->cols);
    case RG_ACT_OP_LAYERNORM:
        return rg_layernorm_f32(ex, p->rows, p->cols, x, p->cols, s->w, s->b, p->eps, y, p->cols);
    default:
        return rg_act_f32(ex, rg__act_elementwise(p->kind), p->elems, x, y);
    }
}

#define RIDGE_ACT_IMPL(sym, kind, type)                                                            \
    const rg_impl sym = {                                                                          \
        .op = &rg__op_act[kind],                                                                   \
        .impl = "ridge",                                                                           \
        .device = "cpu",                                                                           \
        .dtype = type,                                                                             \
        .quiesce_ms = 0,                                                                           \
        .available = rg__ridge_available,                                                          \
        .supports = rg__ridge_supports_all,                                                        \
        .setup = rg__ridge_setup,                                                                  \
        .run = ridge_run,                                                                          \
        .teardown = rg__ridge_teardown,                                                            \
        .isa = rg__ridge_isa,                                                                      \
    };

RIDGE_ACT_IMPL(rg__impl_ridge_relu_f32, RG_ACT_OP_RELU, "f32")
RIDGE_ACT_IMPL(rg__impl_ridge_gelu_f32, RG_ACT_OP_GELU, "f32")
RIDGE_ACT_IMPL(rg__impl_ridge_gelu_tanh_f32, RG_ACT_OP_GELU_TANH, "f32")
RIDGE_ACT_IMPL(rg__impl_ridge_silu_f32, RG_ACT_OP_SILU, "f32")
RIDGE_ACT_IMPL(rg__impl_ridge_softmax_f32, RG_ACT_OP_SOFTMAX, "f32")
RIDGE_ACT_IMPL(rg__impl_ridge_rmsnorm_f32, RG_ACT_OP_RMSNORM, "f32")
RIDGE_ACT_IMPL(rg__impl_ridge_layernorm_f32, RG_ACT_OP_LAYERNORM, "f32")
RIDGE_ACT_IMPL(rg__impl_ridge_relu_bf16, RG_ACT_OP_RELU, "bf16")
RIDGE_ACT_IMPL(rg__impl_ridge_gelu_bf16, RG_ACT_OP_GELU, "bf16")
RIDGE_ACT_IMPL(rg__impl_ridge_gelu_tanh_bf16, RG_ACT_OP_GELU_TANH, "bf16")
RIDGE_ACT_IMPL(rg__impl_ridge_silu_bf16, RG_ACT_OP_SILU, "bf16")
RIDGE_ACT_IMPL(rg__impl_ridge_softmax_bf16, RG_ACT_OP_SOFTMAX, "bf16")
RIDGE_ACT_IMPL(rg__impl_ridge_rmsnorm_bf16, RG_ACT_OP_RMSNORM, "bf16")
RIDGE_ACT_IMPL(rg__impl_ridge_layernorm_bf16, RG_ACT_OP_LAYERNORM, "bf16")
