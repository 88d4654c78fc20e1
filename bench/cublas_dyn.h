/* cublas_dyn.h: cuBLAS loaded at run time (dlopen), so that ridge starts on a machine without
 * it (the cuBLAS cases then say why they cannot run) and only a run that uses cuBLAS pays for
 * its initialization (about 50 ms of page faults in its constructors, at every process start
 * when it was linked). Only with RIDGE_HAVE_CUDA. */
#ifndef RIDGE_BENCH_CUBLAS_DYN_H
#define RIDGE_BENCH_CUBLAS_DYN_H

#include <stddef.h>

#include <cublas_v2.h>

/* The entry points the baselines use, typed from cuBLAS's own declarations. */
typedef struct {
    __typeof__(&cublasCreate_v2) create;
    __typeof__(&cublasDestroy_v2) destroy;
    __typeof__(&cublasSetStream_v2) set_stream;
    __typeof__(&cublasSetMathMode) set_math_mode;
    __typeof__(&cublasSgemm_v2) sgemm;
    __typeof__(&cublasGemmEx) gemm_ex;
    __typeof__(&cublasGemmStridedBatchedEx) gemm_strided_batched_ex;
    __typeof__(&cublasGetProperty) get_property;
} rg__cublas_api;

/* Fills api from libcublas.so.<major of the headers built against>, found the loader's way
 * (LD_LIBRARY_PATH, the ld.so cache) or else in the toolkit's directory at build time. The
 * library stays loaded for the rest of the process (RTLD_NODELETE: its initialization is paid
 * once). 0, or -1 with the reason in why. */
int rg__cublas_load(rg__cublas_api *api, char *why, size_t whylen);

/* A handle with its entry points, as the cuBLAS baselines use it. */
typedef struct {
    rg__cublas_api api;
    cublasHandle_t h; /* NULL until opened */
} rg__cublas;

/* Loads cuBLAS and makes a handle on stream in the default math mode (true fp32, no TF32). 0;
 * RG_EUNSUPPORTED when cuBLAS cannot be loaded; RG_EDEVICE when it refuses (c->h is NULL then). */
int rg__cublas_open(rg__cublas *c, void *stream);
/* Destroys the handle; nothing for one never opened. */
void rg__cublas_close(rg__cublas *c);

/* The cuBLAS cases' `available` hook: a usable GPU (rg__gpu_available) and cuBLAS loadable. */
int rg__cublas_available(char *why, size_t whylen);

#endif
