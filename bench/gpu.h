/* gpu.h: the harness's GPU plumbing (CUDA runtime, events, NVML), shared by the GPU adapters,
 * the GPU ceilings and sysinfo. Compiled with and without CUDA: without it (RIDGE_HAVE_CUDA
 * undefined) nothing is available and every reason says "built without CUDA". */
#ifndef RG_GPU_H
#define RG_GPU_H

#include <stddef.h>
#include <stdint.h>

#include "results.h"

#ifdef RIDGE_HAVE_CUDA
#include <cuda_runtime_api.h>
/* The harness's one checking macro for CUDA calls: a failure returns RG_EDEVICE from the calling
 * function after clearing a non-sticky error, so the next call does not inherit it. */
#define RG__GPU_CHECK(call)                                                                        \
    do {                                                                                           \
        if ((call) != cudaSuccess) {                                                               \
            (void)cudaGetLastError();                                                              \
            return RG_EDEVICE;                                                                     \
        }                                                                                          \
    } while (0)
#endif

/* 1 when a CUDA device can run here; else 0 and why, e.g. "no CUDA driver: cudaGetDeviceCount:
 * CUDA driver version is insufficient for CUDA runtime version". Device 0 is the one used. */
int rg__gpu_available(char *why, size_t whylen);

/* The GPU fields of the system block (name, SMs, memory, clocks, ECC, versions), or gpu_note. */
void rg__gpu_sysinfo(rg_sysinfo *s);

/* Free device memory in bytes (cudaMemGetInfo), or -1 when there is no device to ask. */
int64_t rg__gpu_free_bytes(void);
/* Whether a case needing `need` bytes of device buffers fits in `free_bytes` (-1: unknown, so
 * it is tried); if not, why says so with both figures. */
int rg__gpu_fits(int64_t need, int64_t free_bytes, char *why, size_t whylen);

/* Device buffers; 0 or a negative rg_status (RG_ENOMEM when the device is full). */
int rg__gpu_alloc(void **p, size_t bytes);
void rg__gpu_free(void *p);
int rg__gpu_upload(void *dst, const void *src, size_t bytes);
int rg__gpu_download(void *dst, const void *src, size_t bytes);
int rg__gpu_fill_bytes(void *dst, int byte, size_t bytes); /* cudaMemset */

/* A stream with events for timing, and (cold) a buffer larger than the L2 to flush it with. */
typedef struct rg__gpu_timer rg__gpu_timer;
int rg__gpu_timer_create(int cold, rg__gpu_timer **out);
void rg__gpu_timer_destroy(rg__gpu_timer *t);
void *rg__gpu_timer_stream(const rg__gpu_timer *t); /* its cudaStream_t */
/* Runs launch(ctx, stream) reps times and sets *seconds to their device time (CUDA events).
 * Warm: one event pair around the back-to-back launches. Cold: the L2 is overwritten (a memset
 * of the flush buffer) before each launch, outside its own event pair. Waits for the stream. */
int rg__gpu_timer_run(rg__gpu_timer *t, int (*launch)(void *ctx, void *stream), void *ctx,
                      int64_t reps, double *seconds);

/* NVML, loaded with dlopen at run time (a machine without the driver has no libnvidia-ml). */
typedef struct rg__nvml rg__nvml;
typedef struct {
    int valid;
    double sm_mhz, sm_mhz_max, temp_c, power_w;
    unsigned long long reasons; /* clock-event (throttle) reason bits */
} rg__gpu_state;
/* NULL when NVML or the device cannot be opened. */
rg__nvml *rg__nvml_open(void);
void rg__nvml_close(rg__nvml *n);
int rg__nvml_state(rg__nvml *n, rg__gpu_state *out);
/* Energy since the driver loaded, in joules; RG_EUNSUPPORTED when the GPU does not count it. */
int rg__nvml_energy(rg__nvml *n, double *joules);
/* Fills the gpu_* fields of a result from the states before and after its case. */
void rg__gpu_state_record(const rg__gpu_state *before, const rg__gpu_state *after, rg_result *res);
/* Versions and limits NVML knows (driver version, maximum clocks, ECC), into s. */
void rg__nvml_sysinfo(rg__nvml *n, rg_sysinfo *s);

#endif /* RG_GPU_H */
