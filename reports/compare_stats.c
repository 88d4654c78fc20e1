/* compare_stats.c: ratio of medians and its percentile bootstrap interval, independent or
 * paired. */
#include "compare_stats.h"
#include "order_stats.h"

#include <math.h>
#include <stdlib.h>

#include "ridge.h"

/* splitmix64: a tiny seeded generator (the harness has its own; reports never include it). */
static uint64_t next_random(uint64_t *state) {
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A uniform index in [0, n): the top 53 bits scaled (bias far below the bootstrap's own). */
static int64_t random_index(uint64_t *state, int64_t n) {
    double u = (double)(next_random(state) >> 11) * 0x1p-53;
    int64_t i = (int64_t)(u * (double)n);
    return i < n ? i : n - 1;
}

static int valid(const double *x, int64_t n) {
    if (!x || n < RG_COMPARE_MIN_SAMPLES) return 0;
    for (int64_t i = 0; i < n; i++)
        if (!(x[i] > 0) || !isfinite(x[i])) return 0;
    return 1;
}

/* The median of n values drawn with replacement from x, using scratch[0..n). */
static double resample_median(const double *x, int64_t n, double *scratch, uint64_t *state) {
    for (int64_t i = 0; i < n; i++)
        scratch[i] = x[random_index(state, n)];
    return rg__median_inplace(scratch, n);
}

static int valid_confidence(double confidence) {
    return confidence >= 0.5 && confidence < 1.0;
}

int rg_compare_resamples(double confidence) {
    double tail = (1.0 - confidence) / 2.0, want = ceil(RG_COMPARE_TAIL_RESAMPLES / tail);
    if (want < RG_COMPARE_RESAMPLES) return RG_COMPARE_RESAMPLES;
    return want > RG_COMPARE_MAX_RESAMPLES ? RG_COMPARE_MAX_RESAMPLES : (int)want;
}

/* The interval from the sorted bootstrap distribution. */
static void finish(double *boot, int nboot, double confidence, double ratio, int64_t n,
                   rg_compare_interval *out) {
    qsort(boot, (size_t)nboot, sizeof *boot, rg__cmp_double);
    double tail = (1.0 - confidence) / 2.0;
    *out = (rg_compare_interval){.ratio = ratio,
                                 .lo = rg__quantile_sorted(boot, nboot, tail),
                                 .hi = rg__quantile_sorted(boot, nboot, 1.0 - tail),
                                 .n = n};
}

int rg_compare_ratio_independent(const double *base, int64_t nbase, const double *nw, int64_t nnew,
                                 double confidence, rg_compare_interval *out) {
    if (!out || !valid(base, nbase) || !valid(nw, nnew) || !valid_confidence(confidence))
        return RG_EINVAL;
    int64_t nmax = nbase > nnew ? nbase : nnew;
    int nboot = rg_compare_resamples(confidence);
    double *scratch = malloc((size_t)nmax * sizeof *scratch);
    double *boot = malloc((size_t)nboot * sizeof *boot);
    if (!scratch || !boot) {
        free(scratch);
        free(boot);
        return RG_ENOMEM;
    }
    for (int64_t i = 0; i < nbase; i++)
        scratch[i] = base[i];
    double mb = rg__median_inplace(scratch, nbase);
    for (int64_t i = 0; i < nnew; i++)
        scratch[i] = nw[i];
    double mn = rg__median_inplace(scratch, nnew);
    uint64_t state = RG_COMPARE_SEED;
    for (int r = 0; r < nboot; r++) {
        double b = resample_median(base, nbase, scratch, &state);
        boot[r] = resample_median(nw, nnew, scratch, &state) / b;
    }
    finish(boot, nboot, confidence, mn / mb, nbase < nnew ? nbase : nnew, out);
    free(scratch);
    free(boot);
    return RG_OK;
}

int rg_compare_ratio_paired(const double *base, const double *nw, int64_t n, double confidence,
                            rg_compare_interval *out) {
    if (!out || !valid(base, n) || !valid(nw, n) || !valid_confidence(confidence)) return RG_EINVAL;
    double *q = malloc((size_t)n * sizeof *q);
    if (!q) return RG_ENOMEM;
    for (int64_t i = 0; i < n; i++)
        q[i] = nw[i] / base[i];
    double ratio = rg__median_inplace(q, n);
    qsort(q, (size_t)n, sizeof *q, rg__cmp_double);
    int64_t l = rg__median_ci_rank_tail(n, (1.0 - confidence) / 2.0);
    *out = (rg_compare_interval){.ratio = ratio, .lo = q[l - 1], .hi = q[n - l], .n = n};
    free(q);
    return RG_OK;
}
