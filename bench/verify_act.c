/* verify_act.c: checks activation, softmax and norm outputs against the double references. */
#include "case_act.h"
#include "case_attention.h" /* rg__f32_from_bf16 */

#include <float.h>
#include <math.h>
#include <stdlib.h>

/* Up to this many elements everything is checked; above, a sample (the reference's erfc and
 * exp cost about 50 ns an element). */
#define FULL_CHECK_MAX_ELEMS ((int64_t)1 << 22)
#define SAMPLED_ELEMS ((int64_t)1 << 20)
#define SAMPLED_ROWS 256
#define EDGE_ELEMS 4096

static const double u32 = 5.9604644775390625e-08; /* 2^-24: fp32's unit roundoff */
static const double u16 = 3.90625e-03;            /* 2^-8: bf16's */

static float load(const rg_act_problem *p, const void *v, int64_t i) {
    return p->dtype == RG_ACT_BF16 ? rg__f32_from_bf16(((const uint16_t *)v)[i])
                                   : ((const float *)v)[i];
}

/* |x f'(x) / f(x)|: how many ulps of output one ulp of input moves (central difference). */
static double condition(rg_act a, double x, double fx) {
    if (fabs(fx) < 1e-300 || x == 0.0 || !isfinite(x)) return 0.0; /* not a double denormal */
    const double h = 1.0 / 1048576.0;
    double lo, hi;
    rg_ref_act(a, x * (1.0 - h), &lo);
    rg_ref_act(a, x * (1.0 + h), &hi);
    return fabs((hi - lo) / (2.0 * h * fx));
}

/* The activations are x * gate(x): an error of GATE_FLOOR * tol in the gate itself is accepted
 * however small the output, so that the plain definition (0.5 x (1 + erf(x / sqrt 2)) in float,
 * which cancels in the negative tail, as PyTorch's) passes; ridge's own accuracy is measured
 * in ulps by tests/test_activations.c instead. */
#define GATE_FLOOR 0.25

/* One element: its error scaled by (1 + condition) |ref| + |x| GATE_FLOOR against the output's
 * unit roundoff; fails on NaN mismatches and on wrong infinities. */
static int check_elem(const rg_act_problem *p, rg_act a, int64_t i, float x, float y, double tol,
                      double *worst, char *reason, size_t reasonlen) {
    double ref;
    rg_ref_act(a, x, &ref);
    double err;
    if (isnan(ref) || isnan(y))
        err = isnan(ref) == isnan((double)y) ? 0.0 : INFINITY;
    else if (isinf(ref) || fabs(ref) > FLT_MAX)
        err = (double)y == ref || (isinf(y) && (y > 0) == (ref > 0)) ? 0.0 : INFINITY;
    else
        err = fabs((double)y - ref) /
              (fmax(fabs(ref), FLT_MIN) * (1.0 + condition(a, x, ref)) + fabs(x) * GATE_FLOOR);
    if (err > *worst) *worst = err;
    if (!(err <= tol)) {
        snprintf(reason, reasonlen,
                 "%s: y[%lld] = %.9g for x = %.9g, reference %.9g (scaled error %.3g > %.3g)",
                 rg__act_op_name(p->kind), (long long)i, (double)y, (double)x, ref, err, tol);
        return RG_EVERIFY;
    }
    return 0;
}

static int verify_elementwise(const rg_act_problem *p, const rg_act_set *s, uint64_t seed,
                              double tol, double *worst, char *reason, size_t reasonlen) {
    rg_act a = rg__act_elementwise(p->kind);
    int64_t n = p->elems;
    int full = n <= FULL_CHECK_MAX_ELEMS;
    int64_t count = full ? n : 2 * EDGE_ELEMS + SAMPLED_ELEMS;
    uint64_t rng = seed ^ 0x5eed5eedULL;
    for (int64_t t = 0; t < count; t++) {
        int64_t i = full || t < EDGE_ELEMS ? t
                    : t < 2 * EDGE_ELEMS   ? n - 2 * EDGE_ELEMS + t
                                           : (int64_t)(rg__rng_next(&rng) % (uint64_t)n);
        int rc =
            check_elem(p, a, i, load(p, s->x, i), load(p, s->y, i), tol, worst, reason, reasonlen);
        if (rc) return rc;
    }
    return 0;
}

/* One row of a row op: softmax and rmsnorm relative per element (no cancellation in them),
 * layernorm relative to the row's largest output (x - mean and + b cancel). */
static int check_row(const rg_act_problem *p, const rg_act_set *s, int64_t r, float *xr,
                     double *ref, double tol, double *worst, char *reason, size_t reasonlen) {
    const int64_t n = p->cols;
    for (int64_t j = 0; j < n; j++)
        xr[j] = load(p, s->x, r * n + j);
    if (p->kind == RG_ACT_OP_SOFTMAX)
        rg_ref_softmax_row(n, xr, ref);
    else if (p->kind == RG_ACT_OP_RMSNORM)
        rg_ref_rmsnorm_row(n, xr, s->w, p->eps, ref);
    else
        rg_ref_layernorm_row(n, xr, s->w, s->b, p->eps, ref);
    double scale = 0.0;
    for (int64_t j = 0; j < n; j++)
        scale = fmax(scale, fabs(ref[j]));
    for (int64_t j = 0; j < n; j++) {
        float y = load(p, s->y, r * n + j);
        double den = p->kind == RG_ACT_OP_LAYERNORM ? scale : fabs(ref[j]);
        double err = fabs((double)y - ref[j]) / fmax(den, FLT_MIN);
        if (isnan(err) && isnan(ref[j]) && isnan(y)) err = 0.0;
        if (err > *worst) *worst = err;
        if (!(err <= tol)) {
            snprintf(reason, reasonlen,
                     "%s: y[%lld, %lld] = %.9g, reference %.9g (relative error %.3g > %.3g)",
                     rg__act_op_name(p->kind), (long long)r, (long long)j, (double)y, ref[j], err,
                     tol);
            return RG_EVERIFY;
        }
    }
    return 0;
}

static int verify_rows(const rg_act_problem *p, const rg_act_set *s, uint64_t seed, double tol,
                       double *worst, char *reason, size_t reasonlen) {
    float *xr = malloc((size_t)p->cols * sizeof *xr);
    double *ref = malloc((size_t)p->cols * sizeof *ref);
    int rc = xr && ref ? 0 : RG_ENOMEM;
    int full = p->elems <= FULL_CHECK_MAX_ELEMS || p->rows <= SAMPLED_ROWS + 2;
    int64_t count = full ? p->rows : SAMPLED_ROWS + 2;
    uint64_t rng = seed ^ 0x0a11c0ffeeULL;
    for (int64_t t = 0; t < count && rc == 0; t++) {
        int64_t r = full     ? t
                    : t == 0 ? 0
                    : t == 1 ? p->rows - 1
                             : (int64_t)(rg__rng_next(&rng) % (uint64_t)p->rows);
        rc = check_row(p, s, r, xr, ref, tol, worst, reason, reasonlen);
    }
    free(xr);
    free(ref);
    return rc;
}

int rg__verify_act(const rg_act_problem *p, const rg_act_set *s, uint64_t seed,
                   double *max_rel_error, double *tolerance, char *reason, size_t reasonlen) {
    const double u = p->dtype == RG_ACT_BF16 ? u16 : u32;
    double tol, worst = 0.0;
    int rc;
    if (p->kind == RG_ACT_OP_SOFTMAX || p->kind == RG_ACT_OP_RMSNORM ||
        p->kind == RG_ACT_OP_LAYERNORM) {
        /* Rounding of the output, plus the fp32 reductions over cols (random-walk growth with
         * a wide margin) and softmax's exp(x - max) of arguments up to 16 in magnitude. */
        tol = 2.0 * u + u32 * (32.0 + 4.0 * sqrt((double)p->cols));
        rc = verify_rows(p, s, seed, tol, &worst, reason, reasonlen);
    } else {
        /* ridge's vector math is within 8 ulp where the condition number is small (docs); in
         * the tails one ulp of input moves the output by the condition number. */
        tol = p->dtype == RG_ACT_BF16 ? 2.0 * u : 8.0 * 2.0 * u;
        rc = verify_elementwise(p, s, seed, tol, &worst, reason, reasonlen);
    }
    *max_rel_error = worst;
    *tolerance = tol;
    return rc;
}
