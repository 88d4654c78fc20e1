/* ceilings_gpu.c: the GPU's ceilings: fp32 FMA and bf16/fp16 tensor-core peaks (dense mma.sync
 * on registers; wgmma from shared memory on Hopper), device-to-device copy bandwidth, L2 read
 * bandwidth and pinned host<->device copies, each timed by CUDA events over the plan's repetitions.
 * No GPU: nothing is added. */
#include "ceilings.h"
#include "gpu.h"
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#ifndef RIDGE_HAVE_CUDA

int rg__ceilings_gpu(rg_harness *h, const rg__ceilings_plan *plan, rg_results *out) {
    return RG_OK;
}

#else

#define MAX_REPS 64
#define COPY_BYTES ((size_t)1 << 30) /* device copies: far beyond any L2 */
#define HOST_BYTES ((size_t)256 << 20)

typedef struct {
    cudaStream_t s;
    cudaEvent_t e0, e1;
    int sms;
    int64_t l2;
} gpu_ctx;

/* Seconds of the work enqueued by fn between two events. */
static int timed(gpu_ctx *g, int (*fn)(void *u, cudaStream_t s), void *u, double *sec) {
    RG__GPU_CHECK(cudaEventRecord(g->e0, g->s));
    int rc = fn(u, g->s);
    if (rc) return rc;
    RG__GPU_CHECK(cudaEventRecord(g->e1, g->s));
    RG__GPU_CHECK(cudaEventSynchronize(g->e1));
    float ms;
    RG__GPU_CHECK(cudaEventElapsedTime(&ms, g->e0, g->e1));
    *sec = ms * 1e-3;
    return RG_OK;
}

/* Median, p10 and p90 of reps rates (amount / seconds) into c. */
static int rates(gpu_ctx *g, int (*fn)(void *u, cudaStream_t s), void *u, double amount, int reps,
                 double scale, rg_ceiling *c) {
    double r[MAX_REPS];
    if (reps > MAX_REPS) reps = MAX_REPS;
    for (int i = 0; i < reps; i++) {
        double sec;
        int rc = timed(g, fn, u, &sec);
        if (rc) return rc;
        r[i] = amount / sec * scale;
    }
    rg_time_stats st;
    int rc = rg__stats_compute(r, reps, &st);
    if (rc) return rc;
    c->value = st.median;
    c->p10 = st.p10;
    c->p90 = st.p90;
    return RG_OK;
}

typedef struct {
    rg_cuda_peak_probe probe;
    int blocks;
    int64_t iters;
    float *sink;
    double ops;
} peak_job;

static int run_peak(void *u, cudaStream_t s) {
    peak_job *j = u;
    return rg_cuda_peak_run(j->probe, j->blocks, j->iters, j->sink, &j->ops, s);
}

static int peak(gpu_ctx *g, const rg__ceilings_plan *plan, rg_cuda_peak_probe p, float *sink,
                rg_results *out) {
    static const char *const names[] = {"fp32", "bf16", "fp16", "bf16", "fp16"};
    static const char *const methods[] = {"ffma-cuda", "mma-bf16-cuda", "mma-f16-cuda",
                                          "wgmma-bf16-cuda", "wgmma-f16-cuda"};
    /* Enough warps per SM to fill every scheduler's pipeline (wgmma: one block of two
     * warpgroups per SM, the most its registers allow). */
    int wgmma = p == RG_CUDA_PEAK_BF16_WGMMA || p == RG_CUDA_PEAK_F16_WGMMA;
    peak_job j = {.probe = p,
                  .blocks = g->sms * (p == RG_CUDA_PEAK_FP32 ? 8
                                      : wgmma                ? 2
                                                             : 4),
                  .sink = sink,
                  .iters = 1024};
    double sec;
    int rc = timed(g, run_peak, &j, &sec);            /* size one repetition to the plan's length */
    if (rc == RG_EUNSUPPORTED && wgmma) return RG_OK; /* not a Hopper GPU: no such ceiling */
    if (rc) return rc;
    j.iters = (int64_t)(1024 * plan->peak_rep_s / (sec > 1e-6 ? sec : 1e-6)) + 1;
    rg_ceiling c = {.threads = j.blocks * 256};
    snprintf(c.device, sizeof c.device, "gpu");
    snprintf(c.kind, sizeof c.kind, "flops");
    snprintf(c.name, sizeof c.name, "%s", names[p]);
    snprintf(c.method, sizeof c.method, "%s", methods[p]);
    snprintf(c.unit, sizeof c.unit, "GFLOP/s");
    if ((rc = timed(g, run_peak, &j, &sec))) return rc; /* sets j.ops for these iters */
    if ((rc = rates(g, run_peak, &j, j.ops, plan->reps, 1e-9, &c))) return rc;
    return rg_results_add_ceiling(out, &c);
}

typedef struct {
    void *dst;
    const void *src;
    size_t bytes;
    enum cudaMemcpyKind kind;
} copy_job;

static int run_copy(void *u, cudaStream_t s) {
    copy_job *j = u;
    RG__GPU_CHECK(cudaMemcpyAsync(j->dst, j->src, j->bytes, j->kind, s));
    return RG_OK;
}

typedef struct {
    const float *x;
    int64_t n;
    int passes, blocks;
    float *sink;
} read_job;

static int run_read(void *u, cudaStream_t s) {
    read_job *j = u;
    return rg_cuda_read_run(j->x, j->n, j->passes, j->blocks, j->sink, s);
}

static int bandwidth(gpu_ctx *g, const char *name, const char *method, int64_t bytes, double moved,
                     int (*fn)(void *, cudaStream_t), void *job, const rg__ceilings_plan *plan,
                     rg_results *out) {
    rg_ceiling c = {.threads = 0, .size_lo = bytes, .size_hi = bytes};
    snprintf(c.device, sizeof c.device, "gpu");
    snprintf(c.kind, sizeof c.kind, "bandwidth");
    snprintf(c.name, sizeof c.name, "%s", name);
    snprintf(c.method, sizeof c.method, "%s", method);
    snprintf(c.unit, sizeof c.unit, "GB/s");
    double sec;
    int rc = timed(g, fn, job, &sec); /* warm-up (first touch, clocks) */
    if (!rc) rc = rates(g, fn, job, moved, plan->reps, 1e-9, &c);
    return rc ? rc : rg_results_add_ceiling(out, &c);
}

static int measure(gpu_ctx *g, const rg__ceilings_plan *plan, rg_results *out, void **dev,
                   void **host) {
    float *sink = dev[0];
    for (int p = 0; p < RG_CUDA_PEAK_COUNT_; p++) {
        int rc = peak(g, plan, (rg_cuda_peak_probe)p, sink, out);
        if (rc) return rc;
    }
    /* Device to device: read + write of every byte (as STREAM counts a copy). */
    copy_job d2d = {dev[2], dev[1], COPY_BYTES / 2, cudaMemcpyDeviceToDevice};
    int rc =
        bandwidth(g, "HBM", "copy-d2d", COPY_BYTES, (double)COPY_BYTES, run_copy, &d2d, plan, out);
    /* L2: half of it, read over and over (the first pass's misses amortised). */
    read_job rd = {dev[1], g->l2 / 2 / 4 / 4 * 4, 64, g->sms * 4, sink};
    if (!rc)
        rc = bandwidth(g, "L2", "read-cuda", g->l2 / 2, (double)rd.n * 4 * rd.passes, run_read, &rd,
                       plan, out);
    copy_job h2d = {dev[1], host[0], HOST_BYTES, cudaMemcpyHostToDevice};
    if (!rc)
        rc = bandwidth(g, "H2D", "copy-pinned", HOST_BYTES, (double)HOST_BYTES, run_copy, &h2d,
                       plan, out);
    copy_job d2h = {host[0], dev[1], HOST_BYTES, cudaMemcpyDeviceToHost};
    if (!rc)
        rc = bandwidth(g, "D2H", "copy-pinned", HOST_BYTES, (double)HOST_BYTES, run_copy, &d2h,
                       plan, out);
    return rc;
}

int rg__ceilings_gpu(rg_harness *h, const rg__ceilings_plan *plan, rg_results *out) {
    char why[160];
    if (!rg__gpu_available(why, sizeof why)) return RG_OK;
    gpu_ctx g = {0};
    void *dev[3] = {0}, *host[1] = {0};
    int rc = RG_OK, v = 0;
    if (cudaStreamCreateWithFlags(&g.s, cudaStreamNonBlocking) != cudaSuccess ||
        cudaEventCreate(&g.e0) != cudaSuccess || cudaEventCreate(&g.e1) != cudaSuccess ||
        cudaDeviceGetAttribute(&g.sms, cudaDevAttrMultiProcessorCount, 0) != cudaSuccess ||
        cudaDeviceGetAttribute(&v, cudaDevAttrL2CacheSize, 0) != cudaSuccess)
        rc = RG_EDEVICE;
    g.l2 = v > 0 ? v : 32 << 20;
    if (!rc) rc = rg__gpu_alloc(&dev[0], 256);
    if (!rc) rc = rg__gpu_alloc(&dev[1], COPY_BYTES / 2);
    if (!rc) rc = rg__gpu_alloc(&dev[2], COPY_BYTES / 2);
    if (!rc && cudaMallocHost(&host[0], HOST_BYTES) != cudaSuccess) rc = RG_ENOMEM;
    if (!rc) rc = rg__gpu_fill_bytes(dev[1], 0x3c, COPY_BYTES / 2); /* finite floats to read */
    if (!rc && h->progress) fprintf(stderr, "\r\033[Kceilings: gpu");
    if (!rc) rc = measure(&g, plan, out, dev, host);
    (void)cudaGetLastError();
    if (host[0]) cudaFreeHost(host[0]);
    for (int i = 0; i < 3; i++)
        rg__gpu_free(dev[i]);
    if (g.e0) cudaEventDestroy(g.e0);
    if (g.e1) cudaEventDestroy(g.e1);
    if (g.s) cudaStreamDestroy(g.s);
    return rc;
}

#endif
