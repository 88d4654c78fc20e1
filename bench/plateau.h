/* plateau.h: finds the memory levels in a bandwidth sweep (the stretches between the steps where
 * the rate falls) and names them. A pure function over sweep points; the rule is in
 * docs/method.md. */
#ifndef RG_PLATEAU_H
#define RG_PLATEAU_H

#include <stdint.h>

#include "results.h"

#define RG_PLATEAU_MAX_POINTS 256   /* a sweep longer than this is refused (RG_EINVAL) */
#define RG_PLATEAU_MAX 8            /* levels reported at most (without capacities to cap them) */
#define RG_PLATEAU_STEP 0.12        /* a step: the rate falls by at least 12%... */
#define RG_PLATEAU_STEP_OCTAVES 1.5 /* ...within 1.5 octaves of working set */
#define RG_PLATEAU_SETTLED_OCTAVES 1.0 /* rg__plateau_settled: the last level seen this long */

typedef struct {
    double step;         /* relative fall that makes a step; 0: RG_PLATEAU_STEP */
    double step_octaves; /* the widest a step may be; 0: RG_PLATEAU_STEP_OCTAVES */
    int min_points;      /* points a level needs; 0: 2 */
    /* Capacities of L1, L2, L3 for the threads swept, as hwloc says (L1d and L2 per core times
     * the threads, L3 in total); 0 unknown. They are used from L1 up to the first unknown (or
     * not larger) one: to tell which step is which cache's, to cap the levels at one more than
     * the caches, to split a stretch that holds a cache without a step, and for names. */
    int64_t cache_bytes[3];
} rg__plateau_opts;

typedef struct {
    int first, last;          /* the points it spans, inclusive */
    double value, p10, p90;   /* median and 10th/90th percentiles of those points' rates */
    int64_t size_lo, size_hi; /* bytes of its first and last point */
    char level[16];           /* "L1", "L2", "L3", "L4"..., or "DRAM" */
} rg__plateau;

typedef struct {
    rg__plateau plateaus[RG_PLATEAU_MAX];
    int count;
    /* boundary[i]: the effective capacity of level i: the working set (bytes) where the rate
     * crosses the geometric mean of levels i and i + 1, interpolated in log-log. Where the sweep
     * has no step there (stepless[i], a stretch split at a cache's capacity), hwloc's capacity.
     * count - 1 of them. */
    int64_t boundary[RG_PLATEAU_MAX];
    unsigned char stepless[RG_PLATEAU_MAX];
} rg__plateau_set;

/* Finds the levels of n points (bytes strictly increasing, rates > 0), in order of working
 * set, as docs/method.md ("Levels") describes. Too few points, or no stretch between steps,
 * gives count 0 (not an error). opts may be NULL (defaults, no capacities: names are an order).
 * Returns 0, or RG_EINVAL for bad points or n above RG_PLATEAU_MAX_POINTS. */
int rg__plateau_detect(const rg_sweep_point *pts, int n, const rg__plateau_opts *opts,
                       rg__plateau_set *out);

/* Whether a sweep has seen its largest level: the last stretch between steps (found as
 * rg__plateau_detect finds them, with default options) reaches the last point and spans at
 * least RG_PLATEAU_SETTLED_OCTAVES. A sweep goes on until it has. 0 for bad points. */
int rg__plateau_settled(const rg_sweep_point *pts, int n);

#endif /* RG_PLATEAU_H */
