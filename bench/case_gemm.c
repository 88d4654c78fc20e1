/* case_gemm.c: the GEMM case: parameters, work formulas, buffers and verification. */
#include "case_gemm.h"
#include "case_param.h"
#include "case_params.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const gemm_axes[] = {"M", "N", "K", NULL};

static int param_choice(const rg_param *p, const char *a, const char *b, int *is_b, char *err,
                        size_t errlen) {
    if (p->is_str && strcmp(p->sval, a) == 0)
        *is_b = 0;
    else if (p->is_str && strcmp(p->sval, b) == 0)
        *is_b = 1;
    else {
        snprintf(err, errlen, "gemm: %s: expected \"%s\" or \"%s\"", p->key, a, b);
        return RG_EINVAL;
    }
    return 0;
}

static int gemm_prepare(const rg_case *c, void **problem, char *err, size_t errlen) {
    rg_gemm_problem p = {
        .layout = RG_ROW_MAJOR, .ta = RG_NO_TRANS, .tb = RG_NO_TRANS, .alpha = 1.0f, .beta = 0.0f};
    int have = 0, rc = rg__gemm_dtype_parse(c->dtype, &p, err, errlen);
    for (int i = 0; i < c->nparams && rc == 0; i++) {
        const rg_param *q = &c->params[i];
        int t = 0;
        if (strcmp(q->key, "M") == 0)
            rc = rg__param_int("gemm", q, 1, &p.m, err, errlen), have |= 1;
        else if (strcmp(q->key, "N") == 0)
            rc = rg__param_int("gemm", q, 1, &p.n, err, errlen), have |= 2;
        else if (strcmp(q->key, "K") == 0)
            rc = rg__param_int("gemm", q, 1, &p.k, err, errlen), have |= 4;
        else if (strcmp(q->key, "transA") == 0) {
            rc = param_choice(q, "N", "T", &t, err, errlen);
            p.ta = t ? RG_TRANS : RG_NO_TRANS;
        } else if (strcmp(q->key, "transB") == 0) {
            rc = param_choice(q, "N", "T", &t, err, errlen);
            p.tb = t ? RG_TRANS : RG_NO_TRANS;
        } else if (strcmp(q->key, "layout") == 0) {
            rc = param_choice(q, "row", "col", &t, err, errlen);
            p.layout = t ? RG_COL_MAJOR : RG_ROW_MAJOR;
        } else if (strcmp(q->key, "alpha") == 0)
            rc = rg__param_real("gemm", q, -3.4e38, 3.4e38, &p.alpha, err, errlen);
        else if (strcmp(q->key, "beta") == 0)
            rc = rg__param_real("gemm", q, -3.4e38, 3.4e38, &p.beta, err, errlen);
        else if (rg__gemm_lowp_param(&p, q, &rc, err, errlen)) {
        } else if (rg_param_is_descriptive(q->key)) {
            rc = rg__param_descriptive("gemm", q, p.desc, &p.ndesc, err, errlen);
        } else {
            snprintf(err, errlen,
                     "gemm: unknown parameter '%s' (valid: M N K transA transB layout alpha beta, "
                     "i8: zero scales; "
                     "descriptive: phase proj per_layer layers)",
                     q->key);
            rc = RG_EINVAL;
        }
    }
    if (!rc) rc = rg__gemm_lowp_check(&p, err, errlen);
    if (rc) return rc;
    if (have != 7) {
        snprintf(err, errlen, "gemm: missing parameter %s",
                 !(have & 1)   ? "M"
                 : !(have & 2) ? "N"
                               : "K");
        return RG_EINVAL;
    }
    /* Every buffer size in bytes (C twice: beta != 0 keeps C0) must fit comfortably in 64 bits. */
    const int64_t lim = INT64_MAX / 16;
    if (!rg__mul_ok(p.m, p.k, &p.a_elems) || !rg__mul_ok(p.k, p.n, &p.b_elems) ||
        !rg__mul_ok(p.m, p.n, &p.c_elems) || p.a_elems > lim || p.b_elems > lim ||
        p.c_elems > lim) {
        snprintf(err, errlen, "gemm M=%lld N=%lld K=%lld: buffer sizes overflow 64-bit integers",
                 (long long)p.m, (long long)p.n, (long long)p.k);
        return RG_EOVERFLOW;
    }
    /* Stored shapes: A is M x K (K x M when transposed), B is K x N (N x K); tight. */
    int64_t a_rows = p.ta == RG_NO_TRANS ? p.m : p.k, a_cols = p.ta == RG_NO_TRANS ? p.k : p.m;
    int64_t b_rows = p.tb == RG_NO_TRANS ? p.k : p.n, b_cols = p.tb == RG_NO_TRANS ? p.n : p.k;
    int row = p.layout == RG_ROW_MAJOR;
    p.lda = row ? a_cols : a_rows;
    p.ldb = row ? b_cols : b_rows;
    p.ldc = row ? p.n : p.m;
    *problem = rg__problem_copy(&p, sizeof p);
    return *problem ? 0 : RG_ENOMEM;
}

static int64_t gemm_set_bytes(const void *problem) {
    const rg_gemm_problem *p = problem;
    return rg__gemm_elem_bytes(p->dtype) * (p->a_elems + p->b_elems) +
           4 * p->c_elems * (p->beta != 0.0f ? 2 : 1) + 3 * 64;
}

/* docs/method.md: 2MNK multiply-adds (+ 2MN for beta*C + ...), compulsory traffic only. */
static void gemm_work(const void *problem, double *flops, double *bytes) {
    const rg_gemm_problem *p = problem;
    double m = (double)p->m, n = (double)p->n, k = (double)p->k;
    int acc = p->beta != 0.0f;
    *flops = 2.0 * m * n * k + (acc ? 2.0 * m * n : 0.0);
    *bytes =
        rg__gemm_elem_bytes(p->dtype) * (m * k + k * n) + 4.0 * m * n + (acc ? 4.0 * m * n : 0.0);
}

static void gemm_describe(const void *problem, rg_result *res) {
    const rg_gemm_problem *p = problem;
    rg_result_set_int(res, "M", p->m);
    rg_result_set_int(res, "N", p->n);
    rg_result_set_int(res, "K", p->k);
    rg_result_set_str(res, "transA", p->ta == RG_TRANS ? "T" : "N");
    rg_result_set_str(res, "transB", p->tb == RG_TRANS ? "T" : "N");
    if (p->layout == RG_COL_MAJOR) rg_result_set_str(res, "layout", "col");
    char v[24];
    if (p->alpha != 1.0f) {
        snprintf(v, sizeof v, "%.9g", (double)p->alpha);
        rg_result_set_str(res, "alpha", v);
    }
    if (p->beta != 0.0f) {
        snprintf(v, sizeof v, "%.9g", (double)p->beta);
        rg_result_set_str(res, "beta", v);
    }
    rg__gemm_lowp_describe(p, res);
    rg__params_record(res, p->desc, p->ndesc);
}

static void fill(float *x, int64_t n, uint64_t *rng) {
    for (int64_t i = 0; i < n; i++)
        x[i] = rg__rng_uniform_f32(rng);
}

static void gemm_set_free(void *set) {
    rg_gemm_set *s = set;
    if (!s) return;
    free(s->a);
    free(s->b);
    free(s->c);
    free(s->c0);
    rg__gemm_lowp_set_free(s);
    free(s);
}

static int gemm_set_alloc(const void *problem, uint64_t seed, rg_pages pages, const void *copy_from,
                          void **out) {
    const rg_gemm_problem *p = problem;
    const rg_gemm_set *src = copy_from;
    rg_gemm_set *s = calloc(1, sizeof *s);
    if (!s) return RG_ENOMEM;
    const int f32 = p->dtype != RG_GEMM_BF16 && p->dtype != RG_GEMM_I8; /* f16: floats too */
    if (f32) {
        s->a = rg__buf_alloc(p->a_elems * 4, pages);
        s->b = rg__buf_alloc(p->b_elems * 4, pages);
    } else if (rg__gemm_lowp_set_alloc(p, seed, pages, src, s)) {
        gemm_set_free(s);
        return RG_ENOMEM;
    }
    s->c = rg__buf_alloc(p->c_elems * 4, pages);
    int want_c0 = !src && p->beta != 0.0f;
    if (want_c0) s->c0 = rg__buf_alloc(p->c_elems * 4, pages);
    if ((f32 && (!s->a || !s->b)) || !s->c || (want_c0 && !s->c0)) {
        gemm_set_free(s);
        return RG_ENOMEM;
    }
    if (src) {
        if (f32) memcpy(s->a, src->a, (size_t)p->a_elems * sizeof(float));
        if (f32) memcpy(s->b, src->b, (size_t)p->b_elems * sizeof(float));
        memcpy(s->c, src->c0 ? src->c0 : src->c, (size_t)p->c_elems * sizeof(float));
    } else {
        uint64_t rng = seed;
        if (f32) fill(s->a, p->a_elems, &rng);
        if (f32) fill(s->b, p->b_elems, &rng);
        fill(s->c, p->c_elems, &rng);
        if (s->c0) memcpy(s->c0, s->c, (size_t)p->c_elems * sizeof(float));
    }
    *out = s;
    return 0;
}

static void gemm_set_reset(const void *problem, void *set) {
    const rg_gemm_problem *p = problem;
    rg_gemm_set *s = set;
    if (s->c0) memcpy(s->c, s->c0, (size_t)p->c_elems * sizeof(float));
}

static int gemm_verify(const void *problem, const void *set, uint64_t seed, double *max_rel_error,
                       double *tolerance, char *reason, size_t reasonlen) {
    const rg_gemm_problem *p = problem;
    const rg_gemm_set *s = set;
    if (p->dtype == RG_GEMM_BF16 || p->dtype == RG_GEMM_I8)
        return rg__gemm_lowp_verify(p, s, seed, max_rel_error, tolerance, reason, reasonlen);
    return rg__verify_sgemm(p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, s->a, p->lda, s->b,
                            p->ldb, p->beta, s->c0, s->c, p->ldc, seed, max_rel_error, tolerance,
                            reason, reasonlen);
}

const rg_op rg__op_gemm = {
    .name = "gemm",
    .default_axes = gemm_axes,
    .prepare = gemm_prepare,
    .destroy = free, /* problems are plain copies (rg__problem_copy) */
    .set_bytes = gemm_set_bytes,
    .work = gemm_work,
    .describe = gemm_describe,
    .set_alloc = gemm_set_alloc,
    .set_free = gemm_set_free,
    .set_reset = gemm_set_reset,
    .verify = gemm_verify,
};
