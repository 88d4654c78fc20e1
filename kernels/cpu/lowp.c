/* lowp.c: the low-precision GEMMs' BLAS front ends: validation, one canonical problem, dispatch. */
#include <stdlib.h>

#include "lowp_internal.h"

/* Fills the canonical problem; C^T = B^T A^T when C's rows are its unit-stride dimension, so
 * that the microkernel's vectors run down C's columns. Returns whether it transposed. */
static int canonical(rg__lowp_problem *p, rg_layout layout, rg_trans transa, rg_trans transb,
                     int64_t m, int64_t n, int64_t k, const void *a, int64_t lda, const void *b,
                     int64_t ldb, int64_t ldc) {
    int64_t rs_c, cs_c;
    rg__gemm_strides(layout, RG_NO_TRANS, ldc, &rs_c, &cs_c);
    p->k = k;
    p->a_is_x = 1;
    if (rs_c == 1) {
        p->m = m;
        p->n = n;
        p->a = a;
        p->b = b;
        rg__gemm_strides(layout, transa, lda, &p->rs_a, &p->cs_a);
        rg__gemm_strides(layout, transb, ldb, &p->rs_b, &p->cs_b);
        p->out.cs_c = cs_c;
        return 0;
    }
    int64_t rs, cs;
    p->m = n;
    p->n = m;
    p->a = b;
    p->b = a;
    rg__gemm_strides(layout, transb, ldb, &rs, &cs);
    p->rs_a = cs;
    p->cs_a = rs;
    rg__gemm_strides(layout, transa, lda, &rs, &cs);
    p->rs_b = cs;
    p->cs_b = rs;
    p->a_is_x = 0;
    p->out.cs_c = rs_c;
    return 1;
}

/* C = beta * C over the canonical m x n (beta == 0 writes zeros without reading). */
static void scale_c(const rg__lowp_problem *p, float beta) {
    for (int64_t j = 0; j < p->n; j++)
        for (int64_t i = 0; i < p->m; i++) {
            const int64_t at = i + j * p->out.cs_c;
            if (p->out.c_bf16) {
                uint16_t *c = (uint16_t *)p->out.c + at;
                *c = beta == 0.0f ? 0 : rg_bf16_from_f32(beta * rg_f32_from_bf16(*c));
            } else {
                float *c = (float *)p->out.c + at;
                *c = beta == 0.0f ? 0.0f : beta * *c;
            }
        }
}

int rg_gemm_bf16(const rg_exec *ex, rg_lowp_method method, rg_layout layout, rg_trans transa,
                 rg_trans transb, int64_t m, int64_t n, int64_t k, float alpha, const uint16_t *a,
                 int64_t lda, const uint16_t *b, int64_t ldb, float beta, void *c,
                 rg_gemm_out c_type, int64_t ldc) {
    rg_exec rex;
    rg__lowp_problem p = {0};
    const rg__lowp_kernel *kern;
    int rc;
    if (c_type != RG_GEMM_OUT_F32 && c_type != RG_GEMM_OUT_BF16) return RG_EINVAL;
    if (method < RG_LOWP_AUTO || method > RG_LOWP_WIDEN) return RG_EINVAL;
    if ((rc = rg__gemm_check(layout, transa, transb, m, n, k, lda, ldb, ldc, 2,
                             c_type == RG_GEMM_OUT_BF16 ? 2 : 4)) != RG_OK)
        return rc;
    if ((rc = rg__exec_resolve(ex, &rex)) != RG_OK) return rc;
    if (!(kern = rg__lowp_kernel_get(0, rex.isa, method))) return RG_EUNSUPPORTED;
    if (m == 0 || n == 0) return RG_OK;
    if (!c) return RG_EINVAL;
    const int no_product = alpha == 0.0f || k == 0;
    if (!no_product && (!a || !b)) return RG_EINVAL;

    canonical(&p, layout, transa, transb, m, n, k, a, lda, b, ldb, ldc);
    kern = rg__lowp_kernel_for(0, rex.isa, method, &p);
    p.out.c = c;
    p.out.c_bf16 = c_type == RG_GEMM_OUT_BF16;
    p.out.alpha = alpha;
    p.out.beta = beta;
    if (no_product) {
        scale_c(&p, beta);
        return RG_OK;
    }
    return rg__lowp_run(&rex, kern, &p);
}

/* |A - a_zero| * |B| <= 255 * 128 per product: int32 holds k of them up to this. */
#define U8S8_MAX_K 65793

int rg_gemm_u8s8(const rg_exec *ex, rg_lowp_method method, rg_layout layout, rg_trans transa,
                 rg_trans transb, int64_t m, int64_t n, int64_t k, const uint8_t *a, int64_t lda,
                 int32_t a_zero, const int8_t *b, int64_t ldb, const float *scale, int per_column,
                 float beta, float *c, int64_t ldc) {
    rg_exec rex;
    rg__lowp_problem p = {0};
    const rg__lowp_kernel *kern;
    int rc;
    if (method < RG_LOWP_AUTO || method > RG_LOWP_WIDEN) return RG_EINVAL;
    if (a_zero < 0 || a_zero > 255) return RG_EINVAL;
    if ((rc = rg__gemm_check(layout, transa, transb, m, n, k, lda, ldb, ldc, 1, 4)) != RG_OK)
        return rc;
    if (k > U8S8_MAX_K) return RG_EOVERFLOW;
    if ((rc = rg__exec_resolve(ex, &rex)) != RG_OK) return rc;
    if (!(kern = rg__lowp_kernel_get(1, rex.isa, method))) return RG_EUNSUPPORTED;
    if (m == 0 || n == 0) return RG_OK;
    if (!c || !scale) return RG_EINVAL;
    if (k > 0 && (!a || !b)) return RG_EINVAL;

    const int t = canonical(&p, layout, transa, transb, m, n, k, a, lda, b, ldb, ldc);
    kern = rg__lowp_kernel_for(1, rex.isa, method, &p);
    p.out.c = c;
    p.out.beta = beta;
    p.out.scale = scale;
    /* Per column of the caller's C: along the canonical rows when transposed. */
    p.out.rs_s = per_column && t ? 1 : 0;
    p.out.cs_s = per_column && !t ? 1 : 0;
    if (k == 0) {
        /* S = Z = 0: C = scale * 0 + beta * C. */
        p.out.alpha = 0.0f;
        p.out.scale = NULL;
        scale_c(&p, beta);
        return RG_OK;
    }
    int32_t *comp = NULL;
    if (a_zero != 0) {
        int64_t rs_b, cs_b;
        rg__gemm_strides(layout, transb, ldb, &rs_b, &cs_b);
        if (!(comp = malloc((size_t)n * sizeof *comp))) return RG_ENOMEM;
        rg__lowp_colsum_s8(k, n, b, rs_b, cs_b, a_zero, comp);
        p.out.comp = comp;
        p.out.rs_z = t ? 1 : 0;
        p.out.cs_z = t ? 0 : 1;
    }
    rc = rg__lowp_run(&rex, kern, &p);
    free(comp);
    return rc;
}

int rg_gemm_lowp_kernel_for(int int8, const rg_exec *ex, rg_lowp_method method, rg_layout layout,
                            rg_trans transa, rg_trans transb, int64_t m, int64_t n, int64_t k,
                            int64_t lda, int64_t ldb, int64_t ldc, const char **name) {
    rg_exec rex;
    rg__lowp_problem p = {0};
    int rc;
    if (!name || method < RG_LOWP_AUTO || method > RG_LOWP_WIDEN) return RG_EINVAL;
    if ((rc = rg__gemm_check(layout, transa, transb, m, n, k, lda, ldb, ldc, int8 ? 1 : 2, 4)) !=
        RG_OK)
        return rc;
    if ((rc = rg__exec_resolve(ex, &rex)) != RG_OK) return rc;
    canonical(&p, layout, transa, transb, m, n, k, NULL, lda, NULL, ldb, ldc);
    const rg__lowp_kernel *kern = rg__lowp_kernel_for(!!int8, rex.isa, method, &p);
    if (!kern) return RG_EUNSUPPORTED;
    *name = kern->name;
    return RG_OK;
}
