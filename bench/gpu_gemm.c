/* gpu_gemm.c: the GPU GEMM adapters' common part. The harness's set stays on the host (the
 * reference reads it); run() copies it to the device (bf16/fp16 operands rounded to nearest
 * even, and the rounded values written back into the set so that the reference multiplies
 * exactly what the device did), launches once, waits and copies C back for verification. The
 * timed repetitions then run on the device copies only, timed by CUDA events. */
#include "gpu_gemm.h"

#include "case_attention.h" /* rg__bf16_from_f32 */
#include "gpu_case.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    rg__gpu_case base; /* first: the hooks take the state as one */
    const rg__gpu_gemm_kind *kind;
    const rg_gemm_problem *p;
    void *lib;
    void *a, *b; /* device operands, of kind->dtype */
    float *c;
    const void *loaded; /* the host set last copied to the device */
} gpu_gemm;

/* IEEE binary16 by bits, round to nearest even, so that every C compiler builds it (clang 14
 * has no _Float16 on x86 without AVX512-FP16). */
uint16_t rg__f16_from_f32(float x) {
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    uint16_t sign = (uint16_t)((u >> 16) & 0x8000u);
    uint32_t ax = u & 0x7fffffffu;
    if (ax > 0x7f800000u) return sign | 0x7e00u | (uint16_t)((ax >> 13) & 0x3ffu); /* quiet NaN */
    if (ax >= 0x477ff000u) return sign | 0x7c00u; /* 65520 and up round to infinity */
    if (ax < 0x38800000u) {                       /* below 2^-14: a subnormal result */
        float a;
        memcpy(&a, &ax, sizeof a);
        return sign | (uint16_t)lrintf(a * 0x1p24f); /* exact scaling; rint ties to even */
    }
    uint32_t r = ax - 0x38000000u;  /* exponent bias 127 -> 15 */
    r += 0xfffu + ((r >> 13) & 1u); /* a carry into the exponent is the right rounding */
    return sign | (uint16_t)(r >> 13);
}

float rg__f32_from_f16(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu, u;
    if (e == 0) {
        float f = (float)m * 0x1p-24f;
        return sign ? -f : f;
    }
    u = sign | (e == 31 ? 0x7f800000u : (e + 112u) << 23) | (m << 13);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static size_t elem_bytes(rg__gpu_dtype t) {
    return t == RG_GPU_F32 ? 4 : 2;
}

static int launch(void *ctx, void *stream) {
    gpu_gemm *g = ctx;
    return g->kind->gemm(g->lib, g->p, g->kind->dtype, g->a, g->b, g->c, stream);
}

void rg__gpu_gemm_teardown(void *state) {
    gpu_gemm *g = state;
    if (!g) return;
    if (g->lib && g->kind->lib_close) g->kind->lib_close(g->lib);
    rg__gpu_case_close(&g->base);
    free(g);
}

int rg__gpu_gemm_setup(rg_harness *h, const rg_gemm_problem *p, const rg__gpu_gemm_kind *kind,
                       void **state) {
    gpu_gemm *g = calloc(1, sizeof *g);
    if (!g) return RG_ENOMEM;
    g->kind = kind;
    g->p = p;
    size_t es = elem_bytes(kind->dtype);
    int rc = rg__gpu_case_open(&g->base, h, launch, g);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->a, (size_t)p->a_elems * es);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->b, (size_t)p->b_elems * es);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->c, (size_t)p->c_elems * sizeof(float));
    if (!rc && kind->lib_open) rc = kind->lib_open(&g->lib, rg__gpu_case_stream(&g->base));
    if (rc) {
        rg__gpu_gemm_teardown(g);
        return rc;
    }
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
    return rc ? rc : rg__gpu_case_call(&g->base, s->c, g->c, (size_t)p->c_elems * sizeof(float));
}

void rg__gpu_gemm_annotate(void *state, rg_result *res) {
    gpu_gemm *g = state;
    rg__gpu_case_annotate(&g->base, res);
    if (g->kind->name_method) g->kind->name_method(g->p, g->a, g->b, res);
}
