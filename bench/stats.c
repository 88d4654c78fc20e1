/* stats.c: order statistics, moments and the median's confidence interval of samples. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"

/* Above this many samples the binomial ranks come from the normal approximation. */
#define EXACT_MAX 1000

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Type 7 quantile of sorted x[0..n-1]. */
static double quantile(const double *x, int64_t n, double p) {
    double h = (double)(n - 1) * p;
    int64_t lo = (int64_t)floor(h);
    if (lo >= n - 1) return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

int64_t rg__stats_ci_rank(int64_t n) {
    if (n < 1) return 1;
    int64_t l = 0; /* largest l with P(B <= l - 1) <= 0.025; 0 when none */
    if (n <= EXACT_MAX) {
        /* Cumulate the pmf in log space: 2^-n underflows long before n = 1000. */
        double cdf = 0, lg_n1 = lgamma((double)n + 1);
        for (int64_t k = 0; k <= n / 2; k++) {
            cdf += exp(lg_n1 - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) -
                       (double)n * M_LN2);
            if (cdf > 0.025) break;
            l = k + 1;
        }
    } else {
        /* P(B <= l - 1) ~ Phi((l - 1/2 - n/2) / (sqrt(n) / 2)), with continuity correction. */
        l = (int64_t)floor((double)n / 2.0 + 0.5 - 1.959963984540054 * sqrt((double)n) / 2.0);
    }
    return l < 1 ? 1 : l;
}

int rg__stats_compute(const double *samples, int64_t n, rg_time_stats *out) {
    if (!samples || !out || n < 1) return RG_EINVAL;
    for (int64_t i = 0; i < n; i++)
        if (isnan(samples[i])) return RG_EINVAL;
    double *x = malloc((size_t)n * sizeof(*x));
    if (!x) return RG_ENOMEM;
    memcpy(x, samples, (size_t)n * sizeof(*x));
    qsort(x, (size_t)n, sizeof(*x), cmp_double);

    rg_time_stats s = {0};
    s.n = n;
    s.min = x[0];
    s.median = quantile(x, n, 0.5);
    s.p10 = quantile(x, n, 0.1);
    s.p90 = quantile(x, n, 0.9);
    /* Two passes: the mean first, then squared deviations from it (no cancellation). */
    double sum = 0;
    for (int64_t i = 0; i < n; i++)
        sum += x[i];
    s.mean = sum / (double)n;
    double ss = 0;
    for (int64_t i = 0; i < n; i++)
        ss += (x[i] - s.mean) * (x[i] - s.mean);
    s.stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
    int64_t l = rg__stats_ci_rank(n);
    s.ci_lo = x[l - 1];
    s.ci_hi = x[n - l];
    free(x);
    *out = s;
    return RG_OK;
}

double rg__stats_rel_ci(const rg_time_stats *s) {
    if (!s || !(s->median > 0)) return INFINITY;
    return (s->ci_hi - s->ci_lo) / (2.0 * s->median);
}
