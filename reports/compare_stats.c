/* compare_stats.c: ratio of medians and its percentile bootstrap interval, independent or
 * paired. */
#include "compare_stats.h"

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

static void swap(double *a, double *b) {
    double t = *a;
    *a = *b;
    *b = t;
}

/* Moves the k-th smallest of x[0..n) to x[k], smaller ones before it (Hoare's select). */
static void select_kth(double *x, int64_t n, int64_t k) {
    int64_t lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = x[lo + (hi - lo) / 2];
        int64_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < pivot)
                i++;
            while (x[j] > pivot)
                j--;
            if (i <= j) swap(&x[i++], &x[j--]);
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return;
    }
}

double rg_compare_median(double *x, int64_t n) {
    if (n < 1) return NAN;
    int64_t k = n / 2;
    select_kth(x, n, k);
    if (n % 2) return x[k];
    double below = x[0]; /* the largest of x[0..k), all <= x[k] after the select */
    for (int64_t i = 1; i < k; i++)
        if (x[i] > below) below = x[i];
    return 0.5 * (below + x[k]);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile p of sorted x[0..n): linear between order statistics (type 7, as bench/stats.c). */
static double quantile_sorted(const double *x, int64_t n, double p) {
    double h = (double)(n - 1) * p;
    int64_t i = (int64_t)floor(h);
    if (i >= n - 1) return x[n - 1];
    return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
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
    return rg_compare_median(scratch, n);
}

/* The interval from the sorted bootstrap distribution. */
static void finish(double *boot, double ratio, int64_t n, rg_compare_interval *out) {
    qsort(boot, RG_COMPARE_RESAMPLES, sizeof *boot, cmp_double);
    double tail = (1.0 - RG_COMPARE_CONFIDENCE) / 2.0;
    *out = (rg_compare_interval){.ratio = ratio,
                                 .lo = quantile_sorted(boot, RG_COMPARE_RESAMPLES, tail),
                                 .hi = quantile_sorted(boot, RG_COMPARE_RESAMPLES, 1.0 - tail),
                                 .n = n};
}

int rg_compare_ratio_independent(const double *base, int64_t nbase, const double *nw, int64_t nnew,
                                 rg_compare_interval *out) {
    if (!out || !valid(base, nbase) || !valid(nw, nnew)) return RG_EINVAL;
    int64_t nmax = nbase > nnew ? nbase : nnew;
    double *scratch = malloc((size_t)nmax * sizeof *scratch);
    double *boot = malloc(RG_COMPARE_RESAMPLES * sizeof *boot);
    if (!scratch || !boot) {
        free(scratch);
        free(boot);
        return RG_ENOMEM;
    }
    for (int64_t i = 0; i < nbase; i++)
        scratch[i] = base[i];
    double mb = rg_compare_median(scratch, nbase);
    for (int64_t i = 0; i < nnew; i++)
        scratch[i] = nw[i];
    double mn = rg_compare_median(scratch, nnew);
    uint64_t state = RG_COMPARE_SEED;
    for (int r = 0; r < RG_COMPARE_RESAMPLES; r++) {
        double b = resample_median(base, nbase, scratch, &state);
        boot[r] = resample_median(nw, nnew, scratch, &state) / b;
    }
    finish(boot, mn / mb, nbase < nnew ? nbase : nnew, out);
    free(scratch);
    free(boot);
    return RG_OK;
}

/* The 1-based rank l of the sign-test interval [x_(l), x_(n+1-l)] of a median: the largest l
 * with P(B <= l - 1) <= (1 - confidence) / 2, B ~ Binomial(n, 1/2); 1 when none reaches it
 * (n < 6 at 95%: the interval is then [min, max]). The binomial is summed in logs, exact. */
static int64_t sign_rank(int64_t n) {
    double tail = (1.0 - RG_COMPARE_CONFIDENCE) / 2.0, cdf = 0;
    int64_t l = 1;
    for (int64_t k = 0; k <= n / 2; k++) {
        cdf += exp(lgamma((double)n + 1) - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) -
                   (double)n * log(2.0));
        if (cdf > tail) break;
        l = k + 1; /* P(B <= l - 1) <= tail */
    }
    return l < (n + 1) / 2 ? l : (n + 1) / 2;
}

int rg_compare_ratio_paired(const double *base, const double *nw, int64_t n,
                            rg_compare_interval *out) {
    if (!out || !valid(base, n) || !valid(nw, n)) return RG_EINVAL;
    double *q = malloc((size_t)n * sizeof *q);
    if (!q) return RG_ENOMEM;
    for (int64_t i = 0; i < n; i++)
        q[i] = nw[i] / base[i];
    double ratio = rg_compare_median(q, n);
    qsort(q, (size_t)n, sizeof *q, cmp_double);
    int64_t l = sign_rank(n);
    *out = (rg_compare_interval){.ratio = ratio, .lo = q[l - 1], .hi = q[n - l], .n = n};
    free(q);
    return RG_OK;
}
