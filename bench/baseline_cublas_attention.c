/* baseline_cublas_attention.c: the unfused GPU attention baseline (impl `cublas`, bf16): for
 * each (batch, KV head), the query heads that share it stacked into one (group x q_len) x
 * head_dim matrix; S = scale Q K^T with cublasGemmStridedBatchedEx (bf16 in, fp32 scores), a
 * masked row softmax to bf16 P (attention_softmax_cuda.cu), then O = P V with the same call
 * (fp32 O). The score matrix is stored: that is the cost the fused kernels avoid. */
#include "baseline_cublas_attention.h"
#include "case_attention.h"
#include "gpu_case.h"

#include <stdio.h>
#include <stdlib.h>

/* The score matrix S (fp32) and P (bf16) side by side: 6 bytes per query-key pair. */
#define MAX_SCORE_BYTES ((int64_t)24 << 30)

static int64_t score_pairs(const rg_attention_problem *p) {
    return p->d.batch * p->d.heads * p->d.q_len * p->d.kv_len;
}

static int cublas_attention_supports(const void *problem, char *why, size_t whylen) {
    const rg_attention_problem *p = problem;
    const rg_attention_desc *d = &p->d;
    const int64_t rows = d->heads / d->kv_heads * d->q_len;
    if (!p->bf16) {
        snprintf(why, whylen, "the unfused cuBLAS baseline runs the bf16 cases");
        return 0;
    }
    if (d->kv_len < 1 || rows > INT32_MAX || d->kv_len > INT32_MAX || d->head_dim > INT32_MAX ||
        d->batch * d->kv_heads > INT32_MAX) {
        snprintf(why, whylen, "cuBLAS's 32-bit sizes (or kv_len 0)");
        return 0;
    }
    if (score_pairs(p) > MAX_SCORE_BYTES / 6) {
        snprintf(why, whylen, "the score matrix would take %.1f GiB (more than %lld)",
                 (double)score_pairs(p) * 6 / (1 << 30), (long long)(MAX_SCORE_BYTES >> 30));
        return 0;
    }
    return 1;
}

#ifndef RIDGE_HAVE_CUDA

static int setup(rg_harness *h, const void *problem, void **state) {
    return RG_EUNSUPPORTED;
}
static int run(void *state, const void *problem, void *set) {
    return RG_EUNSUPPORTED;
}
#define cublas_available rg__gpu_case_available

#else

#include "cublas_dyn.h"
#define cublas_available rg__cublas_available

typedef struct {
    rg__gpu_case base; /* first: the hooks take the state as one */
    const rg_attention_problem *p;
    rg__cublas cb;
    void *q, *k, *v, *p16;
    float *s, *o;
    const void *loaded;
} cublas_attention;

static int launch(void *ctx, void *stream) {
    const cublas_attention *g = ctx;
    const rg_attention_desc *d = &g->p->d;
    const int64_t group = d->heads / d->kv_heads, m = group * d->q_len, n = d->kv_len,
                  hd = d->head_dim, batches = d->batch * d->kv_heads;
    const float scale = rg_attention_scale(d), one = 1.0f, zero = 0.0f;
    /* Column-major views: S^T (n x m) = K (as hd x n, transposed) by Q (hd x m). */
    cublasStatus_t st = g->cb.api.gemm_strided_batched_ex(
        g->cb.h, CUBLAS_OP_T, CUBLAS_OP_N, (int)n, (int)m, (int)hd, &scale, g->k, CUDA_R_16BF,
        (int)hd, n * hd, g->q, CUDA_R_16BF, (int)hd, m * hd, &zero, g->s, CUDA_R_32F, (int)n, m * n,
        (int)batches, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
    if (st != CUBLAS_STATUS_SUCCESS) return RG_EDEVICE;
    if (rg__cuda_masked_softmax16(g->s, g->p16, batches * m, n, d->q_len, d->kv_len - d->q_len,
                                  d->causal, 0, stream))
        return RG_EDEVICE;
    /* O^T (hd x m) = V (hd x n) by P^T (n x m). */
    st = g->cb.api.gemm_strided_batched_ex(
        g->cb.h, CUBLAS_OP_N, CUBLAS_OP_N, (int)hd, (int)m, (int)n, &one, g->v, CUDA_R_16BF,
        (int)hd, n * hd, g->p16, CUDA_R_16BF, (int)n, m * n, &zero, g->o, CUDA_R_32F, (int)hd,
        m * hd, (int)batches, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT);
    return st == CUBLAS_STATUS_SUCCESS ? RG_OK : RG_EDEVICE;
}

static void teardown_cublas(void *state) {
    cublas_attention *g = state;
    if (g) rg__cublas_close(&g->cb);
    rg__gpu_case_teardown_hook(state);
}

static int setup(rg_harness *h, const void *problem, void **state) {
    const rg_attention_problem *p = problem;
    cublas_attention *g = calloc(1, sizeof *g);
    if (!g) return RG_ENOMEM;
    g->p = p;
    const int64_t pairs = score_pairs(p);
    int rc = rg__gpu_case_open(&g->base, h, launch, g);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->q, (size_t)p->q_elems * 2);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->k, (size_t)p->kv_elems * 2);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->v, (size_t)p->kv_elems * 2);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->s, (size_t)pairs * 4);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->p16, (size_t)pairs * 2);
    if (!rc) rc = rg__gpu_case_alloc(&g->base, &g->o, (size_t)p->q_elems * 4);
    if (!rc) rc = rg__cublas_open(&g->cb, rg__gpu_case_stream(&g->base));
    if (rc) {
        teardown_cublas(g);
        return rc;
    }
    *state = g;
    return RG_OK;
}

static int run(void *state, const void *problem, void *set) {
    cublas_attention *g = state;
    const rg_attention_problem *p = problem;
    rg_attention_set *s = set;
    int rc = RG_OK;
    if (g->loaded != set) {
        rc = rg__gpu_upload(g->q, s->qb, (size_t)p->q_elems * 2);
        if (!rc) rc = rg__gpu_upload(g->k, s->kb, (size_t)p->kv_elems * 2);
        if (!rc) rc = rg__gpu_upload(g->v, s->vb, (size_t)p->kv_elems * 2);
        if (rc) return rc;
        g->loaded = set;
    }
    rc = rg__gpu_fill_bytes(g->o, 0xff, (size_t)p->q_elems * 4);
    return rc ? rc : rg__gpu_case_call(&g->base, s->o, g->o, (size_t)p->q_elems * 4);
}

#endif

static void cublas_attention_isa(const rg_harness *h, char *out, size_t outlen) {
    snprintf(out, outlen, "cublas%s%s+softmax", h->sys.cublas_version[0] ? "-" : "",
             h->sys.cublas_version);
}

const rg_impl rg__impl_cublas_attention_bf16 = {
    .op = &rg__op_attention,
    .impl = "cublas",
    .device = "gpu",
    .dtype = "bf16",
    .available = cublas_available,
    .supports = cublas_attention_supports,
    .setup = setup,
    .run = run,
#ifdef RIDGE_HAVE_CUDA
    .teardown = teardown_cublas,
    .time_reps = rg__gpu_case_time_hook,
    .annotate = rg__gpu_case_annotate_hook,
#else
    .teardown = free,
#endif
    .isa = cublas_attention_isa,
};
