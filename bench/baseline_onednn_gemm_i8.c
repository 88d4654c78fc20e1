/* baseline_onednn_gemm_i8.c: adapter running oneDNN's u8 x s8 -> f32 matmul on the i8 GEMM case
 * (A's zero point and the per-column or per-tensor scales as attributes), made once per case. */
#include "baseline_onednn.h"
#include "case_gemm.h"

#include <stdlib.h>

/* oneDNN's int8 matmul takes u8 or s8 sources but only s8 weights, so a column-major case
 * cannot run as the row-major C^T (which would exchange them); its scales follow C's columns. */
static int onednn_i8_supports(const void *problem, char *why, size_t whylen) {
    const rg_gemm_problem *p = problem;
    if (p->layout != RG_ROW_MAJOR) {
        snprintf(why, whylen, "oneDNN's int8 matmul wants s8 weights: row-major cases only");
        return 0;
    }
    return 1;
}

#ifndef RIDGE_HAVE_DNNL

static int onednn_i8_setup(rg_harness *h, const void *problem, void **state) {
    return RG_EUNSUPPORTED;
}
static int onednn_i8_run(void *state, const void *problem, void *set) {
    return RG_EUNSUPPORTED;
}

#else

static int onednn_i8_setup(rg_harness *h, const void *problem, void **state) {
    const rg_gemm_problem *p = problem;
    rg__dnnl_prim *s = calloc(1, sizeof *s);
    if (!s) return RG_ENOMEM;
    dnnl_memory_desc_t a, b, c;
    dnnl_primitive_attr_t attr = NULL;
    dnnl_post_ops_t post = NULL;
    int rc = rg__dnnl_open(h, s);
    if (!rc) {
        dnnl_status_t st = rg__dnnl_matrix_md(&a, p->m, p->k, p->ta == RG_TRANS, p->lda, dnnl_u8);
        if (st == dnnl_success)
            st = rg__dnnl_matrix_md(&b, p->k, p->n, p->tb == RG_TRANS, p->ldb, dnnl_s8);
        if (st == dnnl_success) st = rg__dnnl_matrix_md(&c, p->m, p->n, 0, p->ldc, dnnl_f32);
        rc = rg__dnnl_check(h, st, "memory_desc_init");
    }
    if (!rc) rc = rg__dnnl_check(h, dnnl_primitive_attr_create(&attr), "primitive_attr_create");
    /* The set's scales, known in setup (the case derives them from the seed): oneDNN 2.6 runs
     * run-time scales on its slower gemm:jit path, constant ones on brgemm. */
    float *scales = malloc((size_t)p->n * sizeof *scales);
    if (!rc && !scales) rc = RG_ENOMEM;
    if (!rc) {
        rg__gemm_i8_scales(p, h->opts.seed, scales);
        rc = rg__dnnl_check(h,
                            dnnl_primitive_attr_set_output_scales(attr, p->per_column ? p->n : 1,
                                                                  p->per_column ? 2 : 0, scales),
                            "set_output_scales");
    }
    if (!rc && p->zero != 0)
        rc = rg__dnnl_check(h,
                            dnnl_primitive_attr_set_zero_points(attr, DNNL_ARG_SRC, 1, 0, &p->zero),
                            "set_zero_points");
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
    if (!rc) rc = rg__dnnl_make(h, s, &desc, attr, kinds, 3, "matmul u8s8");
    free(scales);
    if (post) dnnl_post_ops_destroy(post);
    if (attr) dnnl_primitive_attr_destroy(attr);
    if (rc) {
        rg__dnnl_close(s);
        free(s);
        return rc;
    }
    *state = s;
    return 0;
}

static int onednn_i8_run(void *state, const void *problem, void *set) {
    rg_gemm_set *g = set;
    void *const data[] = {g->la, g->lb, g->c};
    return rg__dnnl_execute(state, data);
}

#endif /* RIDGE_HAVE_DNNL */

const rg_impl rg__impl_onednn_gemm_i8 = {
    .op = &rg__op_gemm,
    .impl = "onednn",
    .device = "cpu",
    .dtype = "i8",
    .quiesce_ms = RG_DNNL_QUIESCE_MS,
    .available = rg__dnnl_available,
    .supports = onednn_i8_supports,
    .setup = onednn_i8_setup,
    .run = onednn_i8_run,
    .teardown = rg__dnnl_state_free,
    .isa = rg__dnnl_isa,
    .case_isa = rg__dnnl_state_isa,
};
