/* impl_ridge_act_cuda.c: adapters running ridge's CUDA activations, softmax and norms on the
 * activation cases (one registry row per op and dtype, from one macro). The set stays on the
 * host for the reference: run() copies x (and w, b) to the device when the set changes, fills
 * y with NaN bytes (an element never written fails verification), launches once and copies y
 * back; the timed calls run on the device copies only (gpu_case.h). */
#include "case_act.h"
#include "gpu_case.h"

#include <stdlib.h>

typedef struct {
    rg__gpu_case base; /* first: the hooks take the state as one */
    const rg_act_problem *p;
    void *x, *y;
    float *w, *b;
    const void *loaded; /* the host set last copied to the device */
} gpu_act;

int rg__act_cuda_call(const rg_act_problem *p, const void *xv, void *yv, const float *w,
                      const float *b, void *stream) {
    const int64_t r = p->rows, c = p->cols;
    if (p->dtype == RG_ACT_BF16) {
        const uint16_t *x = xv;
        uint16_t *y = yv;
        switch (p->kind) {
        case RG_ACT_OP_SOFTMAX:
            return rg_cuda_softmax_bf16(r, c, x, c, y, c, stream);
        case RG_ACT_OP_RMSNORM:
            return rg_cuda_rmsnorm_bf16(r, c, x, c, w, p->eps, y, c, stream);
        case RG_ACT_OP_LAYERNORM:
            return rg_cuda_layernorm_bf16(r, c, x, c, w, b, p->eps, y, c, stream);
        default:
            return rg_cuda_act_bf16(rg__act_elementwise(p->kind), p->elems, x, y, stream);
        }
    }
    const float *x = xv;
    float *y = yv;
    switch (p->kind) {
    case RG_ACT_OP_SOFTMAX:
        return rg_cuda_softmax_f32(r, c, x, c, y, c, stream);
    case RG_ACT_OP_RMSNORM:
        return rg_cuda_rmsnorm_f32(r, c, x, c, w, p->eps, y, c, stream);
    case RG_ACT_OP_LAYERNORM:
        return rg_cuda_layernorm_f32(r, c, x, c, w, b, p->eps, y, c, stream);
    default:
        return rg_cuda_act_f32(rg__act_elementwise(p->kind), p->elems, x, y, stream);
    }
}

static int launch(void *ctx, void *stream) {
    const gpu_act *g = ctx;
    return rg__act_cuda_call(g->p, g->x, g->y, g->w, g->b, stream);
}

static int setup(rg_harness *h, const void *problem, void **state) {
    const rg_act_problem *p = problem;
    gpu_act *g = calloc(1, sizeof *g);
    if (!g) return RG_ENOMEM;
    g->p = p;
    const size_t bytes = (size_t)p->elems * rg__act_elem_size(p);
    int rc = rg__gpu_case_open(&g->base, h, launch, g);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->x, bytes);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->y, bytes);
    if (!rc && p->has_weight) rc = rg__gpu_case_alloc(&g->base, &g->w, (size_t)p->cols * 4);
    if (!rc && p->has_bias) rc = rg__gpu_case_alloc(&g->base, &g->b, (size_t)p->cols * 4);
    if (rc) {
        rg__gpu_case_teardown_hook(g);
        return rc;
    }
    *state = g;
    return RG_OK;
}

static int run(void *state, const void *problem, void *set) {
    gpu_act *g = state;
    const rg_act_problem *p = problem;
    rg_act_set *s = set;
    const size_t bytes = (size_t)p->elems * rg__act_elem_size(p);
    int rc = RG_OK;
    if (g->loaded != set) {
        rc = rg__gpu_upload(g->x, s->x, bytes);
        if (!rc && g->w) rc = rg__gpu_upload(g->w, s->w, (size_t)p->cols * 4);
        if (!rc && g->b) rc = rg__gpu_upload(g->b, s->b, (size_t)p->cols * 4);
        if (rc) return rc;
        g->loaded = set;
    }
    rc = rg__gpu_fill_bytes(g->y, 0xff, bytes);
    return rc ? rc : rg__gpu_case_call(&g->base, s->y, g->y, bytes);
}

static int supports_all(const void *problem, char *why, size_t whylen) {
    return 1;
}

#define RIDGE_ACT_CUDA_IMPL(sym, kind, type)                                                       \
    const rg_impl sym = {                                                                          \
        .op = &rg__op_act[kind],                                                                   \
        .impl = "ridge",                                                                           \
        .device = "gpu",                                                                           \
        .dtype = type,                                                                             \
        .available = rg__gpu_case_available,                                                       \
        .supports = supports_all,                                                                  \
        .setup = setup,                                                                            \
        .run = run,                                                                                \
        .teardown = rg__gpu_case_teardown_hook,                                                    \
        .isa = rg__gpu_case_isa,                                                                   \
        .time_reps = rg__gpu_case_time_hook,                                                       \
        .annotate = rg__gpu_case_annotate_hook,                                                    \
    };

RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_relu_cuda_f32, RG_ACT_OP_RELU, "f32")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_gelu_cuda_f32, RG_ACT_OP_GELU, "f32")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_gelu_tanh_cuda_f32, RG_ACT_OP_GELU_TANH, "f32")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_silu_cuda_f32, RG_ACT_OP_SILU, "f32")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_softmax_cuda_f32, RG_ACT_OP_SOFTMAX, "f32")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_rmsnorm_cuda_f32, RG_ACT_OP_RMSNORM, "f32")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_layernorm_cuda_f32, RG_ACT_OP_LAYERNORM, "f32")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_relu_cuda_bf16, RG_ACT_OP_RELU, "bf16")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_gelu_cuda_bf16, RG_ACT_OP_GELU, "bf16")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_gelu_tanh_cuda_bf16, RG_ACT_OP_GELU_TANH, "bf16")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_silu_cuda_bf16, RG_ACT_OP_SILU, "bf16")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_softmax_cuda_bf16, RG_ACT_OP_SOFTMAX, "bf16")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_rmsnorm_cuda_bf16, RG_ACT_OP_RMSNORM, "bf16")
RIDGE_ACT_CUDA_IMPL(rg__impl_ridge_layernorm_cuda_bf16, RG_ACT_OP_LAYERNORM, "bf16")
