/* compare_stats.h: the ratio NEW/BASE of two timed cases with a confidence interval, from their
 * raw samples (docs/compare.md says which method and why). Pure functions: no I/O. */
#ifndef RG_COMPARE_STATS_H
#define RG_COMPARE_STATS_H

#include <stdint.h>

/* Fewest samples (or pairs) either side needs for an interval; below it there is none. */
#define RG_COMPARE_MIN_SAMPLES 5
/* Bootstrap resamples and seed: fixed, so the same files always give the same output. At
 * least RG_COMPARE_RESAMPLES, and enough that each tail of the interval holds
 * RG_COMPARE_TAIL_RESAMPLES of them (a Bonferroni-corrected 99.8% interval needs about
 * 10000), at most RG_COMPARE_MAX_RESAMPLES. */
#define RG_COMPARE_RESAMPLES 2000
#define RG_COMPARE_TAIL_RESAMPLES 20
#define RG_COMPARE_MAX_RESAMPLES 50000
#define RG_COMPARE_SEED 0x7269646765ull
/* The family-wise false-alarm rate of the gate by default: each case's interval is taken at
 * confidence 1 - alpha / m over the m cases compared (Bonferroni), so that an A/A comparison
 * of m cases fails with probability at most alpha, not m times it. */
#define RG_COMPARE_DEFAULT_ALPHA 0.05

/* ratio: the point estimate; lo, hi: its confidence interval; n: the samples (pairs) used. */
typedef struct {
    double ratio, lo, hi;
    int64_t n;
} rg_compare_interval;

/* Two independent sample sets: ratio = median(new) / median(base); the interval is the
 * percentile bootstrap of that ratio, each side resampled on its own. Returns 0, RG_EINVAL
 * (fewer than RG_COMPARE_MIN_SAMPLES either side, a sample not positive and finite) or
 * RG_ENOMEM. */
int rg_compare_ratio_independent(const double *base, int64_t nbase, const double *nw, int64_t nnew,
                                 double confidence, rg_compare_interval *out);

/* The bootstrap resamples taken for an interval at this two-sided confidence. */
int rg_compare_resamples(double confidence);

/* Paired samples (base[i] and nw[i] measured back to back): ratio = median of nw[i]/base[i];
 * the interval is the sign test's distribution-free interval of that median, order statistics
 * [q_(l), q_(n+1-l)] of the ratios with binomial coverage of at least 95% (n >= 6; for
 * n = 5, [min, max]: 94%), the rank from rg__median_ci_rank (order_stats.h: exact up to
 * 1000 pairs, the normal approximation above). No resampling: exact for the few pairs ridge
 * ab gives. Returns as
 * rg_compare_ratio_independent. */
int rg_compare_ratio_paired(const double *base, const double *nw, int64_t n, double confidence,
                            rg_compare_interval *out);

#endif /* RG_COMPARE_STATS_H */
