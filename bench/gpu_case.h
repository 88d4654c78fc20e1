/* gpu_case.h: what every GPU adapter does around its own launches: a timing stream (events,
 * the cold-cache flush), NVML's device state before and after the case, and the case's energy
 * over a window of its own (docs/method.md, "GPU (CUDA)"). The adapters (gpu_gemm.c,
 * gpu_act.c) keep their buffers and call these from their rg_impl hooks. */
#ifndef RG_GPU_CASE_H
#define RG_GPU_CASE_H

#include "gpu.h"
#include "harness.h"

typedef struct {
    rg__gpu_timer *timer;
    rg__nvml *nvml;
    rg__gpu_state before;
    int (*launch)(void *ctx, void *stream); /* one call of the case on stream */
    void *ctx;
    char isa[16]; /* "sm_90", as rg__gpu_case_isa says */
    void *dev[8]; /* device buffers rg__gpu_case_alloc made, freed by close */
    int ndev;
} rg__gpu_case;

/* Creates the timer (cold per h's cache mode) and records the state before. 0 or an rg_status
 * (then nothing needs closing). */
int rg__gpu_case_open(rg__gpu_case *c, const rg_harness *h, int (*launch)(void *, void *),
                      void *ctx);
/* Frees the buffers of rg__gpu_case_alloc, the timer and NVML. */
void rg__gpu_case_close(rg__gpu_case *c);
/* A device buffer that close frees (at most 8). */
int rg__gpu_case_alloc(rg__gpu_case *c, void *out, size_t bytes);
void *rg__gpu_case_stream(const rg__gpu_case *c);
/* reps calls, their device time (rg_impl.time_reps). */
int rg__gpu_case_time(rg__gpu_case *c, int64_t reps, double *seconds);
/* The energy window, then the state after (rg_impl.annotate; res->time must be set). */
void rg__gpu_case_annotate(rg__gpu_case *c, rg_result *res);

/* One checked call: launch once (device time), then copy the output (bytes at dev) to host. */
int rg__gpu_case_call(rg__gpu_case *c, void *host, const void *dev, size_t bytes);

/* rg_impl hooks for adapters whose state begins with an rg__gpu_case and was malloc'ed
 * (time_reps, annotate; teardown: close, then free the state). */
void rg__gpu_case_teardown_hook(void *state);
int rg__gpu_case_time_hook(void *state, int64_t reps, double *seconds);
void rg__gpu_case_annotate_hook(void *state, rg_result *res);

/* The rg_impl hooks that need no adapter state: rg__gpu_available, and "sm_90" as the path. */
int rg__gpu_case_available(char *why, size_t whylen);
void rg__gpu_case_isa(const rg_harness *h, char *out, size_t outlen);

#endif /* RG_GPU_CASE_H */
