/* plateau.h: finds the memory levels in a bandwidth sweep (flat runs of the rate between drops)
 * and names them. A pure function over sweep points; the rule is in docs/method.md. */
#ifndef RG_PLATEAU_H
#define RG_PLATEAU_H

#include <stdint.h>

#include "results.h"

#define RG_PLATEAU_MAX_POINTS 256 /* a sweep longer than this is refused (RG_EINVAL) */
#define RG_PLATEAU_MAX 8          /* plateaus reported at most (the smallest working sets) */
#define RG_PLATEAU_FALL 0.10      /* rg__plateau_still_falling: a fall of more than 10% */

typedef struct {
    /* A run is flat when max/min of its rates <= (1 + tol)^2. 0: from the sweep's own noise,
     * 3 robust standard deviations of ln(rate) (from second differences), within 5%..20%. */
    double tol;
    int min_points;     /* points a plateau needs (after trimming its edges); 0: 3 */
    double min_octaves; /* and the working-set span, log2(last / first bytes); 0: 0.75 */
    double max_slope;   /* |fitted d ln(rate) / d log2(bytes)| a plateau may have; 0: 0.2 */
    /* Capacities of L1, L2, L3 for the threads swept, as hwloc says (L1d and L2 per core times
     * the threads, L3 in total); 0 unknown. Names only: see rg__plateau_detect. */
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
    double tol; /* the tolerance used */
    /* boundary[i]: working set (bytes) where the rate crosses the geometric mean of plateaus i
     * and i + 1, interpolated in log-log: the effective capacity of level i. count - 1 of them. */
    int64_t boundary[RG_PLATEAU_MAX];
} rg__plateau_set;

/* Finds the plateaus of n points (bytes strictly increasing, rates > 0), in order of working
 * set, and names them from the smallest up: each takes the next cache level, skipping a level
 * whose capacity it starts beyond (that level's plateau was not found); the largest is "DRAM"
 * when it reaches twice the L3 capacity or starts beyond it. Fewer than min_points points, or no
 * flat run, gives count 0 (not an error). opts may be NULL (defaults). Returns 0, or RG_EINVAL for
 * bad points or n above RG_PLATEAU_MAX_POINTS. */
int rg__plateau_detect(const rg_sweep_point *pts, int n, const rg__plateau_opts *opts,
                       rg__plateau_set *out);

/* Whether the rate still falls at the end of a sweep: its last point is more than
 * RG_PLATEAU_FALL below the median of the octave before it (per_octave points). A sweep is
 * extended until it does not, so that its largest level is seen flat. 1 when there are too few
 * points to tell. */
int rg__plateau_still_falling(const rg_sweep_point *pts, int n, int per_octave);

#endif /* RG_PLATEAU_H */
