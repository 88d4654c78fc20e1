/* baseline_openblas_attention.c: unfused attention as a careful user writes it: S = scale Q K^T
 * with OpenBLAS sgemm, a vectorized stable row softmax on the harness's pinned threads, O = P V
 * with sgemm; per (batch, head), in query chunks that bound the score buffer and, under a
 * causal mask, stop each chunk's keys at its last allowed one. */
#include "case_attention.h"

#include <cblas.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The score buffer of one chunk holds at most this many floats (64 MiB). */
#define MAX_SCORE_FLOATS (16 << 20)
/* Causal: query rows per chunk, so that the skipped upper triangle is most of it. */
#define CAUSAL_CHUNK 256
#define LANES 16

extern const rg_impl rg__impl_openblas_gemm_f32; /* its setup sets OpenBLAS's threads and PUs */

typedef struct {
    rg_pool *pool;
    float *s;
    int64_t cap; /* floats in s */
} state;

typedef struct {
    float *s;
    int64_t ld, rows, first_allowed; /* row r may see keys [0, first_allowed + r), clamped */
    int64_t width, kv_len;           /* columns computed, keys in all */
    int causal;
} softmax_job;

/* One row in place: keys [0, n) normalized, [n, width) zeroed. The exponential is a
 * polynomial with the exponent built in the bits, written so that the compiler vectorizes it:
 * each function is cloned for AVX-512, AVX2 and baseline x86-64 and picked at load time. */
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))

CLONES static float row_max(const float *x, int64_t n) {
    float m[LANES];
    for (int l = 0; l < LANES; l++)
        m[l] = -INFINITY;
    int64_t i = 0;
    for (; i + LANES <= n; i += LANES)
        for (int l = 0; l < LANES; l++)
            m[l] = x[i + l] > m[l] ? x[i + l] : m[l];
    for (; i < n; i++)
        m[0] = x[i] > m[0] ? x[i] : m[0];
    float r = m[0];
    for (int l = 1; l < LANES; l++)
        r = m[l] > r ? m[l] : r;
    return r;
}

/* x[i] = e^(x[i] - mx); returns the sum. */
CLONES static float row_exp(float *x, int64_t n, float mx) {
    float acc[LANES] = {0};
    for (int64_t i0 = 0; i0 < n; i0 += LANES) {
        const int cnt = n - i0 < LANES ? (int)(n - i0) : LANES;
        for (int l = 0; l < LANES; l++) {
            float t = (l < cnt ? x[i0 + l] - mx : -1000.0f) * 1.44269504f;
            t = t < -126.0f ? -126.0f : t;
            const float nn = (t + 12582912.0f) - 12582912.0f; /* round to nearest */
            const float f = t - nn;
            float p = 1.5252734e-5f;
            p = p * f + 1.5403530e-4f;
            p = p * f + 1.3333558e-3f;
            p = p * f + 9.6181291e-3f;
            p = p * f + 5.5504109e-2f;
            p = p * f + 2.4022651e-1f;
            p = p * f + 6.9314718e-1f;
            p = p * f + 1.0f;
            int32_t bits = ((int32_t)nn + 127) << 23;
            float sc;
            memcpy(&sc, &bits, sizeof sc);
            const float e = t > -126.0f ? p * sc : 0.0f;
            if (l < cnt) x[i0 + l] = e;
            acc[l] += l < cnt ? e : 0.0f;
        }
    }
    float s = 0;
    for (int l = 0; l < LANES; l++)
        s += acc[l];
    return s;
}

CLONES static void row_scale(float *x, int64_t n, float a) {
    for (int64_t i = 0; i < n; i++)
        x[i] *= a;
}

static void softmax_task(void *arg, int tid, int nthreads) {
    const softmax_job *j = arg;
    const int64_t lo = j->rows * tid / nthreads, hi = j->rows * (tid + 1) / nthreads;
    for (int64_t r = lo; r < hi; r++) {
        float *x = j->s + r * j->ld;
        int64_t n = j->width;
        if (j->causal) {
            const int64_t a = j->first_allowed + r;
            n = a < 0 ? 0 : a < j->width ? a : j->width;
        }
        if (n > 0) {
            const float mx = row_max(x, n);
            row_scale(x, n, 1.0f / row_exp(x, n, mx));
        }
        memset(x + n, 0, (size_t)(j->width - n) * sizeof *x);
    }
}

static int fits(int64_t v) {
    return sizeof(blasint) >= 8 || v <= (int64_t)INT_MAX;
}

static int openblas_available(char *why, size_t whylen) {
    (void)why;
    (void)whylen;
    return 1;
}

static int openblas_supports(const void *problem, char *why, size_t whylen) {
    const rg_attention_problem *p = problem;
    if (fits(p->d.q_len) && fits(p->d.kv_len) && fits(p->d.head_dim) &&
        p->d.kv_len <= MAX_SCORE_FLOATS)
        return 1;
    snprintf(why, whylen, "a score row does not fit this OpenBLAS's %zu-bit sizes or 64 MiB",
             8 * sizeof(blasint));
    return 0;
}

static int openblas_setup(rg_harness *h, const void *problem, void **out) {
    const rg_attention_problem *p = problem;
    void *ignored;
    int rc = rg__impl_openblas_gemm_f32.setup(h, NULL, &ignored);
    if (rc) return rc;
    state *st = calloc(1, sizeof *st);
    if (!st) return RG_ENOMEM;
    int64_t rows = p->d.causal ? CAUSAL_CHUNK : p->d.q_len;
    if (rows > p->d.q_len) rows = p->d.q_len;
    while (rows > 1 && rows * p->d.kv_len > MAX_SCORE_FLOATS)
        rows /= 2;
    st->cap = rows * p->d.kv_len;
    st->s = aligned_alloc(64, ((size_t)(st->cap > 0 ? st->cap : 1) * 4 + 63) & ~(size_t)63);
    if (!st->s) {
        free(st);
        return RG_ENOMEM;
    }
    st->pool = h->pool;
    *out = st;
    return 0;
}

static int openblas_run(void *arg, const void *problem, void *set) {
    const state *st = arg;
    const rg_attention_problem *p = problem;
    const rg_attention_desc *d = &p->d;
    rg_attention_set *s = set;
    const int64_t hd = d->head_dim, group = d->heads / d->kv_heads;
    const int64_t chunk = st->cap / (d->kv_len > 0 ? d->kv_len : 1);
    const float scale = rg_attention_scale(d);
    for (int64_t b = 0; b < d->batch; b++)
        for (int64_t h = 0; h < d->heads; h++) {
            const int64_t kvo = (b * d->kv_heads + h / group) * d->kv_len * hd;
            const int64_t qo = (b * d->heads + h) * d->q_len * hd;
            for (int64_t i0 = 0; i0 < d->q_len; i0 += chunk) {
                const int64_t rows = d->q_len - i0 < chunk ? d->q_len - i0 : chunk;
                /* Row r (query i0 + r) may see keys j < i0 + r + 1 + kv_len - q_len. */
                const int64_t first = i0 + 1 + d->kv_len - d->q_len;
                int64_t width = d->kv_len;
                if (d->causal) {
                    const int64_t last = first + rows - 1;
                    width = last < 0 ? 0 : last < d->kv_len ? last : d->kv_len;
                }
                float *o = s->o + qo + i0 * hd;
                if (width == 0) {
                    memset(o, 0, (size_t)(rows * hd) * sizeof *o);
                    continue;
                }
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)rows, (blasint)width,
                            (blasint)hd, scale, s->q + qo + i0 * hd, (blasint)hd, s->k + kvo,
                            (blasint)hd, 0.0f, st->s, (blasint)width);
                softmax_job sj = {.s = st->s,
                                  .ld = width,
                                  .rows = rows,
                                  .first_allowed = first,
                                  .width = width,
                                  .kv_len = d->kv_len,
                                  .causal = d->causal};
                rg_pool_run(st->pool, softmax_task, &sj);
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint)rows, (blasint)hd,
                            (blasint)width, 1.0f, st->s, (blasint)width, s->v + kvo, (blasint)hd,
                            0.0f, o, (blasint)hd);
            }
        }
    return 0;
}

static void openblas_teardown(void *arg) {
    state *st = arg;
    if (!st) return;
    free(st->s);
    free(st);
}

static void openblas_isa(const rg_harness *h, char *out, size_t outlen) {
    (void)h;
    snprintf(out, outlen, "%s", openblas_get_corename());
}

const rg_impl rg__impl_openblas_attention_f32 = {
    .op = &rg__op_attention,
    .impl = "openblas",
    .device = "cpu",
    .dtype = "f32",
    .quiesce_ms = 2000, /* as for its sgemm: OpenBLAS's workers spin after each call */
    .available = openblas_available,
    .supports = openblas_supports,
    .setup = openblas_setup,
    .run = openblas_run,
    .teardown = openblas_teardown,
    .isa = openblas_isa,
};
