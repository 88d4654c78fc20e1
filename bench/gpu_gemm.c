/* gpu_gemm.c: the GPU GEMM adapters' common part. The harness's set stays on the host (the
 * reference reads it); run() copies it to the device (bf16/fp16 operands rounded to nearest
 * even, and the rounded values written back into the set so that the reference multiplies
 * exactly what the device did), launches once, waits and copies C back for verification. The
 * timed repetitions then run on the device copies only, timed by CUDA events. */
#include "gpu_gemm.h"

#include "case_attention.h" /* rg__bf16_from_f32 */
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
    double joules;   /* NVML energy over the timed repetitions */
    int64_t metered; /* repetitions it covers */
    int energy_ok;
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
    g->energy_ok = g->nvml != NULL;
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
    double e0 = 0, e1 = 0;
    if (g->energy_ok && rg__nvml_energy(g->nvml, &e0)) g->energy_ok = 0;
    int rc = rg__gpu_timer_run(g->timer, launch, g, reps, seconds);
    if (!rc && g->energy_ok && rg__nvml_energy(g->nvml, &e1)) g->energy_ok = 0;
    if (!rc && g->energy_ok) {
        g->joules += e1 - e0;
        g->metered += reps;
    }
    return rc;
}

void rg__gpu_gemm_annotate(void *state, rg_result *res) {
    gpu_gemm *g = state;
    rg__gpu_state after;
    rg__nvml_state(g->nvml, &after);
    rg__gpu_state_record(&g->before, &after, res);
    if (g->kind->name_method) g->kind->name_method(g->p, g->a, g->b, res);
    /* NVML's counter, not the CPU's RAPL: the GPU's energy is what a GPU case costs. */
    res->energy_j = g->energy_ok && g->metered > 0 ? g->joules / (double)g->metered : NAN;
}
