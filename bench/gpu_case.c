/* gpu_case.c: the GPU adapters' common part around their launches (gpu_case.h). */
#include "gpu_case.h"

#include "energy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int rg__gpu_case_available(char *why, size_t whylen) {
    return rg__gpu_available(why, whylen);
}

void rg__gpu_case_isa(const rg_harness *h, char *out, size_t outlen) {
    int ma = 0, mi = 0;
    if (sscanf(h->sys.gpu_cc, "%d.%d", &ma, &mi) == 2)
        snprintf(out, outlen, "sm_%d%d", ma, mi);
    else
        snprintf(out, outlen, "gpu");
}

int rg__gpu_case_open(rg__gpu_case *c, const rg_harness *h, int (*launch)(void *, void *),
                      void *ctx) {
    *c = (rg__gpu_case){.launch = launch, .ctx = ctx};
    rg__gpu_case_isa(h, c->isa, sizeof c->isa);
    int rc = rg__gpu_timer_create(h->opts.cache == RG_CACHE_COLD, &c->timer);
    if (rc) return rc;
    c->nvml = rg__nvml_open();
    rg__nvml_state(c->nvml, &c->before);
    return RG_OK;
}

int rg__gpu_case_alloc(rg__gpu_case *c, void *out, size_t bytes) {
    void **p = out;
    if (c->ndev == (int)(sizeof c->dev / sizeof c->dev[0])) return RG_EINVAL;
    int rc = rg__gpu_alloc(p, bytes);
    if (!rc) c->dev[c->ndev++] = *p;
    return rc;
}

void rg__gpu_case_close(rg__gpu_case *c) {
    for (int i = 0; i < c->ndev; i++)
        rg__gpu_free(c->dev[i]);
    c->ndev = 0;
    rg__gpu_timer_destroy(c->timer);
    rg__nvml_close(c->nvml);
    c->timer = NULL;
    c->nvml = NULL;
}

void *rg__gpu_case_stream(const rg__gpu_case *c) {
    return rg__gpu_timer_stream(c->timer);
}

int rg__gpu_case_time(rg__gpu_case *c, int64_t reps, double *seconds) {
    return rg__gpu_timer_run(c->timer, c->launch, c->ctx, reps, seconds);
}

/* NVML's energy counter advances in steps tens of milliseconds apart: read around each timed
 * batch it gave whole steps or none, and summed over batches that fell in step with it, 2 kW
 * for 0.2 ms GEMMs on an H100 (700 W board). So energy has a window of its own after the
 * samples: back-to-back calls for ENERGY_MIN_S (or 40 calls, up to ENERGY_MAX_S) in chunks of
 * about ENERGY_READ_S, the counter read after each; the power between its first and last step
 * (rg__energy_steps_power) times the median call time is the energy of one call. */
#define ENERGY_MIN_S 1.0
#define ENERGY_MAX_S 5.0
#define ENERGY_READ_S 0.005
#define ENERGY_READS 2048

static double energy_per_call(rg__gpu_case *c, double call_s) {
    if (!c->nvml || !(call_s > 0)) return NAN;
    double window = fmax(ENERGY_MIN_S, fmin(40 * call_s, ENERGY_MAX_S));
    int64_t chunk = call_s < ENERGY_READ_S ? (int64_t)(ENERGY_READ_S / call_s) : 1;
    double t[ENERGY_READS], e[ENERGY_READS], sec, watts;
    int n = 0;
    const double t0 = rg__now();
    while (n < ENERGY_READS) {
        if (rg__nvml_energy(c->nvml, &e[n])) return NAN;
        t[n] = rg__now();
        if (t[n++] - t0 >= window) break;
        if (rg__gpu_case_time(c, chunk, &sec)) return NAN;
    }
    return rg__energy_steps_power(t, e, n, &watts) ? NAN : watts * call_s;
}

void rg__gpu_case_annotate(rg__gpu_case *c, rg_result *res) {
    /* NVML's counter, not the CPU's RAPL: the GPU's energy is what a GPU case costs. */
    res->energy_j = energy_per_call(c, res->time.median);
    rg__gpu_state after;
    rg__nvml_state(c->nvml, &after);
    rg__gpu_state_record(&c->before, &after, res);
}

int rg__gpu_case_call(rg__gpu_case *c, void *host, const void *dev, size_t bytes) {
    double seconds;
    int rc = rg__gpu_case_time(c, 1, &seconds);
    return rc ? rc : rg__gpu_download(host, dev, bytes);
}

void rg__gpu_case_teardown_hook(void *state) {
    if (!state) return;
    rg__gpu_case_close(state);
    free(state);
}

int rg__gpu_case_time_hook(void *state, int64_t reps, double *seconds) {
    return rg__gpu_case_time(state, reps, seconds);
}

void rg__gpu_case_annotate_hook(void *state, rg_result *res) {
    rg__gpu_case_annotate(state, res);
}
