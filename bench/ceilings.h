/* ceilings.h: measuring this machine's ceilings (compute peak per precision, bandwidth per
 * memory level) on the harness's pinned threads; the method is in docs/method.md. */
#ifndef RG_CEILINGS_H
#define RG_CEILINGS_H

#include <stddef.h>

#include "harness.h"
#include "plateau.h"

/* How much to measure: `ridge ceilings` takes the full form, `ridge run` the run form, tests
 * the quick one (a rough shape in about a second). */
typedef enum { RG_CEILINGS_FULL = 0, RG_CEILINGS_RUN, RG_CEILINGS_QUICK } rg__ceilings_form;

const char *rg__ceilings_form_name(rg__ceilings_form f); /* "full", "run", "quick" */
int rg__ceilings_form_parse(const char *name, rg__ceilings_form *out);

/* What a form measures (one table in ceilings.c, documented in docs/method.md). */
typedef struct {
    unsigned kernels;      /* bit k: bandwidth kernel k (rg_bw_kernel) is swept */
    int reps;              /* repetitions per measurement: median, p10, p90 */
    double peak_rep_s;     /* length of one compute-peak repetition */
    double point_rep_s;    /* minimum length of one repetition of a sweep point */
    int points_per_octave; /* sweep density */
} rg__ceilings_plan;

const rg__ceilings_plan *rg__ceilings_plan_get(rg__ceilings_form f);

#define RG_CEILINGS_MAX_SWEEPS (2 * RG_BW_COUNT_)

/* The levels found in each sweep, beyond what the results keep: the effective capacities. */
typedef struct {
    struct {
        char method[32];
        int threads;
        rg__plateau_set levels;
    } sweeps[RG_CEILINGS_MAX_SWEEPS];
    int nsweeps;
    int64_t llc_bytes; /* the last-level cache estimate the sweeps were sized and named by */
    double seconds;    /* wall time of the whole measurement */
    int interrupted;   /* stopped early by *h->stop: what was measured is kept */
    char suspect[160]; /* non-empty: the ceilings look wrong (a peak that did not scale) */
} rg__ceilings_detail;

/* Measures the ceilings with h's pool (h->topo loaded, threads started): compute peaks of every
 * probe this CPU runs and bandwidth sweeps, each at 1 thread and at h->nthreads. Appends
 * ceilings and sweeps to out; detail may be NULL. Progress goes to stderr when h->progress.
 * Returns 0 (also when interrupted), or a negative rg_status with one line in err. */
int rg__ceilings_measure(rg_harness *h, rg__ceilings_form form, rg_results *out,
                         rg__ceilings_detail *detail, char *err, size_t errlen);

/* ceilings_peak.c: one compute peak on `threads` threads (1, or all of h's pool): *out gets
 * the median, p10 and p90 of the repetitions' rates. RG_EUNSUPPORTED when the CPU lacks it. */
int rg__ceilings_peak(rg_harness *h, int threads, rg_peak_probe p, const rg__ceilings_plan *plan,
                      rg_ceiling *out);

/* ceilings_sweep.c: the working-set sweep of one bandwidth kernel. */
typedef struct rg__sweep_buffers rg__sweep_buffers;
/* Buffers for working sets up to max_bytes (all threads together), each thread's slice
 * first-touched by that thread. Grows on demand. */
int rg__sweep_buffers_create(rg_harness *h, int threads, int64_t max_bytes,
                             rg__sweep_buffers **out);
void rg__sweep_buffers_destroy(rg__sweep_buffers *b);
/* Measures kernel k at the working set closest to `bytes` that the kernel's arrays allow;
 * *out gets the bytes actually used and the median, p10 and p90 rates in GB/s. */
int rg__sweep_point_measure(rg_harness *h, rg__sweep_buffers *b, rg_bw_kernel k, int64_t bytes,
                            const rg__ceilings_plan *plan, rg_sweep_point *out);

/* ceilings_gpu.c: the GPU's compute peaks (fp32 FMA, bf16/fp16 mma) and bandwidths (device copy,
 * L2 read, pinned H2D/D2H), device "gpu", appended to out. Without a usable GPU it adds nothing
 * and returns 0; else 0 or a negative rg_status. */
int rg__ceilings_gpu(rg_harness *h, const rg__ceilings_plan *plan, rg_results *out);

#endif /* RG_CEILINGS_H */
