/* verify.c: checks a GEMM result against the double reference with a rigorous error bound. */
#include "harness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 4096
#define SAMPLED_ENTRIES 4096
#define FULL_CHECK_MAX_WORK 134217728.0 /* 2^27 multiply-adds */

/* gamma_n = n u / (1 - n u): the worst-case relative error of a length-n sum of products in
 * any order, with or without FMA (Higham, Accuracy and Stability, 3.1). */
static double gamma_n(double n, double u) {
    return n * u < 1 ? n * u / (1 - n * u) : INFINITY;
}

typedef struct {
    rg_layout layout;
    rg_trans ta, tb;
    int64_t m, n, k;
    float alpha, beta;
    const float *a, *b, *c0, *c;
    int64_t lda, ldb, ldc;
    double tol, max_err;
    char *reason;
    size_t reasonlen;
    int64_t ii[CHUNK], jj[CHUNK];
    double ref[CHUNK], mag[CHUNK];
    int count;
} check;

static float c_at(const check *x, int64_t i, int64_t j) {
    return x->layout == RG_ROW_MAJOR ? x->c[i * x->ldc + j] : x->c[j * x->ldc + i];
}
static double a_at(const check *x, int64_t i, int64_t p) {
    int rowwise = (x->layout == RG_ROW_MAJOR) != (x->ta == RG_TRANS);
    return rowwise ? x->a[i * x->lda + p] : x->a[p * x->lda + i];
}
static double b_at(const check *x, int64_t p, int64_t j) {
    int rowwise = (x->layout == RG_ROW_MAJOR) != (x->tb == RG_TRANS);
    return rowwise ? x->b[p * x->ldb + j] : x->b[j * x->ldb + p];
}
static double c0_at(const check *x, int64_t i, int64_t j) {
    return x->layout == RG_ROW_MAJOR ? x->c0[i * x->ldc + j] : x->c0[j * x->ldc + i];
}

/* Compares the queued entries with the reference; RG_EVERIFY on the first bad one. */
static int flush(check *x) {
    if (x->count == 0) return 0;
    int rc = rg_ref_sgemm_entries(x->layout, x->ta, x->tb, x->m, x->n, x->k, x->alpha, x->a, x->lda,
                                  x->b, x->ldb, x->beta, x->c0, x->ldc, x->count, x->ii, x->jj,
                                  x->ref, x->mag);
    int n = x->count;
    x->count = 0;
    if (rc) return rc;
    for (int t = 0; t < n; t++) {
        double v = c_at(x, x->ii[t], x->jj[t]), d = fabs(v - x->ref[t]);
        double rel = x->mag[t] > 0 ? d / x->mag[t] : (d == 0 ? 0 : INFINITY);
        if (isnan(rel)) rel = INFINITY;
        if (rel > x->max_err) x->max_err = rel;
        if (!(rel <= x->tol)) {
            snprintf(x->reason, x->reasonlen,
                     "C[%lld,%lld] = %.9g, reference %.9g: normalized error %.3g > tolerance %.3g",
                     (long long)x->ii[t], (long long)x->jj[t], v, x->ref[t], rel, x->tol);
            return RG_EVERIFY;
        }
    }
    return 0;
}

static int queue(check *x, int64_t i, int64_t j) {
    x->ii[x->count] = i;
    x->jj[x->count] = j;
    return ++x->count == CHUNK ? flush(x) : 0;
}

/* Every entry must be finite (NaN and Inf never pass). */
static int check_finite(check *x) {
    for (int64_t i = 0; i < x->m; i++)
        for (int64_t j = 0; j < x->n; j++)
            if (!isfinite(c_at(x, i, j))) {
                x->max_err = INFINITY;
                snprintf(x->reason, x->reasonlen, "C[%lld,%lld] = %g is not finite", (long long)i,
                         (long long)j, (double)c_at(x, i, j));
                return RG_EVERIFY;
            }
    return 0;
}

/* Freivalds-style projection: y = C t against z = alpha A (B t) + beta C0 t for a random +-1
 * vector t, in double. Since |t| = 1, |y - z|_i <= gamma * (|alpha| |A| (|B| 1) + |beta||C0| 1)_i,
 * the sum over row i of the per-entry bounds; rounding in double adds a negligible term. */
static int projection(check *x, uint64_t seed) {
    double *t = malloc((size_t)x->n * sizeof *t), *bt = malloc((size_t)x->k * sizeof *bt);
    double *babs = malloc((size_t)x->k * sizeof *babs);
    int rc = RG_ENOMEM;
    if (!t || !bt || !babs) goto done;
    uint64_t rng = seed ^ 0x5eed0f7e1dull;
    for (int64_t j = 0; j < x->n; j++)
        t[j] = (rg__rng_next(&rng) >> 63) ? 1.0 : -1.0;
    for (int64_t p = 0; p < x->k; p++) {
        double s = 0, sa = 0;
        for (int64_t j = 0; j < x->n; j++) {
            double v = b_at(x, p, j);
            s += v * t[j];
            sa += fabs(v);
        }
        bt[p] = s;
        babs[p] = sa;
    }
    double slack = gamma_n((double)(x->n + x->k + 4), 0x1p-53);
    rc = 0;
    for (int64_t i = 0; i < x->m && rc == 0; i++) {
        double z = 0, zmag = 0, y = 0, cz = 0, cmag = 0;
        for (int64_t p = 0; p < x->k; p++) {
            double v = a_at(x, i, p);
            z += v * bt[p];
            zmag += fabs(v) * babs[p];
        }
        for (int64_t j = 0; j < x->n; j++) {
            y += c_at(x, i, j) * t[j];
            if (x->beta != 0.0f) {
                cz += c0_at(x, i, j) * t[j];
                cmag += fabs(c0_at(x, i, j));
            }
        }
        z = (double)x->alpha * z + (double)x->beta * cz;
        zmag = fabs((double)x->alpha) * zmag + fabs((double)x->beta) * cmag;
        double d = fabs(y - z);
        double rel = zmag > 0 ? d / zmag : (d == 0 ? 0 : INFINITY);
        if (rel > x->max_err) x->max_err = rel;
        if (!(rel <= x->tol + slack)) {
            snprintf(x->reason, x->reasonlen,
                     "projection C t differs from A (B t) in row %lld: normalized error %.3g > "
                     "tolerance %.3g",
                     (long long)i, rel, x->tol);
            rc = RG_EVERIFY;
        }
    }
done:
    free(t);
    free(bt);
    free(babs);
    return rc;
}

int rg__verify_sgemm(rg_layout layout, rg_trans ta, rg_trans tb, int64_t m, int64_t n, int64_t k,
                     float alpha, const float *a, int64_t lda, const float *b, int64_t ldb,
                     float beta, const float *c0, const float *c, int64_t ldc, uint64_t seed,
                     double *max_rel_error, double *tolerance, char *reason, size_t reasonlen) {
    if (beta != 0.0f && !c0) return RG_EINVAL;
    check *x = calloc(1, sizeof *x);
    if (!x) return RG_ENOMEM;
    *x = (check){.layout = layout,
                 .ta = ta,
                 .tb = tb,
                 .m = m,
                 .n = n,
                 .k = k,
                 .alpha = alpha,
                 .beta = beta,
                 .a = a,
                 .b = b,
                 .c0 = c0,
                 .c = c,
                 .lda = lda,
                 .ldb = ldb,
                 .ldc = ldc,
                 .reason = reason,
                 .reasonlen = reasonlen};
    /* The float bound for a length-K dot product plus the alpha scaling and the beta term,
     * plus the (tiny) error of the double reference itself. */
    x->tol = gamma_n((double)k + 2, 0x1p-24) + gamma_n((double)k + 2, 0x1p-53);
    int rc = check_finite(x);
    if (rc == 0 && (double)m * (double)n * (double)k <= FULL_CHECK_MAX_WORK) {
        for (int64_t i = 0; i < m && rc == 0; i++)
            for (int64_t j = 0; j < n && rc == 0; j++)
                rc = queue(x, i, j);
    } else if (rc == 0) {
        /* Edges (first and last rows and columns), random entries, then a projection. */
        for (int64_t j = 0; j < n && rc == 0; j++)
            if ((rc = queue(x, 0, j)) == 0) rc = queue(x, m - 1, j);
        for (int64_t i = 0; i < m && rc == 0; i++)
            if ((rc = queue(x, i, 0)) == 0) rc = queue(x, i, n - 1);
        uint64_t rng = seed ^ 0xc0ffee;
        for (int s = 0; s < SAMPLED_ENTRIES && rc == 0; s++)
            rc = queue(x, (int64_t)(rg__rng_next(&rng) % (uint64_t)m),
                       (int64_t)(rg__rng_next(&rng) % (uint64_t)n));
        if (rc == 0) rc = flush(x);
        if (rc == 0) rc = projection(x, seed);
    }
    if (rc == 0) rc = flush(x);
    *max_rel_error = x->max_err;
    *tolerance = x->tol;
    free(x);
    return rc;
}
