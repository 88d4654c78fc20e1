/* plateau.c: memory levels from a bandwidth sweep. Steps (falls of the smoothed rate by at least
 * a set fraction within a set span of working sets) cut the sweep into stretches; neighbouring
 * stretches that differ by less than a step, or where the rate comes back up, are one level;
 * hwloc's capacities say which step is which cache's. The rule is in docs/method.md. */
#include "plateau.h"
#include "order_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ridge.h"
#include "stats.h"

#define MAXP RG_PLATEAU_MAX_POINTS
#define NCACHE 3

typedef struct {
    int first, last; /* points, inclusive */
} span;

/* A checked sweep, in the terms of the rule. */
typedef struct {
    const rg_sweep_point *pts;
    int n;
    double x[MAXP];    /* log2(bytes) */
    double s[MAXP];    /* ln(rate), smoothed by a running median of 3 */
    double fall;       /* ln(1 + step): the least fall of a step */
    double octaves;    /* the most octaves a step may take */
    int min_points;    /* of a level */
    double lc[NCACHE]; /* log2 of the known capacities */
    int ncache;        /* how many are known, from L1 up */
} sweep;

static double median3(double a, double b, double c) {
    return fmax(fmin(a, b), fmin(fmax(a, b), c));
}

/* The median of the points' rates over a span. */
static double rate(const sweep *sw, span r) {
    double v[MAXP];
    int n = r.last - r.first + 1;
    for (int k = 0; k < n; k++)
        v[k] = sw->pts[r.first + k].value;
    return rg__median_inplace(v, n);
}

static int check_points(const rg_sweep_point *pts, int n) {
    if (n < 0 || n > MAXP || (n > 0 && !pts)) return RG_EINVAL;
    for (int i = 0; i < n; i++) {
        if (pts[i].bytes <= 0 || !(pts[i].value > 0) || !isfinite(pts[i].value)) return RG_EINVAL;
        if (i > 0 && pts[i].bytes <= pts[i - 1].bytes) return RG_EINVAL;
    }
    return RG_OK;
}

/* The sweep in log-log, its rate smoothed: a running median of 3 removes a lone outlier; each
 * end takes Tukey's end-point rule (the median of the end, its neighbour, and the neighbour
 * extrapolated along the next two), so that a noisy last point does not look like a step. */
static void prepare(const rg_sweep_point *pts, int n, const rg__plateau_opts *o, sweep *sw) {
    sw->pts = pts, sw->n = n;
    double y[MAXP];
    for (int i = 0; i < n; i++)
        sw->x[i] = log2((double)pts[i].bytes), y[i] = log(pts[i].value);
    for (int i = 0; i < n; i++)
        sw->s[i] = i == 0 || i == n - 1 ? y[i] : median3(y[i - 1], y[i], y[i + 1]);
    if (n >= 4) {
        sw->s[0] = median3(y[0], sw->s[1], 3 * sw->s[1] - 2 * sw->s[2]);
        sw->s[n - 1] = median3(y[n - 1], sw->s[n - 2], 3 * sw->s[n - 2] - 2 * sw->s[n - 3]);
    }
    sw->fall = log1p(o && o->step > 0 ? o->step : RG_PLATEAU_STEP);
    sw->octaves = o && o->step_octaves > 0 ? o->step_octaves : RG_PLATEAU_STEP_OCTAVES;
    sw->min_points = o && o->min_points >= 2 ? o->min_points : 2;
    sw->ncache = 0;
    for (int m = 0; o && m < NCACHE && o->cache_bytes[m] > 0; m++) {
        if (m > 0 && o->cache_bytes[m] <= o->cache_bytes[m - 1]) break;
        sw->lc[m] = log2((double)o->cache_bytes[m]), sw->ncache = m + 1;
    }
}

/* Whether point k lies inside a step: within one step's span, a point before it is at least half
 * a step higher and a point after it at least half a step lower (so the fall through it is a
 * whole step). */
static int in_step(const sweep *sw, int k) {
    double h = sw->fall / 2, w = sw->octaves + 1e-9;
    for (int i = k - 1; i >= 0 && sw->x[k] - sw->x[i] <= w; i--) {
        if (sw->s[i] - sw->s[k] < h) continue;
        for (int j = k + 1; j < sw->n && sw->x[j] - sw->x[i] <= w; j++)
            if (sw->s[k] - sw->s[j] >= h) return 1;
    }
    return 0;
}

/* Whether a step falls between points k and k + 1, neither inside it (a sharp step): the rate
 * drops by half a step there, and a whole step's fall spans the gap. */
static int step_after(const sweep *sw, int k) {
    if (sw->s[k] - sw->s[k + 1] < sw->fall / 2) return 0;
    double w = sw->octaves + 1e-9;
    for (int i = k; i >= 0 && sw->x[k + 1] - sw->x[i] <= w; i--)
        for (int j = k + 1; j < sw->n && sw->x[j] - sw->x[i] <= w; j++)
            if (sw->s[i] - sw->s[j] >= sw->fall) return 1;
    return 0;
}

/* Whether stretch b, after a, comes back up to within half a step of a's rate: memory levels
 * only get slower with the working set, so the fall between them was a dip (the host's noise),
 * not a level. */
static int rises_back(const sweep *sw, span a, span b) {
    double top = sw->s[b.first];
    for (int k = b.first + 1; k <= b.last; k++)
        top = fmax(top, sw->s[k]);
    return top >= log(rate(sw, a)) - sw->fall / 2;
}

static int merge(span *r, int nr, int i) {
    r[i].last = r[i + 1].last;
    memmove(r + i + 1, r + i + 2, (size_t)(nr - i - 2) * sizeof *r);
    return nr - 1;
}

/* The stretches between steps, each with enough points, merged where two neighbours are one
 * level. Returns their count. */
static int stretches(const sweep *sw, span *r) {
    int nr = 0;
    unsigned char inside[MAXP];
    for (int k = 0; k < sw->n; k++)
        inside[k] = in_step(sw, k);
    for (int k = 0; k < sw->n; k++) {
        if (inside[k]) continue;
        int a = k;
        while (k + 1 < sw->n && !inside[k + 1] && !step_after(sw, k))
            k++;
        if (k - a + 1 >= sw->min_points) r[nr++] = (span){a, k};
    }
    /* The first points of a sweep pay the call overhead of passes over a few KiB: those that
     * read more than a step below their stretch's rate are not the level. */
    if (nr > 0 && r[0].first == 0) {
        double v = rate(sw, r[0]);
        while (r[0].last - r[0].first + 1 > sw->min_points &&
               log(v / sw->pts[r[0].first].value) > sw->fall)
            r[0].first++;
    }
    /* One level: a rate that rises back (first, so that a dip and the rest of its level join
     * before the dip can join a slower neighbour), or less than a step apart (closest first). */
    for (;;) {
        int best = -1;
        for (int i = 0; i + 1 < nr && best < 0; i++)
            if (rises_back(sw, r[i], r[i + 1])) best = i;
        double least = sw->fall;
        for (int i = 0; i + 1 < nr && best < 0; i++) {
            double d = log(rate(sw, r[i]) / rate(sw, r[i + 1]));
            if (d < least) least = d, best = i;
        }
        if (best < 0) break;
        nr = merge(r, nr, best);
    }
    return nr;
}

/* Where the smoothed rate crosses m (ln) between points a and b, in log2 bytes; the middle of
 * the gap when it never does. */
static double crossing(const sweep *sw, int a, int b, double m) {
    for (int k = a; k < b; k++) {
        double u = sw->s[k] - m, v = sw->s[k + 1] - m;
        if (u == 0) return sw->x[k];
        if ((u > 0) != (v > 0)) return sw->x[k] + u / (u - v) * (sw->x[k + 1] - sw->x[k]);
    }
    return 0.5 * (sw->x[a] + sw->x[b]);
}

/* The step between stretches a and b: where the rate crosses their geometric mean. */
static double step_at(const sweep *sw, span a, span b) {
    return crossing(sw, a.last, b.first, 0.5 * (log(rate(sw, a)) + log(rate(sw, b))));
}

/* Gives `keep` of the nb steps (positions b, log2 bytes) to distinct caches in order, at the
 * least total distance |b - log2 capacity|; cache[i] gets the cache of step i, -1 for a step
 * left out. */
static void attribute(const sweep *sw, const double *b, int nb, int keep, int *cache) {
    /* cost[i][j][c]: the least for steps i.. with caches j.. free and c steps still to keep. */
    static const double inf = INFINITY;
    double cost[MAXP + 1][NCACHE + 1][NCACHE + 1];
    int m = sw->ncache;
    for (int i = nb; i >= 0; i--)
        for (int j = 0; j <= m; j++)
            for (int c = 0; c <= keep; c++) {
                if (c == 0 || i == nb) {
                    cost[i][j][c] = c == 0 ? 0 : inf;
                    continue;
                }
                double best = cost[i + 1][j][c];
                for (int l = j; l < m; l++)
                    best = fmin(best, fabs(b[i] - sw->lc[l]) + cost[i + 1][l + 1][c - 1]);
                cost[i][j][c] = best;
            }
    for (int i = 0, j = 0, c = keep; i < nb; i++) {
        cache[i] = -1;
        for (int l = j; l < m && c > 0; l++)
            if (fabs(b[i] - sw->lc[l]) + cost[i + 1][l + 1][c - 1] <= cost[i][j][c] + 1e-12) {
                cache[i] = l;
                break;
            }
        if (cache[i] >= 0) j = cache[i] + 1, c--;
    }
}

/* The levels being built: the points each spans, its name, and the capacity it was split at
 * from the next one (0: a step in the data separates them). */
typedef struct {
    span at[RG_PLATEAU_MAX];
    char name[RG_PLATEAU_MAX][16];
    int64_t split[RG_PLATEAU_MAX];
    int count;
} levels;

static void add(levels *lv, span at, const char *name) {
    if (lv->count == RG_PLATEAU_MAX) return;
    lv->at[lv->count] = at, lv->split[lv->count] = 0;
    snprintf(lv->name[lv->count++], sizeof lv->name[0], "%s", name);
}

/* Names of level index l (0: L1... ncache: memory) for a span; memory is DRAM only where the
 * span reaches twice the last cache (data there cannot stay cached), or, as a stretch of its
 * own after the last cache's step, starts beyond it. */
static void level_name(const sweep *sw, const rg__plateau_opts *o, span at, int l, int whole,
                       char *name, size_t len) {
    int m = sw->ncache;
    if (l < m) {
        snprintf(name, len, "L%d", l + 1);
        return;
    }
    double llc = (double)o->cache_bytes[m - 1], lo = (double)sw->pts[at.first].bytes,
           hi = (double)sw->pts[at.last].bytes;
    if (hi >= 1.98 * llc || (whole && lo > llc)) /* 1.98: sizes are rounded */
        snprintf(name, len, "DRAM");
    else
        snprintf(name, len, "L%d", m + 1);
}

/* Stretch r holds the caches lo..hi (hi == ncache: memory). With one, it is that level; with
 * several (their steps are missing: no step in the data), it is cut at their capacities, each
 * piece a level of its own if it has enough points (and, for memory, is named DRAM); a piece
 * without joins the piece before it, or the one after it when it is the first. */
static void name_stretch(const sweep *sw, const rg__plateau_opts *o, span r, int lo, int hi,
                         levels *lv) {
    char name[16];
    int start = lv->count, a = r.first;
    for (int l = lo; l <= hi; l++) {
        int e = r.last;
        if (l < hi) {
            e = a - 1;
            while (e < r.last && sw->pts[e + 1].bytes <= o->cache_bytes[l])
                e++;
        }
        if (e < a) continue;
        span at = {a, e};
        level_name(sw, o, at, l, lo == hi, name, sizeof name);
        int ok = e - a + 1 >= sw->min_points && (l < sw->ncache || strcmp(name, "DRAM") == 0);
        if (ok && lv->count < RG_PLATEAU_MAX) {
            if (lv->count > start) lv->split[lv->count - 1] = o->cache_bytes[l - 1];
            add(lv, (span){lv->count > start ? a : r.first, e}, name);
        } else if (lv->count > start) {
            lv->at[lv->count - 1].last = e;
        }
        a = e + 1;
    }
    if (lv->count == start) { /* too short to cut: the lowest of its caches */
        level_name(sw, o, r, lo, 1, name, sizeof name);
        add(lv, r, name);
    }
}

/* The stretches as levels: at most one more than the known caches (the steps that best match
 * the capacities are kept), each step given to a cache, stretches without a step cut. Without
 * capacities, names are an order. */
static void name_levels(const sweep *sw, const rg__plateau_opts *o, span *r, int nr, levels *lv) {
    lv->count = 0;
    int m = sw->ncache;
    if (m == 0) {
        while (nr > RG_PLATEAU_MAX) { /* merge across the smallest step */
            int best = 0;
            for (int i = 1; i + 1 < nr; i++)
                if (rate(sw, r[i]) / rate(sw, r[i + 1]) < rate(sw, r[best]) / rate(sw, r[best + 1]))
                    best = i;
            nr = merge(r, nr, best);
        }
        for (int i = 0; i < nr; i++) {
            char name[16];
            snprintf(name, sizeof name, "L%d", i + 1);
            add(lv, r[i], name);
        }
        return;
    }
    /* A working set below half the L1d fits in it: a fall there is the host's noise or the call
     * overhead, not a level. */
    for (int i = 0; i + 1 < nr;)
        if (step_at(sw, r[i], r[i + 1]) < sw->lc[0] - 1)
            nr = merge(r, nr, i);
        else
            i++;
    double b[MAXP];
    int cache[MAXP];
    for (int i = 0; i + 1 < nr; i++)
        b[i] = step_at(sw, r[i], r[i + 1]);
    attribute(sw, b, nr - 1, nr - 1 < m ? nr - 1 : m, cache);
    for (int i = 0, lo = 0; i < nr; i++) {
        span at = r[i];
        while (i + 1 < nr && cache[i] < 0) /* a step left out: one stretch */
            at.last = r[++i].last;
        int hi = i + 1 < nr ? cache[i] : m;
        name_stretch(sw, o, at, lo, hi, lv);
        lo = hi + 1;
    }
}

/* The level's rate statistics over its points' values. */
static int fill(const rg_sweep_point *pts, span at, const char *name, rg__plateau *p) {
    double v[MAXP];
    int n = at.last - at.first + 1;
    for (int k = 0; k < n; k++)
        v[k] = pts[at.first + k].value;
    rg_time_stats s;
    int rc = rg__stats_compute(v, n, &s);
    if (rc) return rc;
    *p = (rg__plateau){.first = at.first,
                       .last = at.last,
                       .value = s.median,
                       .p10 = s.p10,
                       .p90 = s.p90,
                       .size_lo = pts[at.first].bytes,
                       .size_hi = pts[at.last].bytes};
    snprintf(p->level, sizeof p->level, "%s", name);
    return RG_OK;
}

int rg__plateau_detect(const rg_sweep_point *pts, int n, const rg__plateau_opts *opts,
                       rg__plateau_set *out) {
    if (!out) return RG_EINVAL;
    memset(out, 0, sizeof *out);
    int rc = check_points(pts, n);
    if (rc) return rc;
    sweep sw;
    prepare(pts, n, opts, &sw);
    span r[MAXP];
    int nr = stretches(&sw, r);
    if (nr == 0) return RG_OK;
    levels lv;
    name_levels(&sw, opts, r, nr, &lv);
    for (int i = 0; i < lv.count; i++) {
        if ((rc = fill(pts, lv.at[i], lv.name[i], &out->plateaus[i]))) return rc;
        if (i + 1 == lv.count) break;
        out->stepless[i] = lv.split[i] > 0;
        out->boundary[i] = lv.split[i] > 0
                               ? lv.split[i]
                               : (int64_t)llround(exp2(step_at(&sw, lv.at[i], lv.at[i + 1])));
    }
    out->count = lv.count;
    return RG_OK;
}

int rg__plateau_settled(const rg_sweep_point *pts, int n) {
    if (n < 1 || check_points(pts, n)) return 0;
    sweep sw;
    prepare(pts, n, NULL, &sw);
    span r[MAXP];
    int nr = stretches(&sw, r);
    /* The smoothing forgives a lone low last point; the sweep does not: one more point says
     * whether it was noise. */
    return nr > 0 && r[nr - 1].last == n - 1 &&
           sw.x[n - 1] - sw.x[r[nr - 1].first] >= RG_PLATEAU_SETTLED_OCTAVES - 1e-9 &&
           log(rate(&sw, r[nr - 1]) / pts[n - 1].value) < sw.fall;
}
