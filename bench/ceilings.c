/* ceilings.c: the machine's ceilings: compute peaks of every probe the CPU runs, then
 * working-set sweeps of the bandwidth kernels cut into memory levels, at 1 thread and at all
 * threads; all of it into the results (ceilings, sweeps). */
#include "ceilings.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define KIB INT64_C(1024)
#define MIB (1024 * KIB)
#define GIB (1024 * MIB)
#define ALL_KERNELS ((1u << RG_BW_COUNT_) - 1)
#define READ_TRIAD ((1u << RG_BW_READ) | (1u << RG_BW_TRIAD))
/* The run form adds copy: the activations and norms are judged against it (docs/method.md). */
#define READ_COPY_TRIAD (READ_TRIAD | (1u << RG_BW_COPY))

/* The forms, in one place (docs/method.md repeats them). */
static const rg__ceilings_plan plans[] = {
    [RG_CEILINGS_FULL] = {ALL_KERNELS, 9, 0.020, 0.005, 4},
    [RG_CEILINGS_RUN] = {READ_COPY_TRIAD, 5, 0.010, 0.003, 4},
    [RG_CEILINGS_QUICK] = {READ_TRIAD, 3, 0.002, 0.001, 2},
};
static const char *const form_names[] = {"full", "run", "quick"};
_Static_assert(sizeof plans / sizeof plans[0] == sizeof form_names / sizeof form_names[0],
               "one name per form");

/* Sweeps start at 4 KiB per thread, reach at least 4x the LLC estimate (and 64 MiB), and go on
 * until their last level has been seen flat for an octave (rg__plateau_settled), up to 4x that
 * end, a quarter of the free memory or 4 GiB. */
#define SWEEP_START_PER_THREAD (4 * KIB)
#define SWEEP_MIN_END (64 * MIB)
#define SWEEP_MAX_END (4 * GIB)
#define SWEEP_MAX_EXTENSION 4.0

const char *rg__ceilings_form_name(rg__ceilings_form f) {
    return f >= 0 && f < (int)(sizeof form_names / sizeof form_names[0]) ? form_names[f]
                                                                         : "unknown";
}

int rg__ceilings_form_parse(const char *name, rg__ceilings_form *out) {
    for (int f = 0; f < (int)(sizeof form_names / sizeof form_names[0]); f++)
        if (name && strcmp(name, form_names[f]) == 0) return *out = (rg__ceilings_form)f, RG_OK;
    return RG_ENOTFOUND;
}

const rg__ceilings_plan *rg__ceilings_plan_get(rg__ceilings_form f) {
    return f >= 0 && f < (int)(sizeof plans / sizeof plans[0]) ? &plans[f] : NULL;
}

static void progress(const rg_harness *h, const char *what, int threads, int64_t bytes) {
    if (!h->progress) return;
    if (bytes > 0)
        fprintf(stderr, "\r\033[Kceilings: %s, %d thread%s, %.0f KiB", what, threads,
                threads > 1 ? "s" : "", (double)bytes / KIB);
    else
        fprintf(stderr, "\r\033[Kceilings: %s, %d thread%s", what, threads, threads > 1 ? "s" : "");
    fflush(stderr);
}

static int stopped(const rg_harness *h) {
    return h->stop && *h->stop;
}

/* An all-thread peak below this fraction of threads x the 1-thread one is not believed. */
#define SCALING_MIN 0.75

static int measure_peaks(rg_harness *h, const int *counts, int ncounts,
                         const rg__ceilings_plan *plan, rg_results *out, char *suspect,
                         size_t suspectlen, char *err, size_t errlen) {
    for (int p = 0; p < RG_PEAK_COUNT_; p++) {
        rg_peak_info info;
        if (!rg_peak_supported((rg_peak_probe)p) || rg_peak_info_get(p, &info)) continue;
        double one = 0; /* the 1-thread rate, to check the all-thread one against */
        for (int i = 0; i < ncounts && !stopped(h); i++) {
            progress(h, info.method, counts[i], 0);
            rg_ceiling c;
            int rc = rg__ceilings_peak(h, counts[i], (rg_peak_probe)p, plan, &c);
            /* A peak loop scales with the cores: far below that, another process held some of
             * them. Measure again (the contention may pass), then keep it and say so. */
            for (int retry = 0;
                 !rc && counts[i] > 1 && retry < 2 && c.value < SCALING_MIN * counts[i] * one;
                 retry++) {
                rg_ceiling again;
                rc = rg__ceilings_peak(h, counts[i], (rg_peak_probe)p, plan, &again);
                if (!rc && again.value > c.value) c = again;
            }
            if (!rc && counts[i] == 1) one = c.value;
            if (!rc && counts[i] > 1 && c.value < SCALING_MIN * counts[i] * one && !suspect[0])
                snprintf(suspect, suspectlen,
                         "suspect: %s on %d threads reached only %.2fx its 1-thread rate (cores "
                         "busy with another process?)",
                         info.method, counts[i], c.value / one);
            if (!rc) rc = rg_results_add_ceiling(out, &c);
            if (rc)
                return snprintf(err, errlen, "compute peak %s, %d threads: %s", info.method,
                                counts[i], rg_status_message(rc)),
                       rc;
        }
    }
    return RG_OK;
}

/* One kernel's sweep into pts (returns the count), extended until its last level settles. */
static int sweep(rg_harness *h, rg__sweep_buffers *b, int threads, rg_bw_kernel k,
                 const rg__ceilings_plan *plan, int64_t end, int64_t cap, const char *method,
                 rg_sweep_point *pts, int *npts) {
    int n = 0, ppo = plan->points_per_octave;
    for (int i = 0; n < RG_PLATEAU_MAX_POINTS && !stopped(h); i++) {
        double want = (double)SWEEP_START_PER_THREAD * threads * exp2((double)i / ppo);
        if (want > (double)cap) break;
        if (want > (double)end &&
            (want > SWEEP_MAX_EXTENSION * (double)end || rg__plateau_settled(pts, n)))
            break;
        progress(h, method, threads, (int64_t)want);
        rg_sweep_point pt;
        int rc = rg__sweep_point_measure(h, b, k, (int64_t)want, plan, &pt);
        if (rc) return rc;
        if (n == 0 || pt.bytes > pts[n - 1].bytes) pts[n++] = pt; /* small sizes may round alike */
    }
    *npts = n;
    return RG_OK;
}

/* The sweep and its levels into the results: one bandwidth ceiling per plateau, holding the
 * points it was taken from. */
static int record(rg_results *out, const char *method, int threads, const rg_sweep_point *pts,
                  int n, const rg__plateau_set *lv) {
    rg_sweep s = {.device = "cpu", .threads = threads, .unit = "GB/s"};
    snprintf(s.method, sizeof s.method, "%s", method);
    s.points = (rg_sweep_point *)pts;
    s.npoints = n;
    int rc = rg_results_add_sweep(out, &s);
    for (int i = 0; i < lv->count && rc == 0; i++) {
        const rg__plateau *p = &lv->plateaus[i];
        rg_ceiling c = {.device = "cpu", .kind = "bandwidth", .threads = threads, .unit = "GB/s"};
        snprintf(c.name, sizeof c.name, "%s", p->level);
        snprintf(c.method, sizeof c.method, "%s", method);
        c.value = p->value, c.p10 = p->p10, c.p90 = p->p90;
        c.size_lo = p->size_lo, c.size_hi = p->size_hi;
        c.points = (rg_sweep_point *)pts + p->first;
        c.npoints = p->last - p->first + 1;
        rc = rg_results_add_ceiling(out, &c);
    }
    return rc;
}

static int measure_bandwidth(rg_harness *h, const int *counts, int ncounts,
                             const rg__ceilings_plan *plan, rg_results *out, rg__ceilings_detail *d,
                             char *err, size_t errlen) {
    int64_t cap = rg__mem_available() / 4;
    if (cap > SWEEP_MAX_END) cap = SWEEP_MAX_END;
    int64_t end = 4 * d->llc_bytes > SWEEP_MIN_END ? 4 * d->llc_bytes : SWEEP_MIN_END;
    if (end > cap) end = cap;
    const char *isa = rg_isa_name(rg_cpu_best_isa());
    rg_topo_info ti;
    rg__topo_info(h->topo, &ti);
    for (int i = 0; i < ncounts && !stopped(h); i++) {
        /* Each thread on its own core (L1d and L2 are per core) while there are cores. */
        int64_t cores = counts[i] < ti.allowed_cores ? counts[i] : ti.allowed_cores;
        rg__sweep_buffers *b = NULL;
        int rc = rg__sweep_buffers_create(h, counts[i], end, &b);
        if (rc)
            return snprintf(err, errlen, "bandwidth buffers of %lld MiB: %s",
                            (long long)(end / MIB), rg_status_message(rc)),
                   rc;
        for (int k = 0; k < RG_BW_COUNT_ && rc == 0 && !stopped(h); k++) {
            if (!(plan->kernels & (1u << k))) continue;
            char method[32];
            snprintf(method, sizeof method, "%s-%s", rg_bw_kernel_name(k), isa);
            rg_sweep_point pts[RG_PLATEAU_MAX_POINTS];
            int n = 0;
            rc = sweep(h, b, counts[i], (rg_bw_kernel)k, plan, end, cap, method, pts, &n);
            if (rc) {
                snprintf(err, errlen, "bandwidth sweep %s, %d threads: %s", method, counts[i],
                         rg_status_message(rc));
                break;
            }
            if (stopped(h)) break; /* a cut sweep would give wrong levels */
            rg__plateau_opts po = {.cache_bytes = {ti.l1d * cores, ti.l2 * cores, d->llc_bytes}};
            rg__plateau_set lv;
            if ((rc = rg__plateau_detect(pts, n, &po, &lv)) ||
                (rc = record(out, method, counts[i], pts, n, &lv))) {
                snprintf(err, errlen, "bandwidth levels %s: %s", method, rg_status_message(rc));
                break;
            }
            if (d->nsweeps < RG_CEILINGS_MAX_SWEEPS) {
                snprintf(d->sweeps[d->nsweeps].method, sizeof d->sweeps[0].method, "%s", method);
                d->sweeps[d->nsweeps].threads = counts[i];
                d->sweeps[d->nsweeps++].levels = lv;
            }
        }
        rg__sweep_buffers_destroy(b);
        if (rc) return rc;
    }
    return RG_OK;
}

int rg__ceilings_measure(rg_harness *h, rg__ceilings_form form, rg_results *out,
                         rg__ceilings_detail *detail, char *err, size_t errlen) {
    const rg__ceilings_plan *plan = rg__ceilings_plan_get(form);
    if (!plan || !h || !h->topo || !out) return snprintf(err, errlen, "bad arguments"), RG_EINVAL;
    rg__ceilings_detail local;
    rg__ceilings_detail *d = detail ? detail : &local;
    memset(d, 0, sizeof *d);
    double t0 = rg__now();
    /* hwloc's L3 (else the OS's, clamped): only to size the sweep and name its last level;
     * the levels themselves come from the data. */
    d->llc_bytes = (int64_t)rg__topo_caches(h->topo).l3;
    int counts[2] = {1, h->nthreads}, ncounts = h->nthreads > 1 ? 2 : 1;
    int rc =
        measure_peaks(h, counts, ncounts, plan, out, d->suspect, sizeof d->suspect, err, errlen);
    if (!rc) rc = measure_bandwidth(h, counts, ncounts, plan, out, d, err, errlen);
    if (!rc && !stopped(h) && (rc = rg__ceilings_gpu(h, plan, out)))
        snprintf(err, errlen, "gpu: %s", rg_status_message(rc));
    if (h->progress) fprintf(stderr, "\r\033[K");
    d->interrupted = stopped(h);
    d->seconds = rg__now() - t0;
    return rc;
}
