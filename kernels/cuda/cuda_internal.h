/* cuda_internal.h: what libridge's CUDA sources share: the checking macro and the row-major
 * launchers the public front end (gemm_cuda.c) calls. Not part of the public API. */
#ifndef RG_CUDA_INTERNAL_H
#define RG_CUDA_INTERNAL_H

#include <stdint.h>

#include <cuda_runtime_api.h>

#include "ridge.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every CUDA runtime call in libridge goes through here: a failure returns RG_EDEVICE from the
 * calling function after cudaGetLastError() has cleared a non-sticky error, so the next call
 * does not inherit it. (The kernels know nothing of reporting: the caller names the call.) */
#define RG__CUDA_CHECK(call)                                                                       \
    do {                                                                                           \
        if ((call) != cudaSuccess) {                                                               \
            (void)cudaGetLastError();                                                              \
            return RG_EDEVICE;                                                                     \
        }                                                                                          \
    } while (0)

/* A row-major GEMM after the front end has folded the layout away: C (m x n, ldc) =
 * alpha * op(A) op(B) + beta * C, op(A) m x k stored m x k (ta 0) or k x m (ta 1), op(B) k x n
 * stored k x n (tb 0) or n x k (tb 1). m, n, k >= 1, alpha != 0. beta == 0 never reads C. The
 * launchers enqueue on stream and return the launch's status. */
typedef struct {
    int64_t m, n, k;
    int ta, tb;
    float alpha, beta;
    const void *a, *b;
    int64_t lda, ldb;
    float *c;
    int64_t ldc;
} rg__cuda_gemm_rm;

int rg__cuda_sgemm_launch(const rg__cuda_gemm_rm *p, cudaStream_t stream);
/* bf16 (is_f16 0) or fp16 (1) operands on tensor cores (mma.sync), fp32 accumulation and C. */
int rg__cuda_gemm_mma_launch(const rg__cuda_gemm_rm *p, int is_f16, cudaStream_t stream);
/* The same on Hopper's wgmma fed by TMA (gemm_wgmma_cuda.cu); usable: compute capability 9.0,
 * A and B 16-byte aligned with leading dimensions a multiple of 8 elements. */
int rg__cuda_gemm_wgmma_launch(const rg__cuda_gemm_rm *p, int is_f16, cudaStream_t stream);
int rg__cuda_wgmma_usable(const void *a, int64_t lda, const void *b, int64_t ldb);
/* Few rows against weights stored n x k (gemm_decode_cuda.cu): m <= 16, A rows and B rows
 * contiguous in k (ta 0, tb 1), k, lda and ldb multiples of 8, A and B 16-byte aligned. */
int rg__cuda_gemm_decode_fits(const rg__cuda_gemm_rm *p);
int rg__cuda_gemm_decode_launch(const rg__cuda_gemm_rm *p, int is_f16, cudaStream_t stream);
/* 1 when the current device is compute capability 9.0, the only one the sm_90a image (wgmma)
 * runs on; 0 otherwise or when it cannot be asked. */
int rg__cuda_sm90a_runs(void);
/* C = beta * C over m x n (beta 0: zeros, C not read): the k == 0 or alpha == 0 product. */
int rg__cuda_scale_launch(int64_t m, int64_t n, float beta, float *c, int64_t ldc,
                          cudaStream_t stream);

#ifdef __cplusplus
}
#endif
#endif /* RG_CUDA_INTERNAL_H */
