/* baseline_onednn_act.c: adapters running oneDNN eltwise, softmax and layer normalization
 * primitives on the activation and normalization cases, made once per case in setup. */
#include "baseline_onednn.h"
#include "case_act.h"

#include <stdlib.h>

static int onednn_act_supports(const void *problem, char *why, size_t whylen) {
    const rg_act_problem *p = problem;
    if (p->kind == RG_ACT_OP_RMSNORM) {
        /* Layer normalization without the mean is not RMSNorm; emulating it with two
         * primitives would not be the library's own kernel. */
        snprintf(why, whylen, "oneDNN 2.6 has no RMSNorm primitive");
        return 0;
    }
    return 1;
}

#ifndef RIDGE_HAVE_DNNL

static int onednn_act_setup(rg_harness *h, const void *problem, void **state) {
    return RG_EUNSUPPORTED;
}
static int onednn_act_run(void *state, const void *problem, void *set) {
    return RG_EUNSUPPORTED;
}

#else

/* The eltwise algorithm of each elementwise kind and its alpha (relu: the negative slope,
 * swish: the scale inside the sigmoid, so alpha 1 is SiLU). */
static int eltwise_alg(rg_act_op_kind kind, dnnl_alg_kind_t *alg, float *alpha) {
    *alpha = 0.0f;
    switch (kind) {
    case RG_ACT_OP_RELU:
        *alg = dnnl_eltwise_relu;
        return 1;
    case RG_ACT_OP_GELU:
        *alg = dnnl_eltwise_gelu_erf;
        return 1;
    case RG_ACT_OP_GELU_TANH:
        *alg = dnnl_eltwise_gelu_tanh;
        return 1;
    case RG_ACT_OP_SILU:
        *alg = dnnl_eltwise_swish, *alpha = 1.0f;
        return 1;
    default:
        return 0;
    }
}

typedef union {
    dnnl_eltwise_desc_t eltwise;
    dnnl_softmax_v2_desc_t softmax;
    dnnl_layer_normalization_desc_t lnorm;
} act_desc;

/* The operation descriptor of the case and the arguments its primitive takes, in the order
 * run passes them: x, y, then weight and bias when the case has them. */
static dnnl_status_t init_desc(const rg_act_problem *p, const dnnl_memory_desc_t *md, act_desc *d,
                               int *kinds, int *nargs) {
    kinds[0] = DNNL_ARG_SRC, kinds[1] = DNNL_ARG_DST, *nargs = 2;
    dnnl_alg_kind_t alg;
    float alpha;
    if (eltwise_alg(p->kind, &alg, &alpha))
        return dnnl_eltwise_forward_desc_init(&d->eltwise, dnnl_forward_inference, alg, md, alpha,
                                              0.0f);
    if (p->kind == RG_ACT_OP_SOFTMAX)
        return dnnl_softmax_v2_forward_desc_init(&d->softmax, dnnl_forward_inference,
                                                 dnnl_softmax_accurate, md, md, 1);
    if (p->kind == RG_ACT_OP_LAYERNORM) {
        /* Statistics over the last axis, computed by the primitive (inference without global
         * statistics); weight and bias are oneDNN's separate scale and shift. */
        unsigned flags = 0;
        if (p->has_weight) flags |= dnnl_use_scale, kinds[(*nargs)++] = DNNL_ARG_SCALE;
        if (p->has_bias) flags |= dnnl_use_shift, kinds[(*nargs)++] = DNNL_ARG_SHIFT;
        return dnnl_layer_normalization_forward_desc_init(&d->lnorm, dnnl_forward_inference, md,
                                                          NULL, p->eps, flags);
    }
    return dnnl_unimplemented;
}

static int onednn_act_setup(rg_harness *h, const void *problem, void **state) {
    const rg_act_problem *p = problem;
    rg__dnnl_prim *s = calloc(1, sizeof *s);
    if (!s) return RG_ENOMEM;
    /* The one place the case's dtype becomes oneDNN's (weights and statistics stay f32). */
    dnnl_data_type_t type = p->dtype == RG_ACT_BF16 ? dnnl_bf16 : dnnl_f32;
    dnnl_dims_t dims = {p->rows, p->cols};
    dnnl_memory_desc_t md;
    act_desc d;
    int kinds[4], nargs = 0;
    const char *what = rg__act_op_name(p->kind);
    int rc = rg__dnnl_open(h, s);
    if (!rc)
        rc = rg__dnnl_check(h, dnnl_memory_desc_init_by_tag(&md, 2, dims, type, dnnl_ab),
                            "memory_desc_init_by_tag");
    if (!rc) rc = rg__dnnl_check(h, init_desc(p, &md, &d, kinds, &nargs), what);
    if (!rc) rc = rg__dnnl_make(h, s, &d, NULL, kinds, nargs, what);
    if (rc) {
        rg__dnnl_close(s);
        free(s);
        return rc;
    }
    *state = s;
    return 0;
}

static int onednn_act_run(void *state, const void *problem, void *set) {
    rg__dnnl_prim *s = state;
    const rg_act_problem *p = problem;
    rg_act_set *a = set;
    /* Arguments in the order setup declared them: x, y, then weight and bias if present. */
    void *data[4] = {a->x, a->y};
    int n = 2;
    if (p->kind == RG_ACT_OP_LAYERNORM && p->has_weight) data[n++] = a->w;
    if (p->kind == RG_ACT_OP_LAYERNORM && p->has_bias) data[n++] = a->b;
    return rg__dnnl_execute(s, data);
}

#endif /* RIDGE_HAVE_DNNL */

/* One registry row per op and dtype (setup maps the case's dtype to oneDNN's). */
#define ONEDNN_ACT_IMPL(sym, kind, dtype_)                                                         \
    const rg_impl sym = {                                                                          \
        .op = &rg__op_act[kind],                                                                   \
        .impl = "onednn",                                                                          \
        .device = "cpu",                                                                           \
        .dtype = dtype_,                                                                           \
        .quiesce_ms = RG_DNNL_QUIESCE_MS,                                                          \
        .available = rg__dnnl_available,                                                           \
        .supports = onednn_act_supports,                                                           \
        .setup = onednn_act_setup,                                                                 \
        .run = onednn_act_run,                                                                     \
        .teardown = rg__dnnl_state_free,                                                           \
        .isa = rg__dnnl_isa,                                                                       \
        .case_isa = rg__dnnl_state_isa,                                                            \
    };

ONEDNN_ACT_IMPL(rg__impl_onednn_relu_f32, RG_ACT_OP_RELU, "f32")
ONEDNN_ACT_IMPL(rg__impl_onednn_gelu_f32, RG_ACT_OP_GELU, "f32")
ONEDNN_ACT_IMPL(rg__impl_onednn_gelu_tanh_f32, RG_ACT_OP_GELU_TANH, "f32")
ONEDNN_ACT_IMPL(rg__impl_onednn_silu_f32, RG_ACT_OP_SILU, "f32")
ONEDNN_ACT_IMPL(rg__impl_onednn_softmax_f32, RG_ACT_OP_SOFTMAX, "f32")
ONEDNN_ACT_IMPL(rg__impl_onednn_rmsnorm_f32, RG_ACT_OP_RMSNORM, "f32")
ONEDNN_ACT_IMPL(rg__impl_onednn_layernorm_f32, RG_ACT_OP_LAYERNORM, "f32")
ONEDNN_ACT_IMPL(rg__impl_onednn_relu_bf16, RG_ACT_OP_RELU, "bf16")
ONEDNN_ACT_IMPL(rg__impl_onednn_gelu_bf16, RG_ACT_OP_GELU, "bf16")
ONEDNN_ACT_IMPL(rg__impl_onednn_gelu_tanh_bf16, RG_ACT_OP_GELU_TANH, "bf16")
ONEDNN_ACT_IMPL(rg__impl_onednn_silu_bf16, RG_ACT_OP_SILU, "bf16")
ONEDNN_ACT_IMPL(rg__impl_onednn_softmax_bf16, RG_ACT_OP_SOFTMAX, "bf16")
ONEDNN_ACT_IMPL(rg__impl_onednn_rmsnorm_bf16, RG_ACT_OP_RMSNORM, "bf16")
ONEDNN_ACT_IMPL(rg__impl_onednn_layernorm_bf16, RG_ACT_OP_LAYERNORM, "bf16")
