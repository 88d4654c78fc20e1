/* gpu_runtime.c: the harness's CUDA runtime calls: device presence, buffers, event timing with
 * an L2 flush, and the GPU part of sysinfo. */
#include "gpu.h"

#include "ridge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef RIDGE_HAVE_CUDA

int rg__gpu_available(char *why, size_t whylen) {
    snprintf(why, whylen, "built without CUDA");
    return 0;
}
void rg__gpu_sysinfo(rg_sysinfo *s) {
    snprintf(s->gpu_note, sizeof s->gpu_note, "built without CUDA");
}
int64_t rg__gpu_free_bytes(void) {
    return -1;
}
int rg__gpu_alloc(void **p, size_t bytes) {
    return RG_EUNSUPPORTED;
}
void rg__gpu_free(void *p) {}
int rg__gpu_upload(void *dst, const void *src, size_t bytes) {
    return RG_EUNSUPPORTED;
}
int rg__gpu_download(void *dst, const void *src, size_t bytes) {
    return RG_EUNSUPPORTED;
}
int rg__gpu_fill_bytes(void *dst, int byte, size_t bytes) {
    return RG_EUNSUPPORTED;
}
int rg__gpu_timer_create(int cold, rg__gpu_timer **out) {
    return RG_EUNSUPPORTED;
}
void rg__gpu_timer_destroy(rg__gpu_timer *t) {}
void *rg__gpu_timer_stream(const rg__gpu_timer *t) {
    return NULL;
}
int rg__gpu_timer_run(rg__gpu_timer *t, int (*launch)(void *ctx, void *stream), void *ctx,
                      int64_t reps, double *seconds) {
    return RG_EUNSUPPORTED;
}

#else

#include <cuda_runtime_api.h>

#include "cublas_dyn.h"

#define CHECK RG__GPU_CHECK

int rg__gpu_available(char *why, size_t whylen) {
    int n = 0;
    cudaError_t e = cudaGetDeviceCount(&n);
    if (e == cudaErrorInsufficientDriver || e == cudaErrorNoDevice || e != cudaSuccess) {
        snprintf(why, whylen, "%s: cudaGetDeviceCount: %s",
                 e == cudaErrorNoDevice ? "no CUDA device" : "no CUDA driver",
                 cudaGetErrorString(e));
        (void)cudaGetLastError();
        return 0;
    }
    if (n < 1) {
        snprintf(why, whylen, "no CUDA device: cudaGetDeviceCount found none");
        return 0;
    }
    struct cudaDeviceProp pr;
    if (cudaGetDeviceProperties(&pr, 0) != cudaSuccess) {
        snprintf(why, whylen, "cudaGetDeviceProperties: %s",
                 cudaGetErrorString(cudaGetLastError()));
        return 0;
    }
    if (pr.major < 8) {
        snprintf(why, whylen, "%s is compute capability %d.%d; ridge's GPU kernels need 8.0+",
                 pr.name, pr.major, pr.minor);
        return 0;
    }
    return 1;
}

static void version_string(char *out, size_t len, int v) {
    if (v > 0) snprintf(out, len, "%d.%d", v / 1000, v % 1000 / 10);
}

void rg__gpu_sysinfo(rg_sysinfo *s) {
    int v = 0;
    if (cudaRuntimeGetVersion(&v) == cudaSuccess)
        version_string(s->cuda_runtime_version, sizeof s->cuda_runtime_version, v);
    v = 0;
    if (cudaDriverGetVersion(&v) == cudaSuccess)
        version_string(s->cuda_driver_version, sizeof s->cuda_driver_version, v);
    (void)cudaGetLastError();
    char why[sizeof s->gpu_note];
    if (!rg__gpu_available(why, sizeof why)) {
        snprintf(s->gpu_note, sizeof s->gpu_note, "%s", why);
        return;
    }
    /* cuBLAS's version where it can run (loading it costs its initialization: not without a GPU).
     */
    rg__cublas_api cb;
    int ma = 0, mi = 0, pa = 0;
    if (rg__cublas_load(&cb, why, sizeof why) == 0 &&
        cb.get_property(MAJOR_VERSION, &ma) == CUBLAS_STATUS_SUCCESS &&
        cb.get_property(MINOR_VERSION, &mi) == CUBLAS_STATUS_SUCCESS &&
        cb.get_property(PATCH_LEVEL, &pa) == CUBLAS_STATUS_SUCCESS)
        snprintf(s->cublas_version, sizeof s->cublas_version, "%d.%d.%d", ma, mi, pa);
    struct cudaDeviceProp pr;
    if (cudaGetDeviceProperties(&pr, 0) != cudaSuccess) return;
    snprintf(s->gpu_name, sizeof s->gpu_name, "%.95s", pr.name);
    snprintf(s->gpu_cc, sizeof s->gpu_cc, "%d.%d", pr.major, pr.minor);
    s->gpu_sm_count = pr.multiProcessorCount;
    s->gpu_mem_bytes = (int64_t)pr.totalGlobalMem;
    s->gpu_l2_bytes = pr.l2CacheSize;
    s->gpu_ecc = pr.ECCEnabled != 0;
    int khz = 0;
    if (cudaDeviceGetAttribute(&khz, cudaDevAttrClockRate, 0) == cudaSuccess)
        s->gpu_sm_mhz_max = khz / 1000.0;
    if (cudaDeviceGetAttribute(&khz, cudaDevAttrMemoryClockRate, 0) == cudaSuccess)
        s->gpu_mem_mhz_max = khz / 1000.0;
    (void)cudaGetLastError();
    rg__nvml *n = rg__nvml_open(); /* its clocks and driver version, when present, win */
    if (n) {
        rg__nvml_sysinfo(n, s);
        rg__nvml_close(n);
    }
}

int64_t rg__gpu_free_bytes(void) {
    size_t free_b = 0, total = 0;
    if (cudaMemGetInfo(&free_b, &total) != cudaSuccess) {
        (void)cudaGetLastError();
        return -1;
    }
    return (int64_t)free_b;
}

int rg__gpu_alloc(void **p, size_t bytes) {
    cudaError_t e = cudaMalloc(p, bytes ? bytes : 256);
    if (e == cudaErrorMemoryAllocation) {
        (void)cudaGetLastError();
        return RG_ENOMEM;
    }
    CHECK(e);
    return RG_OK;
}
void rg__gpu_free(void *p) {
    if (p) cudaFree(p);
}
int rg__gpu_upload(void *dst, const void *src, size_t bytes) {
    CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice));
    return RG_OK;
}
int rg__gpu_download(void *dst, const void *src, size_t bytes) {
    CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyDeviceToHost));
    return RG_OK;
}
int rg__gpu_fill_bytes(void *dst, int byte, size_t bytes) {
    CHECK(cudaMemset(dst, byte, bytes));
    return RG_OK;
}

struct rg__gpu_timer {
    cudaStream_t stream;
    cudaEvent_t ev[2];
    void *flush; /* cold: twice the L2, overwritten before every timed launch */
    size_t flush_bytes;
};

void rg__gpu_timer_destroy(rg__gpu_timer *t) {
    if (!t) return;
    if (t->ev[0]) cudaEventDestroy(t->ev[0]);
    if (t->ev[1]) cudaEventDestroy(t->ev[1]);
    if (t->stream) cudaStreamDestroy(t->stream);
    rg__gpu_free(t->flush);
    free(t);
}

static int timer_init(rg__gpu_timer *t, int cold) {
    CHECK(cudaStreamCreateWithFlags(&t->stream, cudaStreamNonBlocking));
    CHECK(cudaEventCreate(&t->ev[0]));
    CHECK(cudaEventCreate(&t->ev[1]));
    if (cold) {
        int l2 = 0;
        CHECK(cudaDeviceGetAttribute(&l2, cudaDevAttrL2CacheSize, 0));
        t->flush_bytes = 2 * (size_t)(l2 > 0 ? l2 : 64 << 20);
        return rg__gpu_alloc(&t->flush, t->flush_bytes);
    }
    return RG_OK;
}

int rg__gpu_timer_create(int cold, rg__gpu_timer **out) {
    rg__gpu_timer *t = calloc(1, sizeof *t);
    if (!t) return RG_ENOMEM;
    int rc = timer_init(t, cold);
    if (rc) {
        rg__gpu_timer_destroy(t);
        return rc;
    }
    *out = t;
    return RG_OK;
}

void *rg__gpu_timer_stream(const rg__gpu_timer *t) {
    return t->stream;
}

int rg__gpu_timer_run(rg__gpu_timer *t, int (*launch)(void *ctx, void *stream), void *ctx,
                      int64_t reps, double *seconds) {
    double total = 0;
    int rc = RG_OK;
    for (int64_t r = 0; r < reps && rc == RG_OK;) {
        /* Warm: all reps between one pair of events; cold: one launch per pair. */
        int64_t now = t->flush ? 1 : reps;
        if (t->flush)
            CHECK(cudaMemsetAsync(t->flush, r & 1 ? 0x55 : 0xaa, t->flush_bytes, t->stream));
        CHECK(cudaEventRecord(t->ev[0], t->stream));
        for (int64_t i = 0; i < now && rc == RG_OK; i++)
            rc = launch(ctx, t->stream);
        CHECK(cudaEventRecord(t->ev[1], t->stream));
        CHECK(cudaEventSynchronize(t->ev[1]));
        float ms = 0;
        CHECK(cudaEventElapsedTime(&ms, t->ev[0], t->ev[1]));
        total += ms * 1e-3;
        r += now;
    }
    if (rc) return rc;
    CHECK(cudaGetLastError()); /* an asynchronous fault of the launches */
    *seconds = total;
    return RG_OK;
}

#endif

int rg__gpu_fits(int64_t need, int64_t free_bytes, char *why, size_t whylen) {
    if (free_bytes < 0 || need <= free_bytes) return 1;
    snprintf(why, whylen, "needs %lld bytes of GPU memory, only %lld free", (long long)need,
             (long long)free_bytes);
    return 0;
}
