/* baseline_onednn_gemm.c: adapter running a oneDNN matmul primitive on the GEMM case, made once
 * per case in setup, with the harness's threads and PUs. */
#include "baseline_onednn.h"
#include "case_gemm.h"

#include <stdlib.h>

/* Every GEMM case maps exactly: sizes and strides are 64-bit in oneDNN, transposes are strides,
 * alpha is an output scale and beta a sum post-op. */
static int onednn_gemm_supports(const void *problem, char *why, size_t whylen) {
    return 1;
}

#ifndef RIDGE_HAVE_DNNL

static int onednn_gemm_setup(rg_harness *h, const void *problem, void **state) {
    return RG_EUNSUPPORTED;
}
#define onednn_gemm_setup_bf16 onednn_gemm_setup
static int onednn_gemm_run(void *state, const void *problem, void *set) {
    return RG_EUNSUPPORTED;
}

#else

/* The oneDNN types of A, B and C for one precision of the case: bf16 and int8 matmuls (issue 8)
 * add a row here, a setup wrapper and a registry entry. */
typedef struct {
    dnnl_data_type_t a, b, c;
} gemm_types;

static const gemm_types types_f32 = {dnnl_f32, dnnl_f32, dnnl_f32};
static const gemm_types types_bf16 = {dnnl_bf16, dnnl_bf16, dnnl_f32};

typedef struct {
    rg__dnnl_prim prim; /* first: rg__dnnl_state_free and _isa take the state as one */
    int swap;           /* the column-major case, run as the row-major C^T = op(B)^T op(A)^T */
} gemm_state;

static int gemm_setup_typed(rg_harness *h, const rg_gemm_problem *p, const gemm_types *t,
                            void **state) {
    gemm_state *s = calloc(1, sizeof *s);
    if (!s) return RG_ENOMEM;
    /* oneDNN's fast matmuls want a row-major destination: a column-major C is the row-major
     * C^T, the product of op(B)^T (stored as B, row-major view) and op(A)^T. */
    s->swap = p->layout == RG_COL_MAJOR;
    int64_t m = s->swap ? p->n : p->m, n = s->swap ? p->m : p->n;
    int ta = (s->swap ? p->tb : p->ta) == RG_TRANS, tb = (s->swap ? p->ta : p->tb) == RG_TRANS;
    int64_t lda = s->swap ? p->ldb : p->lda, ldb = s->swap ? p->lda : p->ldb;
    dnnl_memory_desc_t a, b, c;
    dnnl_primitive_attr_t attr = NULL;
    dnnl_post_ops_t post = NULL;
    int rc = rg__dnnl_open(h, &s->prim);
    if (!rc)
        rc = rg__dnnl_check(h,
                            rg__dnnl_matrix_md(&a, m, p->k, ta, lda, t->a) ||
                                    rg__dnnl_matrix_md(&b, p->k, n, tb, ldb, t->b) ||
                                    rg__dnnl_matrix_md(&c, m, n, 0, p->ldc, t->c)
                                ? dnnl_invalid_arguments
                                : dnnl_success,
                            "memory_desc_init_by_strides");
    if (!rc) rc = rg__dnnl_check(h, dnnl_primitive_attr_create(&attr), "primitive_attr_create");
    /* C = alpha * (A B) + beta * C: the output scale applies before the sum post-op. Neither
     * is set at its neutral value, so beta = 0 never reads C (it may hold NaN). */
    if (!rc && p->alpha != 1.0f)
        rc = rg__dnnl_check(h, dnnl_primitive_attr_set_output_scales(attr, 1, 0, &p->alpha),
                            "set_output_scales");
    if (!rc && p->beta != 0.0f) {
        rc = rg__dnnl_check(h, dnnl_post_ops_create(&post), "post_ops_create");
        if (!rc) rc = rg__dnnl_check(h, dnnl_post_ops_append_sum(post, p->beta), "append_sum");
        if (!rc)
            rc = rg__dnnl_check(h, dnnl_primitive_attr_set_post_ops(attr, post), "set_post_ops");
    }
    dnnl_matmul_desc_t desc;
    if (!rc)
        rc = rg__dnnl_check(h, dnnl_matmul_desc_init(&desc, &a, &b, NULL, &c), "matmul_desc_init");
    static const int kinds[] = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST};
    if (!rc) rc = rg__dnnl_make(h, &s->prim, &desc, attr, kinds, 3, "matmul");
    if (post) dnnl_post_ops_destroy(post);
    if (attr) dnnl_primitive_attr_destroy(attr);
    if (rc) {
        rg__dnnl_close(&s->prim);
        free(s);
        return rc;
    }
    *state = s;
    return 0;
}

static int onednn_gemm_setup(rg_harness *h, const void *problem, void **state) {
    return gemm_setup_typed(h, problem, &types_f32, state);
}

static int onednn_gemm_setup_bf16(rg_harness *h, const void *problem, void **state) {
    return gemm_setup_typed(h, problem, &types_bf16, state);
}

static int onednn_gemm_run(void *state, const void *problem, void *set) {
    gemm_state *s = state;
    rg_gemm_set *g = set;
    /* bf16 cases hold their operands in la and lb (case_gemm.h). */
    void *a = g->la ? g->la : g->a, *b = g->lb ? g->lb : g->b;
    void *const data[] = {s->swap ? b : a, s->swap ? a : b, g->c};
    return rg__dnnl_execute(&s->prim, data);
}

#endif /* RIDGE_HAVE_DNNL */

const rg_impl rg__impl_onednn_gemm_f32 = {
    .op = &rg__op_gemm,
    .impl = "onednn",
    .device = "cpu",
    .dtype = "f32",
    .quiesce_ms = RG_DNNL_QUIESCE_MS,
    .available = rg__dnnl_available,
    .supports = onednn_gemm_supports,
    .setup = onednn_gemm_setup,
    .run = onednn_gemm_run,
    .teardown = rg__dnnl_state_free,
    .isa = rg__dnnl_isa,
    .case_isa = rg__dnnl_state_isa,
};

const rg_impl rg__impl_onednn_gemm_bf16 = {
    .op = &rg__op_gemm,
    .impl = "onednn",
    .device = "cpu",
    .dtype = "bf16",
    .quiesce_ms = RG_DNNL_QUIESCE_MS,
    .available = rg__dnnl_available,
    .supports = onednn_gemm_supports,
    .setup = onednn_gemm_setup_bf16,
    .run = onednn_gemm_run,
    .teardown = rg__dnnl_state_free,
    .isa = rg__dnnl_isa,
    .case_isa = rg__dnnl_state_isa,
};
