/* impl_ridge_attention_cuda.c: adapter running ridge's CUDA attention (rg_cuda_attention_f32 /
 * _bf16) on the attention case. The set stays on the host for the reference: run() copies Q, K
 * and V (the bf16 operands for bf16) to the device when the set changes, fills O with NaN bytes,
 * launches once and copies O back; the timed calls run on the device copies (gpu_case.h). The
 * split-KV workspace (decode) is allocated here, once, so that no timed call allocates. */
#include "case_attention.h"
#include "gpu_case.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    rg__gpu_case base; /* first: the hooks take the state as one */
    const rg_attention_problem *p;
    void *q, *k, *v;
    float *o;
    void *ws; /* split-KV partials, or NULL */
    size_t ws_bytes;
    const void *loaded; /* the host set last copied to the device */
} gpu_attention;

static int launch(void *ctx, void *stream) {
    const gpu_attention *g = ctx;
    const rg_attention_problem *p = g->p;
    return p->bf16 ? rg_cuda_attention_bf16_ws(&p->d, g->q, g->k, g->v, g->o, g->ws, g->ws_bytes,
                                               stream)
                   : rg_cuda_attention_f32(&p->d, g->q, g->k, g->v, g->o, stream);
}

static int setup(rg_harness *h, const void *problem, void **state) {
    const rg_attention_problem *p = problem;
    gpu_attention *g = calloc(1, sizeof *g);
    if (!g) return RG_ENOMEM;
    g->p = p;
    const size_t es = p->bf16 ? 2 : 4;
    int rc = rg__gpu_case_open(&g->base, h, launch, g);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->q, (size_t)p->q_elems * es);
    /* kv_len 0 is valid: keep the pointers non-NULL anyway. */
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->k, (size_t)(p->kv_elems ? p->kv_elems : 1) * es);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->v, (size_t)(p->kv_elems ? p->kv_elems : 1) * es);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->o, (size_t)p->q_elems * 4);
    if (!rc && p->bf16 && (g->ws_bytes = rg_cuda_attention_workspace(&p->d)) > 0)
        rc = rg__gpu_case_alloc(&g->base, &g->ws, g->ws_bytes);
    if (rc) {
        rg__gpu_case_teardown_hook(g);
        return rc;
    }
    *state = g;
    return RG_OK;
}

static int run(void *state, const void *problem, void *set) {
    gpu_attention *g = state;
    const rg_attention_problem *p = problem;
    rg_attention_set *s = set;
    const size_t es = p->bf16 ? 2 : 4;
    int rc = RG_OK;
    if (g->loaded != set) {
        rc = rg__gpu_upload(g->q, p->bf16 ? (void *)s->qb : s->q, (size_t)p->q_elems * es);
        if (!rc)
            rc = rg__gpu_upload(g->k, p->bf16 ? (void *)s->kb : s->k, (size_t)p->kv_elems * es);
        if (!rc)
            rc = rg__gpu_upload(g->v, p->bf16 ? (void *)s->vb : s->v, (size_t)p->kv_elems * es);
        if (rc) return rc;
        g->loaded = set;
    }
    rc = rg__gpu_fill_bytes(g->o, 0xff, (size_t)p->q_elems * 4);
    return rc ? rc : rg__gpu_case_call(&g->base, s->o, g->o, (size_t)p->q_elems * 4);
}

/* What runs, as the library decides it: the tensor-core kernel (with its key ranges when split)
 * or the row kernel (fp32 always). */
static void case_isa(const void *state, char *out, size_t outlen) {
    const gpu_attention *g = state;
    const int tc = g->p->bf16 && rg_cuda_attention_tensor_cores(&g->p->d, g->q, g->k, g->v);
    const int splits =
        tc ? rg_cuda_attention_kv_splits(&g->p->d, g->q, g->k, g->v, g->ws_bytes) : 1;
    if (splits > 1)
        snprintf(out, outlen, "%s mma.sync split-kv %d", g->base.isa, splits);
    else
        snprintf(out, outlen, "%s %s", g->base.isa, tc ? "mma.sync" : "rows");
}

static int supports_all(const void *problem, char *why, size_t whylen) {
    return 1;
}

#define RIDGE_ATTENTION_CUDA_IMPL(sym, dt)                                                         \
    const rg_impl sym = {                                                                          \
        .op = &rg__op_attention,                                                                   \
        .impl = "ridge",                                                                           \
        .device = "gpu",                                                                           \
        .dtype = dt,                                                                               \
        .available = rg__gpu_case_available,                                                       \
        .supports = supports_all,                                                                  \
        .setup = setup,                                                                            \
        .run = run,                                                                                \
        .teardown = rg__gpu_case_teardown_hook,                                                    \
        .isa = rg__gpu_case_isa,                                                                   \
        .case_isa = case_isa,                                                                      \
        .time_reps = rg__gpu_case_time_hook,                                                       \
        .annotate = rg__gpu_case_annotate_hook,                                                    \
    };
RIDGE_ATTENTION_CUDA_IMPL(rg__impl_ridge_attention_cuda_f32, "f32")
RIDGE_ATTENTION_CUDA_IMPL(rg__impl_ridge_attention_cuda_bf16, "bf16")
