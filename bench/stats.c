/* stats.c: order statistics, moments and the median's confidence interval of samples. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "order_stats.h"
#include "ridge.h"

int rg__stats_compute(const double *samples, int64_t n, rg_time_stats *out) {
    if (!samples || !out || n < 1) return RG_EINVAL;
    for (int64_t i = 0; i < n; i++)
        if (isnan(samples[i])) return RG_EINVAL;
    double *x = malloc((size_t)n * sizeof(*x));
    if (!x) return RG_ENOMEM;
    memcpy(x, samples, (size_t)n * sizeof(*x));
    qsort(x, (size_t)n, sizeof(*x), rg__cmp_double);

    rg_time_stats s = {0};
    s.n = n;
    s.min = x[0];
    s.median = rg__quantile_sorted(x, n, 0.5);
    s.p10 = rg__quantile_sorted(x, n, 0.1);
    s.p90 = rg__quantile_sorted(x, n, 0.9);
    /* Two passes: the mean first, then squared deviations from it (no cancellation). */
    double sum = 0;
    for (int64_t i = 0; i < n; i++)
        sum += x[i];
    s.mean = sum / (double)n;
    double ss = 0;
    for (int64_t i = 0; i < n; i++)
        ss += (x[i] - s.mean) * (x[i] - s.mean);
    s.stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
    int64_t l = rg__median_ci_rank(n);
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
