/* gpu_gemm.c: the GPU GEMM adapters' common part. The harness's set stays on the host (the
 * reference reads it); run() copies it to the device (bf16/fp16 operands rounded to nearest
 * even, and the rounded values written back into the set so that the reference multiplies
 * exactly what the device did), launches once, waits and copies C back for verification. The
 * timed repetitions then run on the device copies only, timed by CUDA events. */
#include "gpu_gemm.h"

#include "case_attention.h" /* rg__bf16_from_f32 */
#include "energy.h"
#include "gpu.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const rg__gpu_gemm_kind *kind;
    const rg_gemm_problem *p;
    rg__gpu_timer *timer;
    void *lib;
    void *a, *b; /* device operands, of kind->dtype */
    float *c;
    const void *loaded; /* the host set last copied to the device */
    rg__nvml *nvml;
    rg__gpu_state before;
} gpu_gemm;

uint16_t rg__f16_from_f32(float x) {
    return (uint16_t)((union {
               _Float16 h;
               uint16_t u;
           }){.h = (_Float16)x})
        .u;
}

float rg__f32_from_f16(uint16_t x) {
    return (float)((union {
               uint16_t u;
               _Float16 h;
           }){.u = x})
        .h;
}

int rg__gpu_gemm_available(char *why, size_t whylen) {
    return rg__gpu_available(why, whylen);
}

void rg__gpu_gemm_isa(const rg_harness *h, char *out, size_t outlen) {
    int ma = 0, mi = 0;
    if (sscanf(h->sys.gpu_cc, "%d.%d", &ma, &mi) == 2)
        snprintf(out, outlen, "sm_%d%d", ma, mi);
    else
        snprintf(out, outlen, "gpu");
}

static size_t elem_bytes(rg__gpu_dtype t) {
    return t == RG_GPU_F32 ? 4 : 2;
}

void rg__gpu_gemm_teardown(void *state) {
    gpu_gemm *g = state;
    if (!g) return;
    if (g->lib && g->kind->lib_close) g->kind->lib_close(g->lib);
    rg__gpu_free(g->a);
    rg__gpu_free(g->b);
    rg__gpu_free(g->c);
    rg__gpu_timer_destroy(g->timer);
    rg__nvml_close(g->nvml);
    free(g);
}

int rg__gpu_gemm_setup(rg_harness *h, const rg_gemm_problem *p, const rg__gpu_gemm_kind *kind,
                       void **state) {
    gpu_gemm *g = calloc(1, sizeof *g);
    if (!g) return RG_ENOMEM;
    g->kind = kind;
    g->p = p;
    size_t es = elem_bytes(kind->dtype);
    int rc = rg__gpu_timer_create(h->opts.cache == RG_CACHE_COLD, &g->timer);
    if (!rc) rc = rg__gpu_alloc(&g->a, (size_t)p->a_elems * es);
    if (!rc) rc = rg__gpu_alloc(&g->b, (size_t)p->b_elems * es);
    if (!rc) rc = rg__gpu_alloc((void **)&g->c, (size_t)p->c_elems * sizeof(float));
    if (!rc && kind->lib_open) rc = kind->lib_open(&g->lib, rg__gpu_timer_stream(g->timer));
    if (rc) {
        rg__gpu_gemm_teardown(g);
        return rc;
    }
    g->nvml = rg__nvml_open();
    rg__nvml_state(g->nvml, &g->before);
    *state = g;
    return RG_OK;
}

/* Converts n floats to the device type in place of the set (rounded values written back) and
 * uploads them. */
static int upload_operand(float *host, int64_t n, rg__gpu_dtype t, void *dev) {
    if (t == RG_GPU_F32) return rg__gpu_upload(dev, host, (size_t)n * sizeof(float));
    uint16_t *tmp = malloc((size_t)n * sizeof *tmp);
    if (!tmp) return RG_ENOMEM;
    for (int64_t i = 0; i < n; i++) {
        if (t == RG_GPU_BF16) {
            tmp[i] = rg__bf16_from_f32(host[i]);
            uint32_t u = (uint32_t)tmp[i] << 16;
            memcpy(&host[i], &u, sizeof u);
        } else {
            tmp[i] = rg__f16_from_f32(host[i]);
            host[i] = rg__f32_from_f16(tmp[i]);
        }
    }
    int rc = rg__gpu_upload(dev, tmp, (size_t)n * sizeof *tmp);
    free(tmp);
    return rc;
}

static int launch(void *ctx, void *stream) {
    gpu_gemm *g = ctx;
    return g->kind->gemm(g->lib, g->p, g->kind->dtype, g->a, g->b, g->c, stream);
}

int rg__gpu_gemm_run(void *state, const void *problem, void *set) {
    gpu_gemm *g = state;
    const rg_gemm_problem *p = problem;
    rg_gemm_set *s = set;
    int rc = RG_OK;
    if (g->loaded != set) {
        if ((rc = upload_operand(s->a, p->a_elems, g->kind->dtype, g->a)) ||
            (rc = upload_operand(s->b, p->b_elems, g->kind->dtype, g->b)))
            return rc;
        g->loaded = set;
    }
    /* beta == 0 must not read C: the device copy holds NaNs then, which would show. */
    rc = p->beta != 0.0f ? rg__gpu_upload(g->c, s->c, (size_t)p->c_elems * sizeof(float))
                         : rg__gpu_fill_bytes(g->c, 0xff, (size_t)p->c_elems * sizeof(float));
    double seconds;
    if (!rc) rc = rg__gpu_timer_run(g->timer, launch, g, 1, &seconds);
    if (!rc) rc = rg__gpu_download(s->c, g->c, (size_t)p->c_elems * sizeof(float));
    return rc;
}

int rg__gpu_gemm_time(void *state, int64_t reps, double *seconds) {
    gpu_gemm *g = state;
    return rg__gpu_timer_run(g->timer, launch, g, reps, seconds);
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

static double energy_per_call(gpu_gemm *g, double call_s) {
    if (!g->nvml || !(call_s > 0)) return NAN;
    double window = fmax(ENERGY_MIN_S, fmin(40 * call_s, ENERGY_MAX_S));
    int64_t chunk = call_s < ENERGY_READ_S ? (int64_t)(ENERGY_READ_S / call_s) : 1;
    double t[ENERGY_READS], e[ENERGY_READS], sec, watts;
    int n = 0;
    const double t0 = rg__now();
    while (n < ENERGY_READS) {
        if (rg__nvml_energy(g->nvml, &e[n])) return NAN;
        t[n] = rg__now();
        if (t[n++] - t0 >= window) break;
        if (rg__gpu_timer_run(g->timer, launch, g, chunk, &sec)) return NAN;
    }
    return rg__energy_steps_power(t, e, n, &watts) ? NAN : watts * call_s;
}

void rg__gpu_gemm_annotate(void *state, rg_result *res) {
    gpu_gemm *g = state;
    /* NVML's counter, not the CPU's RAPL: the GPU's energy is what a GPU case costs. */
    res->energy_j = energy_per_call(g, res->time.median);
    rg__gpu_state after;
    rg__nvml_state(g->nvml, &after);
    rg__gpu_state_record(&g->before, &after, res);
    if (g->kind->name_method) g->kind->name_method(g->p, g->a, g->b, res);
}
