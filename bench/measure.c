/* measure.c: one case of one implementation: run, verify, warm up, then timed repetitions. */
#include "harness.h"
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#define WARMUP_MIN_S 0.1
#define BATCH_BELOW_S 20e-6   /* calls shorter than this are batched... */
#define BATCH_SAMPLE_S 100e-6 /* ...into samples about this long */
#define MAX_BATCH 10000
#define MIN_SAMPLES 10
#define MAX_REPS 10000
#define MAX_COLD_SETS 4096
#define ENERGY_POLL_S 1.0 /* read the energy counters at least this often: at most one wrap */

typedef struct {
    rg_harness *h;
    const rg_impl *impl;
    const void *problem;
    void *state;
    void **sets;
    int nsets;
} bench;

static int run_reps(bench *b, int64_t reps, int64_t *counter) {
    for (int64_t r = 0; r < reps; r++) {
        int rc = b->impl->run(b->state, b->problem, b->sets[*counter % b->nsets]);
        ++*counter;
        if (rc) return rc;
    }
    return 0;
}

/* reps calls, timed by the implementation's device (time_reps) or else by the host clock. */
static int timed_reps(bench *b, int64_t reps, int64_t *counter, double *seconds) {
    if (b->impl->time_reps) {
        *counter += reps;
        return b->impl->time_reps(b->state, reps, seconds);
    }
    double t0 = rg__now();
    int rc = run_reps(b, reps, counter);
    *seconds = rg__now() - t0;
    return rc;
}

/* Cold: enough copies that the sets together exceed twice the last-level cache, so each
 * repetition finds its operands evicted; a set that alone exceeds it is cold by itself. */
static int cold_set_count(const rg_harness *h, int64_t set_bytes) {
    int64_t llc = (int64_t)h->exec.caches.l3;
    if (llc <= 0 || set_bytes >= 2 * llc) return 1;
    int64_t n = (2 * llc + set_bytes - 1) / set_bytes + 1;
    int64_t budget = rg__mem_available() / 2 / (set_bytes > 0 ? set_bytes : 1);
    if (n > budget) n = budget;
    if (n > MAX_COLD_SETS) n = MAX_COLD_SETS;
    return n < 1 ? 1 : (int)n;
}

static int grow(double **samples, int64_t *cap, int64_t n) {
    if (n < *cap) return 0;
    int64_t ncap = *cap ? 2 * *cap : 256;
    double *p = realloc(*samples, (size_t)ncap * sizeof *p);
    if (!p) return RG_ENOMEM;
    *samples = p;
    *cap = ncap;
    return 0;
}

/* --slowdown: busy-waits until `end` and returns the clock then, so the wait counts in the
 * sample that it follows (a known slowdown for measuring the regression gate). */
static double spin_until(double end) {
    double t;
    while ((t = rg__now()) < end) {
    }
    return t;
}

/* Timed repetitions until the median is known to the target or the budget is spent. */
static int sample(bench *b, rg_result *res, int64_t batch) {
    const rg_run_opts *o = &b->h->opts;
    double target = o->target_ci_pct / 100.0;
    double *samples = NULL;
    int64_t n = 0, cap = 0, counter = 0, next_check = MIN_SAMPLES;
    int rc = 0;
    const char *stop = "time_budget";
    /* Only ridge's own implementation is slowed: the baselines stay the yardstick. */
    double slow = strcmp(b->impl->impl, "ridge") == 0 ? o->slowdown_pct / 100.0 : 0;
    if (slow > 0)
        rg__harness_warn(b->h,
                         "--slowdown %g: ridge's times include a deliberate %g%% busy-wait (a "
                         "test aid, not a measurement)",
                         o->slowdown_pct, o->slowdown_pct);
    /* Energy: the packages' over the whole timed loop, divided by its calls (RAPL counters
     * advance about once a millisecond, too coarsely for one sample). */
    rg__energy_meter *meter = b->h->energy;
    double e0 = 0, e1 = 0;
    int energy_rc = meter ? rg__energy_read(meter, &e0) : 0;
    double start = rg__now(), polled = start;
    for (;;) {
        if ((rc = grow(&samples, &cap, n))) break;
        double dt;
        if ((rc = timed_reps(b, batch, &counter, &dt))) break;
        double t1 = rg__now();
        if (slow > 0) {
            double end = spin_until(t1 + slow * dt);
            dt += end - t1;
            t1 = end;
        }
        samples[n++] = dt / (double)batch;
        if (meter && !energy_rc && t1 - polled >= ENERGY_POLL_S) {
            energy_rc = rg__energy_read(meter, &e1);
            polled = t1;
        }
        double elapsed = t1 - start;
        if (n >= MAX_REPS) {
            stop = "max_reps";
            break;
        }
        if (elapsed >= o->max_time) break;
        /* Sorting for the CI costs O(n log n): check at n = 10, 11, ... then every ~5%. */
        if (n >= next_check && elapsed >= o->min_time) {
            next_check = n + (n / 20 > 1 ? n / 20 : 1);
            if (rg__stats_compute(samples, n, &res->time) == 0 &&
                rg__stats_rel_ci(&res->time) <= target) {
                stop = "converged";
                break;
            }
        }
    }
    if (meter && !energy_rc) energy_rc = rg__energy_read(meter, &e1);
    if (rc == 0) rc = rg__stats_compute(samples, n, &res->time);
    if (rc) {
        free(samples);
        return rc;
    }
    if (meter && !energy_rc)
        res->energy_j = (e1 - e0) / (double)counter;
    else if (meter)
        rg__harness_warn(b->h, "the RAPL energy counters could not be read: some cases have no "
                               "energy_j");
    res->samples = samples;
    res->nsamples = n;
    res->batch = batch;
    snprintf(res->stop_reason, sizeof res->stop_reason, "%s", stop);
    return 0;
}

static void set_error(rg_result *res, rg_case_status st, const char *what, int rc) {
    res->status = st;
    snprintf(res->reason, sizeof res->reason, "%s: %s%s", what, rg_status_message(rc),
             rc == RG_ENOMEM && !strcmp(res->device, "gpu") ? " (GPU memory)" : "");
}

int rg__measure_case(rg_harness *h, const rg_impl *impl, const void *problem, rg_result *res) {
    const rg_op *op = impl->op;
    bench b = {.h = h, .impl = impl, .problem = problem, .nsets = 1};
    int rc = impl->setup(h, problem, &b.state);
    if (rc) return set_error(res, RG_CASE_ERROR, "setup", rc), 0;
    if (impl->case_isa)
        impl->case_isa(b.state, res->isa, sizeof res->isa);
    else
        impl->isa(h, res->isa, sizeof res->isa);
    int64_t set_bytes = op->set_bytes(problem);
    int want =
        h->opts.cache == RG_CACHE_COLD && !impl->time_reps ? cold_set_count(h, set_bytes) : 1;
    b.sets = calloc((size_t)want, sizeof *b.sets);
    if (!b.sets || (rc = op->set_alloc(problem, h->opts.seed, h->opts.pages, NULL, &b.sets[0]))) {
        set_error(res, RG_CASE_ERROR, "allocating buffers", rc ? rc : RG_ENOMEM);
        goto done;
    }
    /* One call on fresh data, checked against the reference before anything is timed. */
    int64_t counter = 0;
    if ((rc = run_reps(&b, 1, &counter))) {
        set_error(res, RG_CASE_ERROR, "first call", rc);
        goto done;
    }
    rc = op->verify(problem, b.sets[0], h->opts.seed, &res->max_rel_error, &res->tolerance,
                    res->reason, sizeof res->reason);
    if (rc == RG_EVERIFY) {
        res->status = RG_CASE_FAILED;
        goto done;
    } else if (rc) {
        set_error(res, RG_CASE_ERROR, "verification", rc);
        goto done;
    }
    for (; b.nsets < want; b.nsets++)
        if (op->set_alloc(problem, h->opts.seed, h->opts.pages, b.sets[0], &b.sets[b.nsets])) break;
    res->cache_sets = b.nsets;
    /* Warm-up: at least one call and WARMUP_MIN_S; it also sizes the batch. */
    double t0 = rg__now(), el, busy = 0, dt;
    int64_t calls = 0;
    do {
        if ((rc = timed_reps(&b, 1, &counter, &dt))) break;
        busy += dt;
        calls++;
        el = rg__now() - t0;
    } while (el < WARMUP_MIN_S && el < h->opts.max_time);
    if (rc) {
        set_error(res, RG_CASE_ERROR, "warm-up", rc);
        goto done;
    }
    double per_call = busy / (double)calls;
    int64_t batch = 1;
    if (per_call < BATCH_BELOW_S) {
        batch = (int64_t)(BATCH_SAMPLE_S / (per_call > 1e-9 ? per_call : 1e-9)) + 1;
        if (batch > MAX_BATCH) batch = MAX_BATCH;
    }
    if ((rc = sample(&b, res, batch))) {
        set_error(res, RG_CASE_ERROR, "timing", rc);
        goto done;
    }
    if (impl->annotate) impl->annotate(b.state, res);
    res->status = RG_CASE_OK;
    res->reason[0] = '\0';
    res->gflops = res->flops / res->time.median / 1e9;
    res->gbps = res->bytes / res->time.median / 1e9;
done:
    if (res->status != RG_CASE_OK) { /* never a speed for a case that did not pass */
        free(res->samples);
        res->samples = NULL;
        res->nsamples = 0;
        memset(&res->time, 0, sizeof res->time);
        res->gflops = res->gbps = 0;
    }
    for (int i = 0; b.sets && i < b.nsets; i++)
        op->set_free(b.sets[i]);
    free(b.sets);
    impl->teardown(b.state);
    return 0;
}
