/* order_stats.h: the order statistics that the harness's timing statistics (bench/stats.c),
 * the regression gate (compare_stats.c) and the plateau rule (bench/plateau.c) share. */
#ifndef RG_ORDER_STATS_H
#define RG_ORDER_STATS_H

#include <stdint.h>

/* Median of x[0..n) (the mean of the two middle values for even n, as the type-7 quantile at
 * 0.5), by selection in expected O(n); reorders x. NaN for n < 1. */
double rg__median_inplace(double *x, int64_t n);

/* qsort comparator for doubles (ascending; no NaN expected). */
int rg__cmp_double(const void *a, const void *b);

/* Quantile p of sorted x[0..n), linear between order statistics (Hyndman-Fan type 7, the
 * default of R and NumPy): x[h] + (h - floor h) (x[h+1] - x[h]), h = (n - 1) p, 0-based. */
double rg__quantile_sorted(const double *x, int64_t n, double p);

/* The 1-based rank l of a distribution-free 95% confidence interval of a median from n
 * samples, [x_(l), x_(n+1-l)]: the largest l with P(B <= l - 1) <= 0.025 for
 * B ~ Binomial(n, 1/2) (the sign test's interval), 1 when none reaches it (n < 6). Exact for
 * n <= 1000 (the pmf summed in logs), the normal approximation with continuity correction
 * above (the harness recomputes it while sampling, so it must stay cheap). */
int64_t rg__median_ci_rank(int64_t n);

/* The same at another confidence: the largest l with P(B <= l - 1) <= tail (the one-sided
 * tail, (1 - confidence) / 2), 1 when none reaches it. */
int64_t rg__median_ci_rank_tail(int64_t n, double tail);

#endif /* RG_ORDER_STATS_H */
