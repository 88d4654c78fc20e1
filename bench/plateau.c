/* plateau.c: memory levels from a bandwidth sweep. The log of the rate is cut into the fewest
 * runs that each fit a band of +-tol; runs keep their flat core (edge points leaning towards a
 * neighbouring level belong to the step), and a core with enough points and little slope is a
 * plateau. Adjacent plateaus closer than the band are one sloped level. */
#include "plateau.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"
#include "stats.h"

#define MAXP RG_PLATEAU_MAX_POINTS

typedef struct {
    int first, last; /* points, inclusive */
    double median;   /* of ln(rate) */
} run;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(const double *y, int first, int last) {
    double s[MAXP];
    int n = last - first + 1;
    memcpy(s, y + first, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

static double deviation(const double *y, int first, int last) {
    double m = median_of(y, first, last), d = 0;
    for (int k = first; k <= last; k++)
        d += fabs(y[k] - m);
    return d;
}

/* The fewest runs whose ln(rate) spans at most `band`, and among those the one with the least
 * total deviation from each run's median (so cuts fall on the drops). Returns the run count. */
static int partition(const double *y, int n, double band, run *runs) {
    int count[MAXP + 1], prev[MAXP + 1];
    double cost[MAXP + 1];
    count[0] = 0, cost[0] = 0, prev[0] = 0;
    for (int j = 1; j <= n; j++) {
        count[j] = n + 1;
        double lo = y[j - 1], hi = y[j - 1];
        for (int i = j - 1; i >= 0; i--) {
            lo = fmin(lo, y[i]), hi = fmax(hi, y[i]);
            if (hi - lo > band) break;
            int c = count[i] + 1;
            double d = cost[i] + deviation(y, i, j - 1);
            if (c < count[j] || (c == count[j] && d < cost[j] - 1e-12))
                count[j] = c, cost[j] = d, prev[j] = i;
        }
    }
    int nr = count[n];
    for (int j = n, r = nr - 1; j > 0; j = prev[j], r--)
        runs[r] = (run){prev[j], j - 1, median_of(y, prev[j], j - 1)};
    return nr;
}

static int sign(double v) {
    return (v > 0) - (v < 0);
}

/* Drops edge points that lean towards the neighbouring run by more than half the tolerance:
 * they are the start of the step, not the level. Keeps at least min_points. */
static void trim(const double *y, run *runs, int nr, int r, double h, int min_points) {
    run *u = &runs[r];
    for (int changed = 1; changed && u->last - u->first + 1 > min_points;) {
        changed = 0;
        if (r + 1 < nr) {
            double rest = median_of(y, u->first, u->last - 1), d = y[u->last] - rest;
            if (fabs(d) > h / 2 && sign(d) == sign(runs[r + 1].median - u->median))
                u->last--, changed = 1;
        }
        if (!changed && r > 0) {
            double rest = median_of(y, u->first + 1, u->last), d = y[u->first] - rest;
            if (fabs(d) > h / 2 && sign(d) == sign(runs[r - 1].median - u->median))
                u->first++, changed = 1;
        }
    }
}

/* Least-squares slope of y over x[first..last]. */
static double slope(const double *x, const double *y, int first, int last) {
    int n = last - first + 1;
    double mx = 0, my = 0, sxx = 0, sxy = 0;
    for (int k = first; k <= last; k++)
        mx += x[k], my += y[k];
    mx /= n, my /= n;
    for (int k = first; k <= last; k++)
        sxx += (x[k] - mx) * (x[k] - mx), sxy += (x[k] - mx) * (y[k] - my);
    return sxx > 0 ? sxy / sxx : 0;
}

/* Where ln(rate) crosses the mid-level m between points a and b (log2 bytes); the geometric
 * middle of the gap when it never does (a noisy step). */
static double crossing(const double *x, const double *y, int a, int b, double m) {
    for (int k = a; k < b; k++) {
        double u = y[k] - m, v = y[k + 1] - m;
        if (u == 0) return x[k];
        if (sign(u) != sign(v)) return x[k] + u / (u - v) * (x[k + 1] - x[k]);
    }
    return 0.5 * (x[a] + x[b]);
}

/* Whether a plateau at ln-level a ending at point `end` and one at b starting at `start` are one
 * level: the levels are within the band and so is every point between them (a noise spike cut
 * the run, not a step). */
static int same_level(const double *y, int end, int start, double a, double b, double band) {
    if (fabs(a - b) > band) return 0;
    for (int k = end + 1; k < start; k++)
        if (fabs(y[k] - 0.5 * (a + b)) > band) return 0;
    return 1;
}

static int check_points(const rg_sweep_point *pts, int n) {
    if (n < 0 || n > MAXP || (n > 0 && !pts)) return RG_EINVAL;
    for (int i = 0; i < n; i++) {
        if (pts[i].bytes <= 0 || !(pts[i].value > 0) || !isfinite(pts[i].value)) return RG_EINVAL;
        if (i > 0 && pts[i].bytes <= pts[i - 1].bytes) return RG_EINVAL;
    }
    return RG_OK;
}

/* The plateau's rate statistics over its points' values. */
static int fill(const rg_sweep_point *pts, rg__plateau *p) {
    double v[MAXP];
    int n = p->last - p->first + 1;
    for (int k = 0; k < n; k++)
        v[k] = pts[p->first + k].value;
    rg_time_stats s;
    int rc = rg__stats_compute(v, n, &s);
    if (rc) return rc;
    p->value = s.median, p->p10 = s.p10, p->p90 = s.p90;
    p->size_lo = pts[p->first].bytes, p->size_hi = pts[p->last].bytes;
    return RG_OK;
}

int rg__plateau_detect(const rg_sweep_point *pts, int n, const rg__plateau_opts *opts,
                       rg__plateau_set *out) {
    if (!out) return RG_EINVAL;
    memset(out, 0, sizeof *out);
    int rc = check_points(pts, n);
    if (rc) return rc;
    rg__plateau_opts o = opts ? *opts : (rg__plateau_opts){0};
    if (!(o.tol > 0)) o.tol = 0.12;
    if (o.min_points < 2) o.min_points = 3;
    if (!(o.min_octaves > 0)) o.min_octaves = 0.75;
    if (!(o.max_slope > 0)) o.max_slope = 0.2;
    if (n < o.min_points) return RG_OK;

    double x[MAXP], y[MAXP];
    for (int i = 0; i < n; i++)
        x[i] = log2((double)pts[i].bytes), y[i] = log(pts[i].value);
    double h = log1p(o.tol);
    run runs[MAXP];
    int nr = partition(y, n, 2 * h, runs);

    /* Plateaus: flat cores with enough points; a neighbour closer than the band is the same
     * level, sloping (it was cut only because the whole exceeded the band). */
    rg__plateau *p = out->plateaus;
    int np = 0;
    double last_median = 0;
    for (int r = 0; r < nr; r++) {
        trim(y, runs, nr, r, h, o.min_points);
        run u = runs[r];
        if (u.last - u.first + 1 < o.min_points || x[u.last] - x[u.first] < o.min_octaves - 1e-9)
            continue;
        if (fabs(slope(x, y, u.first, u.last)) > o.max_slope) continue;
        double m = median_of(y, u.first, u.last);
        if (np > 0 && same_level(y, p[np - 1].last, u.first, last_median, m, 2 * h)) {
            p[np - 1].last = u.last;
            last_median = median_of(y, p[np - 1].first, u.last);
        } else if (np < RG_PLATEAU_MAX) {
            p[np++] = (rg__plateau){.first = u.first, .last = u.last};
            last_median = m;
        } else {
            break;
        }
    }
    for (int i = 0; i < np; i++)
        if ((rc = fill(pts, &p[i]))) return rc;

    /* Names from the smallest working set up; the largest level is memory when it reaches
     * well past the last-level cache (data there cannot be cached). */
    for (int i = 0; i < np; i++)
        snprintf(p[i].level, sizeof p[i].level, "L%d", i + 1);
    if (np > 0 && o.llc_bytes > 0 && p[np - 1].size_hi >= 2 * o.llc_bytes)
        snprintf(p[np - 1].level, sizeof p[np - 1].level, "DRAM");
    for (int i = 0; i + 1 < np; i++) {
        double m = 0.5 * (log(p[i].value) + log(p[i + 1].value));
        out->boundary[i] = (int64_t)llround(exp2(crossing(x, y, p[i].last, p[i + 1].first, m)));
    }
    out->count = np;
    return RG_OK;
}
