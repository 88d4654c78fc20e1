/* ceilings_sweep.c: one point of a bandwidth sweep. Each thread streams over its own slice
 * (allocated and first-touched by that thread, so that it sits in the thread's NUMA node);
 * passes repeat until a repetition lasts long enough, timed between two barriers. */
#include "ceilings.h"
#include "stats.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct rg__sweep_buffers {
    int threads;
    int64_t slice_bytes; /* of each thread */
    rg_pages pages;
    float *slice[RG_PIN_MAX_THREADS];
    atomic_int rc;
};

static rg_pool *group(rg_harness *h, int threads) {
    return threads > 1 ? h->pool : NULL;
}

/* Each thread replaces its slice by a new one of slice_bytes, written once (first touch). */
static void alloc_body(void *arg, int tid, int nthreads) {
    rg__sweep_buffers *b = arg;
    (void)nthreads;
    free(b->slice[tid]);
    b->slice[tid] = rg__buf_alloc(b->slice_bytes, b->pages);
    if (!b->slice[tid]) {
        atomic_store(&b->rc, RG_ENOMEM);
        return;
    }
    int64_t n = b->slice_bytes / (int64_t)sizeof(float);
    for (int64_t i = 0; i < n; i++)
        b->slice[tid][i] = 1.0f;
}

static int grow(rg_harness *h, rg__sweep_buffers *b, int64_t slice_bytes) {
    b->slice_bytes = (slice_bytes + 4095) / 4096 * 4096;
    atomic_store(&b->rc, 0);
    rg_pool_run(group(h, b->threads), alloc_body, b);
    return atomic_load(&b->rc);
}

int rg__sweep_buffers_create(rg_harness *h, int threads, int64_t max_bytes,
                             rg__sweep_buffers **out) {
    rg__sweep_buffers *b = calloc(1, sizeof *b);
    if (!b) return RG_ENOMEM;
    b->threads = threads;
    b->pages = h->opts.pages;
    int rc = grow(h, b, max_bytes / threads);
    if (rc) {
        rg__sweep_buffers_destroy(b);
        return rc;
    }
    *out = b;
    return RG_OK;
}

void rg__sweep_buffers_destroy(rg__sweep_buffers *b) {
    if (!b) return;
    for (int i = 0; i < b->threads; i++)
        free(b->slice[i]);
    free(b);
}

typedef struct {
    rg_pool *pool;
    const rg__sweep_buffers *b;
    rg_bw_kernel kernel;
    int64_t n;      /* elements per thread */
    int64_t passes; /* per repetition */
    double seconds; /* written by thread 0 */
    atomic_int rc;
} bw_task;

static void bw_body(void *arg, int tid, int nthreads) {
    bw_task *t = arg;
    (void)nthreads;
    /* The kernel's arrays one after the other in the thread's slice. */
    float *a = t->b->slice[tid], *b = a + t->n, *c = b + t->n, sink = 0;
    int rc = 0;
    rg_pool_barrier(t->pool);
    double t0 = tid == 0 ? rg__now() : 0;
    for (int64_t p = 0; p < t->passes && rc == 0; p++)
        rc = rg_bw_run(t->kernel, RG_ISA_AUTO, a, b, c, t->n, 0.5f, &sink);
    rg_pool_barrier(t->pool);
    if (tid == 0) t->seconds = rg__now() - t0;
    if (rc) atomic_store(&t->rc, rc);
    volatile float keep = sink; /* the read kernel's sum is used: its loads cannot go */
    (void)keep;
}

static int timed(bw_task *t) {
    atomic_store(&t->rc, 0);
    rg_pool_run(t->pool, bw_body, t);
    return atomic_load(&t->rc);
}

int rg__sweep_point_measure(rg_harness *h, rg__sweep_buffers *b, rg_bw_kernel k, int64_t bytes,
                            const rg__ceilings_plan *plan, rg_sweep_point *out) {
    int bpe = rg_bw_bytes_per_elem(k);
    if (bpe <= 0 || bytes <= 0) return RG_EINVAL;
    /* STREAM counting: bpe bytes per element are exactly the kernel's arrays, so the working
     * set is n * bpe per thread. The kernels take whole blocks of 64 elements. */
    int64_t n = llround((double)bytes / b->threads / bpe / 64) * 64;
    if (n < 64) n = 64;
    int rc;
    if (n * bpe > b->slice_bytes && (rc = grow(h, b, n * bpe * 3 / 2))) return rc;
    bw_task t = {.pool = group(h, b->threads), .b = b, .kernel = k, .n = n, .passes = 1};
    for (;;) {
        if ((rc = timed(&t))) return rc;
        if (t.seconds >= plan->point_rep_s / 8 || t.passes > (INT64_C(1) << 40)) break;
        t.passes *= 4;
    }
    t.passes = (int64_t)ceil((double)t.passes * plan->point_rep_s / fmax(t.seconds, 1e-9));
    double rates[64], moved = (double)n * bpe * b->threads;
    int reps = plan->reps < 64 ? plan->reps : 64;
    for (int r = 0; r < reps; r++) {
        if ((rc = timed(&t))) return rc;
        rates[r] = moved * (double)t.passes / t.seconds / 1e9;
    }
    rg_time_stats s;
    if ((rc = rg__stats_compute(rates, reps, &s))) return rc;
    *out = (rg_sweep_point){.bytes = (int64_t)moved, .value = s.median, .p10 = s.p10, .p90 = s.p90};
    return RG_OK;
}
