/* ceilings_peak.c: one compute peak: a probe's loop on 1 thread or on every thread of the pool
 * at once, timed between two barriers, repeated; the median rate is the ceiling. */
#include "ceilings.h"
#include "stats.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
    rg_pool *pool; /* NULL: thread 0 alone */
    rg_peak_probe probe;
    int64_t iters;  /* per thread */
    double seconds; /* written by thread 0 */
    atomic_int rc;
} peak_task;

static void peak_body(void *arg, int tid, int nthreads) {
    peak_task *t = arg;
    (void)nthreads;
    rg_pool_barrier(t->pool);
    double t0 = tid == 0 ? rg__now() : 0;
    int rc = rg_peak_run(t->probe, t->iters);
    rg_pool_barrier(t->pool);
    if (tid == 0) t->seconds = rg__now() - t0;
    if (rc) atomic_store(&t->rc, rc);
}

static int timed(peak_task *t) {
    atomic_store(&t->rc, 0);
    rg_pool_run(t->pool, peak_body, t);
    return atomic_load(&t->rc);
}

int rg__ceilings_peak(rg_harness *h, int threads, rg_peak_probe p, const rg__ceilings_plan *plan,
                      rg_ceiling *out) {
    rg_peak_info info;
    int rc = rg_peak_info_get(p, &info);
    if (rc) return rc;
    if (!rg_peak_supported(p)) return RG_EUNSUPPORTED;
    peak_task t = {.pool = threads > 1 ? h->pool : NULL, .probe = p, .iters = 1024};
    /* Grow the loop until it runs an eighth of a repetition (this also warms the core up),
     * then size it to one repetition. */
    for (;;) {
        if ((rc = timed(&t))) return rc;
        if (t.seconds >= plan->peak_rep_s / 8 || t.iters > (INT64_C(1) << 40)) break;
        t.iters *= 4;
    }
    t.iters = (int64_t)ceil((double)t.iters * plan->peak_rep_s / fmax(t.seconds, 1e-9));
    double rates[64];
    int reps = plan->reps < 64 ? plan->reps : 64;
    for (int r = 0; r < reps; r++) {
        if ((rc = timed(&t))) return rc;
        rates[r] = (double)t.iters * info.ops_per_iter * threads / t.seconds / 1e9;
    }
    rg_time_stats s;
    if ((rc = rg__stats_compute(rates, reps, &s))) return rc;
    *out = (rg_ceiling){.device = "cpu", .kind = "flops", .threads = threads};
    snprintf(out->name, sizeof out->name, "%s", info.precision);
    snprintf(out->method, sizeof out->method, "%s", info.method);
    snprintf(out->unit, sizeof out->unit, "%s", info.unit);
    out->value = s.median, out->p10 = s.p10, out->p90 = s.p90;
    return RG_OK;
}
