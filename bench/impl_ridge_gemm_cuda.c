/* impl_ridge_gemm_cuda.c: adapters running ridge's CUDA GEMMs (rg_cuda_sgemm on CUDA cores,
 * rg_cuda_gemm_bf16/f16 on tensor cores) on the GEMM case, with GPU buffers and event timing. */
#include "gpu_gemm.h"

#include <stdio.h>
#include <string.h>

static int ridge_cuda_gemm(void *lib, const rg_gemm_problem *p, rg__gpu_dtype t, const void *a,
                           const void *b, float *c, void *stream) {
    switch (t) {
    case RG_GPU_F32:
        return rg_cuda_sgemm(p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, a, p->lda, b,
                             p->ldb, p->beta, c, p->ldc, stream);
    case RG_GPU_BF16:
        return rg_cuda_gemm_bf16(p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, a, p->lda, b,
                                 p->ldb, p->beta, c, p->ldc, stream);
    case RG_GPU_F16:
        return rg_cuda_gemm_f16(p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, a, p->lda, b,
                                p->ldb, p->beta, c, p->ldc, stream);
    }
    return RG_EINVAL;
}

/* The tensor-core instructions that ran, after the compute capability: "sm_90 wgmma". */
static void ridge_cuda_method(const rg_gemm_problem *p, const void *a, const void *b,
                              rg_result *res) {
    size_t n = strlen(res->isa);
    snprintf(res->isa + n, sizeof res->isa - n, " %s",
             rg_cuda_mma_name(rg_cuda_mma_choice(a, p->lda, b, p->ldb)));
}

/* The kernels take the full BLAS interface (any layout, transpose and leading dimension). */
static int ridge_cuda_supports(const void *problem, char *why, size_t whylen) {
    return 1;
}

#define RIDGE_CUDA_GEMM(sym, dt, name, method)                                                     \
    static const rg__gpu_gemm_kind kind_##sym = {                                                  \
        .dtype = dt, .gemm = ridge_cuda_gemm, .name_method = method};                              \
    static int setup_##sym(rg_harness *h, const void *problem, void **state) {                     \
        return rg__gpu_gemm_setup(h, problem, &kind_##sym, state);                                 \
    }                                                                                              \
    const rg_impl sym = {.op = &rg__op_gemm,                                                       \
                         .impl = "ridge",                                                          \
                         .device = "gpu",                                                          \
                         .dtype = name,                                                            \
                         .available = rg__gpu_gemm_available,                                      \
                         .supports = ridge_cuda_supports,                                          \
                         .setup = setup_##sym,                                                     \
                         .run = rg__gpu_gemm_run,                                                  \
                         .teardown = rg__gpu_gemm_teardown,                                        \
                         .isa = rg__gpu_gemm_isa,                                                  \
                         .time_reps = rg__gpu_gemm_time,                                           \
                         .annotate = rg__gpu_gemm_annotate};

RIDGE_CUDA_GEMM(rg__impl_ridge_gemm_cuda_f32, RG_GPU_F32, "f32", NULL)
RIDGE_CUDA_GEMM(rg__impl_ridge_gemm_cuda_bf16, RG_GPU_BF16, "bf16", ridge_cuda_method)
RIDGE_CUDA_GEMM(rg__impl_ridge_gemm_cuda_f16, RG_GPU_F16, "f16", ridge_cuda_method)
