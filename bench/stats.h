/* stats.h: summary statistics of timed repetitions (internal to the harness). */
#ifndef RG_STATS_H
#define RG_STATS_H

#include <stdint.h>

#include "results.h"

/* Fills *out from n samples (seconds). samples is not modified: a sorted copy is used.
 *  - min, mean; stddev is the sample standard deviation (n - 1; 0 when n == 1).
 *  - median, p10, p90: linear interpolation between order statistics (Hyndman-Fan type 7,
 *    the default of R and NumPy): q(p) = x[h] + (h - floor h) (x[h+1] - x[h]), h = (n-1)p,
 *    0-based on the sorted samples.
 *  - ci_lo, ci_hi (rank from rg__median_ci_rank, order_stats.h): a distribution-free confidence
 * interval of the median of at least 95% coverage, [x_(l), x_(n+1-l)] (1-based order statistics),
 * with l the largest rank such that P(B <= l - 1) <= 0.025 for B ~ Binomial(n, 1/2). The binomial
 * is exact for n <= 1000 and its normal approximation above. For n < 6 no rank reaches 95%, and the
 *    interval is [min, max] (coverage 1 - 2^(1-n) only): wide, so never mistaken for tight.
 * Returns 0, RG_EINVAL (n < 1, NULL, or a NaN sample) or RG_ENOMEM. */
int rg__stats_compute(const double *samples, int64_t n, rg_time_stats *out);

/* Relative half-width of the median's CI: (ci_hi - ci_lo) / (2 median); INFINITY when the
 * median is not positive. */
double rg__stats_rel_ci(const rg_time_stats *s);

#endif /* RG_STATS_H */
