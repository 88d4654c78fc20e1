/* sgemm.c: rg_sgemm's BLAS front end: validation, then one canonical strided problem. */
#include "sgemm_internal.h"

static void swap_i64(int64_t *x, int64_t *y) {
    int64_t t = *x;
    *x = *y;
    *y = t;
}

/* C^T = B^T A^T: the same product with the roles of rows and columns exchanged. */
static void transpose_problem(rg__sgemm_problem *p) {
    const float *a = p->a;
    int64_t rs_a = p->rs_a, cs_a = p->cs_a;
    swap_i64(&p->m, &p->n);
    p->a = p->b;
    p->rs_a = p->cs_b;
    p->cs_a = p->rs_b;
    p->b = a;
    p->rs_b = cs_a;
    p->cs_b = rs_a;
    swap_i64(&p->rs_c, &p->cs_c);
}

int rg_sgemm(const rg_exec *ex, rg_layout layout, rg_trans transa, rg_trans transb, int64_t m,
             int64_t n, int64_t k, float alpha, const float *a, int64_t lda, const float *b,
             int64_t ldb, float beta, float *c, int64_t ldc) {
    rg_exec rex;
    rg__sgemm_problem p;
    const rg__sgemm_kernel *kern;
    int rc;

    if ((rc = rg__gemm_check(layout, transa, transb, m, n, k, lda, ldb, ldc, 4, 4)) != RG_OK)
        return rc;
    if ((rc = rg__exec_resolve(ex, &rex)) != RG_OK) return rc;
    if (!(kern = rg__sgemm_kernel_get(rex.isa))) return RG_EUNSUPPORTED;
    if (m == 0 || n == 0) return RG_OK;
    if (!c) return RG_EINVAL;
    int no_product = alpha == 0.0f || k == 0;
    if (!no_product && (!a || !b)) return RG_EINVAL;

    p.m = m;
    p.n = n;
    p.k = k;
    p.alpha = alpha;
    p.beta = beta;
    p.a = a;
    p.b = b;
    p.c = c;
    rg__gemm_strides(layout, transa, lda, &p.rs_a, &p.cs_a);
    rg__gemm_strides(layout, transb, ldb, &p.rs_b, &p.cs_b);
    rg__gemm_strides(layout, RG_NO_TRANS, ldc, &p.rs_c, &p.cs_c);
    /* The microkernel vectorizes down C's columns: make them the unit-stride dimension. */
    if (p.rs_c != 1 && p.cs_c == 1) transpose_problem(&p);

    if (no_product) {
        rg__sgemm_scale_c(p.m, p.n, beta, p.c, p.rs_c, p.cs_c);
        return RG_OK;
    }
    return rg__sgemm_run(&rex, kern, &p);
}
