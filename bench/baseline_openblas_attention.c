/* baseline_openblas_attention.c: unfused attention as a careful user writes it: S = scale Q K^T
 * with OpenBLAS sgemm, a vectorized stable row softmax, O = P V with sgemm (sgemv for a single
 * query row). The harness's pinned threads each take whole (batch, head, query chunk) items and
 * call a single-threaded OpenBLAS: no library's threads ever wait or spin against another's (an
 * sgemm on all threads followed by a softmax on other threads loses most of its time to
 * OpenBLAS's spinning workers). Query chunks bound each thread's score buffer and, under a causal
 * mask, stop each chunk's keys at its last allowed one. */
#include "case_attention.h"

#include <cblas.h>
#include <limits.h>
#include <stdatomic.h>
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
    int nthreads;
    float *s;      /* nthreads score buffers of cap floats */
    int64_t cap;   /* floats per thread; a multiple of 16 */
    int64_t chunk; /* query rows per work item */
} state;

/* One row in place: keys [0, n) normalized, [n, width) zeroed. The exponential is a
 * polynomial with the exponent built in the bits, written so that the compiler vectorizes it:
 * each function is cloned for AVX-512, AVX2 and baseline x86-64 and picked at load time. */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RG_TSAN_BUILD 1 /* clang's spelling; GCC defines __SANITIZE_THREAD__ */
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(RG_TSAN_BUILD)
/* Not under ThreadSanitizer: GCC and clang instrument the ifunc resolver that target_clones
 * makes, and the resolver runs while the program is relocated, before the TSan runtime is up
 * (the program dies at load). One plain version of each function is built instead. */
#define CLONES
#else
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif

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

/* Softmax of row x (width computed columns) over its first n keys; the rest zeroed. */
static void softmax_row(float *x, int64_t n, int64_t width) {
    if (n > 0) {
        const float mx = row_max(x, n);
        row_scale(x, n, 1.0f / row_exp(x, n, mx));
    }
    memset(x + n, 0, (size_t)(width - n) * sizeof *x);
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
    openblas_set_num_threads(1); /* each of the harness's threads calls it on its own items */
    state *st = calloc(1, sizeof *st);
    if (!st) return RG_ENOMEM;
    int64_t rows = p->d.causal ? CAUSAL_CHUNK : p->d.q_len;
    if (rows > p->d.q_len) rows = p->d.q_len;
    while (rows > 1 && rows * p->d.kv_len > MAX_SCORE_FLOATS / 4)
        rows /= 2;
    st->chunk = rows;
    st->cap = (rows * (p->d.kv_len > 0 ? p->d.kv_len : 1) + 15) / 16 * 16;
    st->nthreads = h->nthreads > 0 ? h->nthreads : 1;
    st->s = aligned_alloc(64, (size_t)(st->cap * st->nthreads) * sizeof(float));
    if (!st->s) {
        free(st);
        return RG_ENOMEM;
    }
    st->pool = h->pool;
    *out = st;
    return 0;
}

typedef struct {
    const state *st;
    const rg_attention_desc *d;
    const rg_attention_set *s;
    _Atomic int64_t next;
} run_job;

/* Work item t: query chunk t % nchunks of (batch, head) t / nchunks. */
static void item(const run_job *j, int64_t t, float *sbuf) {
    const rg_attention_desc *d = j->d;
    const rg_attention_set *s = j->s;
    const int64_t hd = d->head_dim, group = d->heads / d->kv_heads, chunk = j->st->chunk;
    const int64_t nchunks = (d->q_len + chunk - 1) / chunk, bh = t / nchunks;
    const int64_t b = bh / d->heads, h = bh % d->heads, i0 = (t % nchunks) * chunk;
    const int64_t rows = d->q_len - i0 < chunk ? d->q_len - i0 : chunk;
    const float *k = s->k + (b * d->kv_heads + h / group) * d->kv_len * hd;
    const float *v = s->v + (b * d->kv_heads + h / group) * d->kv_len * hd;
    const float *q = s->q + ((b * d->heads + h) * d->q_len + i0) * hd;
    float *o = s->o + ((b * d->heads + h) * d->q_len + i0) * hd;
    /* Row r (query i0 + r) may see keys j < first + r. */
    const int64_t first = i0 + 1 + d->kv_len - d->q_len;
    int64_t width = d->kv_len;
    if (d->causal) {
        const int64_t last = first + rows - 1;
        width = last < 0 ? 0 : last < d->kv_len ? last : d->kv_len;
    }
    if (width == 0) {
        memset(o, 0, (size_t)(rows * hd) * sizeof *o);
        return;
    }
    const float scale = rg_attention_scale(d);
    if (rows == 1)
        cblas_sgemv(CblasRowMajor, CblasNoTrans, (blasint)width, (blasint)hd, scale, k, (blasint)hd,
                    q, 1, 0.0f, sbuf, 1);
    else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (blasint)rows, (blasint)width,
                    (blasint)hd, scale, q, (blasint)hd, k, (blasint)hd, 0.0f, sbuf, (blasint)width);
    for (int64_t r = 0; r < rows; r++) {
        int64_t n = width;
        if (d->causal) n = first + r < 0 ? 0 : first + r < width ? first + r : width;
        softmax_row(sbuf + r * width, n, width);
    }
    if (rows == 1)
        cblas_sgemv(CblasRowMajor, CblasTrans, (blasint)width, (blasint)hd, 1.0f, v, (blasint)hd,
                    sbuf, 1, 0.0f, o, 1);
    else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (blasint)rows, (blasint)hd,
                    (blasint)width, 1.0f, sbuf, (blasint)width, v, (blasint)hd, 0.0f, o,
                    (blasint)hd);
}

static void run_task(void *arg, int tid, int nthreads) {
    run_job *j = arg;
    (void)nthreads;
    const int64_t chunk = j->st->chunk;
    const int64_t total = j->d->batch * j->d->heads * ((j->d->q_len + chunk - 1) / chunk);
    float *sbuf = j->st->s + tid * j->st->cap;
    for (;;) {
        const int64_t t = atomic_fetch_add_explicit(&j->next, 1, memory_order_relaxed);
        if (t >= total) break;
        item(j, t, sbuf);
    }
}

static int openblas_run(void *arg, const void *problem, void *set) {
    const rg_attention_problem *p = problem;
    run_job j = {.st = arg, .d = &p->d, .s = set};
    atomic_init(&j.next, 0);
    rg_pool_run(j.st->pool, run_task, &j);
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
