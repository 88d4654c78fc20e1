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

/* The least-squares line through points first..last: y = my + slope (x - mx). */
typedef struct {
    double mx, my, slope;
} line;

static line fit(const double *x, const double *y, int first, int last) {
    int n = last - first + 1;
    line l = {0, 0, 0};
    for (int k = first; k <= last; k++)
        l.mx += x[k], l.my += y[k];
    l.mx /= n, l.my /= n;
    double sxx = 0, sxy = 0;
    for (int k = first; k <= last; k++)
        sxx += (x[k] - l.mx) * (x[k] - l.mx), sxy += (x[k] - l.mx) * (y[k] - l.my);
    l.slope = sxx > 0 ? sxy / sxx : 0;
    return l;
}

static double at(line l, double x) {
    return l.my + l.slope * (x - l.mx);
}

/* Drops edge points that lean towards the neighbouring run by more than half the tolerance off
 * the line through the rest: they are the start of the step, not the level (a level that slopes
 * keeps its ends). Keeps at least min_points. */
static void trim(const double *x, const double *y, run *runs, int nr, int r, double h,
                 int min_points) {
    run *u = &runs[r];
    for (int changed = 1; changed && u->last - u->first + 1 > min_points;) {
        changed = 0;
        if (r + 1 < nr) {
            double d = y[u->last] - at(fit(x, y, u->first, u->last - 1), x[u->last]);
            if (fabs(d) > h / 2 && sign(d) == sign(runs[r + 1].median - u->median))
                u->last--, changed = 1;
        }
        if (!changed && r > 0) {
            double d = y[u->first] - at(fit(x, y, u->first + 1, u->last), x[u->first]);
            if (fabs(d) > h / 2 && sign(d) == sign(runs[r - 1].median - u->median))
                u->first++, changed = 1;
        }
    }
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

/* Whether plateaus a (points a_first..end) and b (start..b_last) are one level, so that a step
 * needs more than noise on either side: either their medians are within the band (b is the
 * shoulder of a step, or noise cut a run), or one line, no steeper than max_slope, passes within
 * h of all their points (the level slopes). A gap of one or two points between them may be a
 * noise spike and is ignored; a longer gap must itself stay within the band or on the line. */
static int same_level(const double *x, const double *y, int a_first, int end, int start, int b_last,
                      double h, double max_slope) {
    double xs[MAXP], ys[MAXP];
    int m = 0, spike = start - end - 1 <= 2;
    for (int k = a_first; k <= b_last; k++)
        if (!(spike && k > end && k < start)) xs[m] = x[k], ys[m++] = y[k];
    double ma = median_of(y, a_first, end), mb = median_of(y, start, b_last);
    int banded = fabs(ma - mb) <= 2 * h;
    for (int k = end + 1; k < start && banded && !spike; k++)
        banded = fabs(y[k] - 0.5 * (ma + mb)) <= 2 * h;
    if (banded) return 1;
    line l = fit(xs, ys, 0, m - 1);
    if (fabs(l.slope) > max_slope) return 0;
    for (int k = 0; k < m; k++)
        if (fabs(ys[k] - at(l, xs[k])) > h) return 0;
    return 1;
}

/* The tolerance this sweep's noise calls for: 3 sigma of ln(rate), sigma estimated from the
 * median absolute second difference (which a step or a steady slope barely moves; for Gaussian
 * noise it is 0.6745 sqrt(6) sigma), kept within 5%..20%. */
static double noise_tol(const double *y, int n) {
    double d[MAXP];
    int m = 0;
    for (int i = 1; i + 1 < n; i++)
        d[m++] = fabs(y[i + 1] - 2 * y[i] + y[i - 1]);
    double sigma = m ? median_of(d, 0, m - 1) / (0.6745 * sqrt(6.0)) : 0;
    return fmin(fmax(3 * sigma, 0.05), 0.20);
}

/* A plateau candidate: a checked flat run, and the tolerance (ln) it was cut with. */
typedef struct {
    int first, last;
    double h;
} cand;

/* Cuts points first..last into flat runs with tolerance h and appends to c those that keep,
 * once trimmed, enough points over enough octaves with little slope. Returns the new count. */
static int candidates(const double *x, const double *y, int first, int last, double h,
                      const rg__plateau_opts *o, cand *c, int nc) {
    run runs[MAXP];
    int nr = partition(y + first, last - first + 1, 2 * h, runs);
    for (int r = 0; r < nr; r++)
        runs[r].first += first, runs[r].last += first;
    for (int r = 0; r < nr; r++) {
        trim(x, y, runs, nr, r, h, o->min_points);
        run u = runs[r];
        if (u.last - u.first + 1 < o->min_points || x[u.last] - x[u.first] < o->min_octaves - 1e-9)
            continue;
        if (fabs(fit(x, y, u.first, u.last).slope) > o->max_slope) continue;
        c[nc++] = (cand){u.first, u.last, h};
    }
    return nc;
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
    if (o.min_points < 2) o.min_points = 3;
    if (!(o.min_octaves > 0)) o.min_octaves = 0.75;
    if (!(o.max_slope > 0)) o.max_slope = 0.2;
    if (n < o.min_points) return RG_OK;

    double x[MAXP], y[MAXP];
    for (int i = 0; i < n; i++)
        x[i] = log2((double)pts[i].bytes), y[i] = log(pts[i].value);
    int adaptive = !(o.tol > 0);
    if (adaptive) o.tol = noise_tol(y, n);
    out->tol = o.tol;
    double h = log1p(o.tol);
    cand c[MAXP];
    int nc = candidates(x, y, 0, n - 1, h, &o, c, 0);
    /* Beyond the last plateau, a long stretch may be noisier than the sweep as a whole (memory
     * often is, on a shared host): look at it again with its own noise. */
    int tail = nc ? c[nc - 1].last + 1 : 0;
    if (adaptive && n - tail >= 2 * o.min_points && x[n - 1] - x[tail] >= 2.0) {
        double ht = log1p(noise_tol(y + tail, n - tail));
        if (ht > h) nc = candidates(x, y, tail, n - 1, ht, &o, c, nc);
    }

    /* A candidate that continues the previous plateau (within the band, or on its line) is the
     * same level: it was cut only because the whole exceeded the band. */
    rg__plateau *p = out->plateaus;
    double ph = 0;
    int np = 0;
    for (int i = 0; i < nc; i++) {
        double hh = fmax(ph, c[i].h);
        if (np > 0 && same_level(x, y, p[np - 1].first, p[np - 1].last, c[i].first, c[i].last, hh,
                                 o.max_slope)) {
            p[np - 1].last = c[i].last, ph = hh;
        } else if (np < RG_PLATEAU_MAX) {
            p[np++] = (rg__plateau){.first = c[i].first, .last = c[i].last};
            ph = c[i].h;
        }
    }
    for (int i = 0; i < np; i++)
        if ((rc = fill(pts, &p[i]))) return rc;

    /* Names from the smallest working set up. A plateau that starts beyond a level's capacity
     * is not that level: its own plateau was missed (noise, or no step). The largest plateau is
     * memory when it reaches twice the last-level cache (data there cannot stay cached) or
     * starts beyond it. */
    for (int i = 0, level = 0; i < np; i++, level++) {
        while (level < 3 && o.cache_bytes[level] > 0 && p[i].size_lo >= o.cache_bytes[level])
            level++;
        snprintf(p[i].level, sizeof p[i].level, "L%d", level + 1);
    }
    double llc = (double)o.cache_bytes[2];
    if (np > 0 && llc > 0 &&
        ((double)p[np - 1].size_hi >= 1.98 * llc || (double)p[np - 1].size_lo > llc))
        snprintf(p[np - 1].level, sizeof p[np - 1].level, "DRAM"); /* 1.98: sizes are rounded */
    for (int i = 0; i + 1 < np; i++) {
        double m = 0.5 * (log(p[i].value) + log(p[i + 1].value));
        out->boundary[i] = (int64_t)llround(exp2(crossing(x, y, p[i].last, p[i + 1].first, m)));
    }
    out->count = np;
    return RG_OK;
}

int rg__plateau_still_falling(const rg_sweep_point *pts, int n, int per_octave) {
    if (!pts || per_octave < 1 || n < per_octave + 1 || n > MAXP) return 1;
    double y[MAXP];
    for (int i = n - 1 - per_octave; i < n - 1; i++)
        y[i] = pts[i].value;
    return pts[n - 1].value * (1 + RG_PLATEAU_FALL) < median_of(y, n - 1 - per_octave, n - 2);
}
