/* order_stats.c: sorting, type-7 quantiles and the median's confidence rank. */
#include "order_stats.h"

#include <math.h>

/* Above this many samples the binomial rank comes from the normal approximation. */
#define EXACT_MAX 1000

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

double rg__median_inplace(double *x, int64_t n) {
    if (n < 1) return NAN;
    int64_t k = n / 2;
    select_kth(x, n, k);
    if (n % 2) return x[k];
    double below = x[0]; /* the largest of x[0..k), all <= x[k] after the select */
    for (int64_t i = 1; i < k; i++)
        if (x[i] > below) below = x[i];
    return 0.5 * (below + x[k]);
}

int rg__cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double rg__quantile_sorted(const double *x, int64_t n, double p) {
    double h = (double)(n - 1) * p;
    int64_t lo = (int64_t)floor(h);
    if (lo >= n - 1) return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

/* The standard normal quantile at 1 - tail (0 < tail < 1/2), by bisection on erfc: only the
 * compare gate's corrected tails need it, and only once per comparison. */
static double normal_upper_quantile(double tail) {
    if (tail == 0.025) return 1.959963984540054;
    double lo = 0, hi = 40;
    for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if (0.5 * erfc(mid / M_SQRT2) > tail)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

int64_t rg__median_ci_rank_tail(int64_t n, double tail) {
    if (n < 1 || !(tail > 0)) return 1;
    if (tail > 0.5) tail = 0.5;
    int64_t l = 0; /* largest l with P(B <= l - 1) <= tail; 0 when none */
    if (n <= EXACT_MAX) {
        /* Cumulate the pmf in log space: 2^-n underflows long before n = 1000. */
        double cdf = 0, lg_n1 = lgamma((double)n + 1);
        for (int64_t k = 0; k <= n / 2; k++) {
            cdf += exp(lg_n1 - lgamma((double)k + 1) - lgamma((double)(n - k) + 1) -
                       (double)n * M_LN2);
            if (cdf > tail) break;
            l = k + 1;
        }
    } else {
        /* P(B <= l - 1) ~ Phi((l - 1/2 - n/2) / (sqrt(n) / 2)), with continuity correction. */
        l = (int64_t)floor((double)n / 2.0 + 0.5 -
                           normal_upper_quantile(tail) * sqrt((double)n) / 2.0);
    }
    return l < 1 ? 1 : l;
}

int64_t rg__median_ci_rank(int64_t n) {
    return rg__median_ci_rank_tail(n, 0.025);
}
