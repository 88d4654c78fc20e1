/* test_stats.c: quantiles, moments and the median's confidence interval of rg__stats. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../bench/stats.h"
#include "order_stats.h"
#include "ridge.h"

static rg_time_stats compute(const double *x, int64_t n) {
    rg_time_stats s;
    int rc = rg__stats_compute(x, n, &s);
    cr_assert_eq(rc, RG_OK, "rg__stats_compute(n=%lld) returned %d", (long long)n, rc);
    return s;
}

#define EXPECT_NEAR(got, want)                                                                     \
    do {                                                                                           \
        double g_ = (double)(got), w_ = (double)(want);                                            \
        cr_expect(fabs(g_ - w_) <= 1e-12 * fmax(1.0, fabs(w_)), "%s = %.17g, want %.17g", #got,    \
                  g_, w_);                                                                         \
    } while (0)

Test(stats, odd_n) {
    const double x[] = {5, 1, 4, 2, 3}; /* sorted 1 2 3 4 5 */
    rg_time_stats s = compute(x, 5);
    EXPECT_NEAR(s.min, 1);
    EXPECT_NEAR(s.median, 3);
    EXPECT_NEAR(s.mean, 3);
    EXPECT_NEAR(s.p10, 1.4); /* h = 0.4 */
    EXPECT_NEAR(s.p90, 4.6); /* h = 3.6 */
    EXPECT_NEAR(s.stddev, sqrt(2.5));
    cr_expect_eq(s.n, 5);
    /* n < 6: no rank reaches 95%, the honest interval is the whole range. */
    EXPECT_NEAR(s.ci_lo, 1);
    EXPECT_NEAR(s.ci_hi, 5);
}

Test(stats, even_n) {
    const double x[] = {4, 1, 3, 2}; /* sorted 1 2 3 4 */
    rg_time_stats s = compute(x, 4);
    EXPECT_NEAR(s.median, 2.5);
    EXPECT_NEAR(s.mean, 2.5);
    EXPECT_NEAR(s.p10, 1.3); /* h = 0.3 */
    EXPECT_NEAR(s.p90, 3.7); /* h = 2.7 */
    EXPECT_NEAR(s.stddev, sqrt(5.0 / 3.0));
}

Test(stats, duplicates) {
    const double x[] = {2, 2, 2, 7, 2, 2, 2};
    rg_time_stats s = compute(x, 7);
    EXPECT_NEAR(s.min, 2);
    EXPECT_NEAR(s.median, 2);
    EXPECT_NEAR(s.p90, 4); /* h = 5.4: 2 + 0.4 * (7 - 2) */
    EXPECT_NEAR(s.mean, 19.0 / 7.0);
    cr_expect(s.ci_lo <= s.median && s.median <= s.ci_hi);
}

Test(stats, one_sample) {
    const double x[] = {0.25};
    rg_time_stats s = compute(x, 1);
    EXPECT_NEAR(s.min, 0.25);
    EXPECT_NEAR(s.median, 0.25);
    EXPECT_NEAR(s.p10, 0.25);
    EXPECT_NEAR(s.p90, 0.25);
    EXPECT_NEAR(s.stddev, 0);
    EXPECT_NEAR(s.ci_lo, 0.25);
    EXPECT_NEAR(s.ci_hi, 0.25);
}

Test(stats, two_samples) {
    const double x[] = {3, 1};
    rg_time_stats s = compute(x, 2);
    EXPECT_NEAR(s.median, 2);
    EXPECT_NEAR(s.p10, 1.2);
    EXPECT_NEAR(s.p90, 2.8);
    EXPECT_NEAR(s.stddev, sqrt(2.0));
    EXPECT_NEAR(s.ci_lo, 1);
    EXPECT_NEAR(s.ci_hi, 3);
}

Test(stats, input_not_modified_and_bad_input) {
    double x[] = {3, 1, 2};
    rg_time_stats s;
    cr_assert_eq(rg__stats_compute(x, 3, &s), RG_OK);
    cr_expect(x[0] == 3 && x[1] == 1 && x[2] == 2, "samples were reordered");
    cr_expect_eq(rg__stats_compute(x, 0, &s), RG_EINVAL);
    cr_expect_eq(rg__stats_compute(NULL, 3, &s), RG_EINVAL);
    x[1] = NAN;
    cr_expect_eq(rg__stats_compute(x, 3, &s), RG_EINVAL);
}

/* Exact binomial ranks, checked against tables of the sign-test interval. */
Test(stats, ci_ranks_known) {
    cr_expect_eq(rg__median_ci_rank(5), 1);
    cr_expect_eq(rg__median_ci_rank(6), 1);  /* P(B <= 0) = 1/64 */
    cr_expect_eq(rg__median_ci_rank(8), 1);  /* P(B <= 1) = 9/256 > 0.025 */
    cr_expect_eq(rg__median_ci_rank(9), 2);  /* P(B <= 1) = 10/512 */
    cr_expect_eq(rg__median_ci_rank(10), 2); /* P(B <= 2) = 56/1024 > 0.025 */
    cr_expect_eq(rg__median_ci_rank(20), 6); /* P(B <= 5) = 0.0207, P(B <= 6) = 0.0577 */
    cr_expect_eq(rg__median_ci_rank(100), 40);
}

/* The normal approximation takes over without a jump at the switch. */
Test(stats, ci_rank_continuous_at_switch) {
    int64_t a = rg__median_ci_rank(1000), b = rg__median_ci_rank(1001);
    cr_expect(b == a || b == a + 1, "rank(1000) = %lld, rank(1001) = %lld", (long long)a,
              (long long)b);
    int64_t big = rg__median_ci_rank(1000000);
    cr_expect(big > 499000 && big < 499100, "rank(1e6) = %lld", (long long)big);
}

/* A deterministic pseudo-random series (LCG), so the test never flakes. */
static void fill(double *x, int64_t n, uint64_t seed) {
    for (int64_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = 1.0 + (double)(seed >> 11) / 9007199254740992.0;
    }
}

Test(stats, ci_contains_median_and_narrows) {
    double prev = INFINITY;
    const int64_t sizes[] = {6, 30, 300, 3000};
    for (size_t t = 0; t < sizeof(sizes) / sizeof(sizes[0]); t++) {
        int64_t n = sizes[t];
        double *x = malloc((size_t)n * sizeof(*x));
        cr_assert(x);
        fill(x, n, 42);
        rg_time_stats s = compute(x, n);
        cr_expect(s.ci_lo <= s.median && s.median <= s.ci_hi, "n=%lld: [%g, %g] vs %g",
                  (long long)n, s.ci_lo, s.ci_hi, s.median);
        double w = rg__stats_rel_ci(&s);
        cr_expect(w < prev, "n=%lld: relative CI %g did not narrow from %g", (long long)n, w, prev);
        prev = w;
        free(x);
    }
    cr_expect(prev < 0.02, "relative CI at n=3000 is %g", prev);
}

Test(stats, order_independent) {
    enum { N = 257 };
    double x[N], y[N];
    fill(x, N, 7);
    for (int i = 0; i < N; i++)
        y[i] = x[(i * 100) % N]; /* 100 is coprime to 257 */
    rg_time_stats a = compute(x, N), b = compute(y, N);
    cr_expect(a.min == b.min && a.median == b.median && a.p10 == b.p10 && a.p90 == b.p90 &&
              a.ci_lo == b.ci_lo && a.ci_hi == b.ci_hi && a.n == b.n);
    EXPECT_NEAR(a.mean, b.mean);
    EXPECT_NEAR(a.stddev, b.stddev);
}

Test(stats, rel_ci) {
    rg_time_stats s = {.median = 2.0, .ci_lo = 1.9, .ci_hi = 2.1};
    EXPECT_NEAR(rg__stats_rel_ci(&s), 0.05);
    s.median = 0;
    cr_expect(isinf(rg__stats_rel_ci(&s)));
}
