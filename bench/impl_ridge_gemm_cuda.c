/* impl_ridge_gemm_cuda.c: adapters running ridge's CUDA GEMMs (rg_cuda_sgemm on CUDA cores,
 * rg_cuda_gemm_bf16/f16 on tensor cores) on the GEMM case, with GPU buffers and event timing. */
#include "gpu_gemm.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int cuda_gemm(rg_cuda_mma method, const rg_gemm_problem *p, rg__gpu_dtype t, const void *a,
                     const void *b, float *c, void *stream) {
    if (t == RG_GPU_F32)
        return rg_cuda_sgemm(p->layout, p->ta, p->tb, p->m, p->n, p->k, p->alpha, a, p->lda, b,
                             p->ldb, p->beta, c, p->ldc, stream);
    return rg_cuda_gemm_mma(method, t == RG_GPU_F16 ? RG_CUDA_F16 : RG_CUDA_BF16, p->layout, p->ta,
                            p->tb, p->m, p->n, p->k, p->alpha, a, p->lda, b, p->ldb, p->beta, c,
                            p->ldc, stream);
}
/* "ridge": what rg_cuda_gemm_bf16/f16 run (AUTO: wgmma on Hopper); "ridge-mma.sync" pins the
 * sm_80 kernel, to measure the two side by side on a Hopper GPU. */
static int ridge_cuda_gemm(void *lib, const rg_gemm_problem *p, rg__gpu_dtype t, const void *a,
                           const void *b, float *c, void *stream) {
    return cuda_gemm(RG_CUDA_MMA_AUTO, p, t, a, b, c, stream);
}
static int ridge_cuda_gemm_sync(void *lib, const rg_gemm_problem *p, rg__gpu_dtype t, const void *a,
                                const void *b, float *c, void *stream) {
    return cuda_gemm(RG_CUDA_MMA_SYNC, p, t, a, b, c, stream);
}
/* The tensor-core instructions that ran, after the compute capability: "sm_90 wgmma.tma", or
 * "sm_90 mma.sync decode" for the few-row kernel. */
static void method_name(rg_cuda_mma method, const void *a, const void *b, const rg_gemm_problem *p,
                        rg_result *res) {
    const int decode =
        method == RG_CUDA_MMA_AUTO &&
        rg_cuda_gemm_decode_runs(p->layout, p->ta, p->tb, p->m, p->n, p->k, a, p->lda, b, p->ldb);
    if (method == RG_CUDA_MMA_AUTO)
        method = decode ? RG_CUDA_MMA_SYNC : rg_cuda_mma_choice(a, p->lda, b, p->ldb);
    size_t n = strlen(res->isa);
    snprintf(res->isa + n, sizeof res->isa - n, " %s%s", rg_cuda_mma_name(method),
             decode ? " decode" : "");
}
static void name_auto(const rg_gemm_problem *p, const void *a, const void *b, rg_result *res) {
    method_name(RG_CUDA_MMA_AUTO, a, b, p, res);
}
static void name_sync(const rg_gemm_problem *p, const void *a, const void *b, rg_result *res) {
    method_name(RG_CUDA_MMA_SYNC, a, b, p, res);
}
/* The kernels take the full BLAS interface (any layout, transpose and leading dimension). */
static int ridge_cuda_supports(const void *problem, char *why, size_t whylen) {
    return 1;
}
#define RIDGE_CUDA_GEMM(sym, dt, name, impl_name, fn, method)                                      \
    static const rg__gpu_gemm_kind kind_##sym = {.dtype = dt, .gemm = fn, .name_method = method};  \
    static int setup_##sym(rg_harness *h, const void *problem, void **state) {                     \
        return rg__gpu_gemm_setup(h, problem, &kind_##sym, state);                                 \
    }                                                                                              \
    const rg_impl sym = {.op = &rg__op_gemm,                                                       \
                         .impl = impl_name,                                                        \
                         .device = "gpu",                                                          \
                         .dtype = name,                                                            \
                         .available = rg__gpu_case_available,                                      \
                         .supports = ridge_cuda_supports,                                          \
                         .setup = setup_##sym,                                                     \
                         .run = rg__gpu_gemm_run,                                                  \
                         .teardown = rg__gpu_gemm_teardown,                                        \
                         .isa = rg__gpu_case_isa,                                                  \
                         .time_reps = rg__gpu_case_time_hook,                                      \
                         .annotate = rg__gpu_gemm_annotate};

RIDGE_CUDA_GEMM(rg__impl_ridge_gemm_cuda_f32, RG_GPU_F32, "f32", "ridge", ridge_cuda_gemm, NULL)
RIDGE_CUDA_GEMM(rg__impl_ridge_gemm_cuda_bf16, RG_GPU_BF16, "bf16", "ridge", ridge_cuda_gemm,
                name_auto)
RIDGE_CUDA_GEMM(rg__impl_ridge_gemm_cuda_f16, RG_GPU_F16, "f16", "ridge", ridge_cuda_gemm,
                name_auto)
RIDGE_CUDA_GEMM(rg__impl_ridge_sync_gemm_cuda_bf16, RG_GPU_BF16, "bf16", "ridge-mma.sync",
                ridge_cuda_gemm_sync, name_sync)
RIDGE_CUDA_GEMM(rg__impl_ridge_sync_gemm_cuda_f16, RG_GPU_F16, "f16", "ridge-mma.sync",
                ridge_cuda_gemm_sync, name_sync)
