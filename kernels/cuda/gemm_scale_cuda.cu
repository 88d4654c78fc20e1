/* gemm_scale_cuda.cu: C = beta * C, the whole GEMM when there is no product (k == 0 or
 * alpha == 0); beta == 0 writes zeros without reading C (it may hold NaN). */
#include "cuda_internal.h"

__global__ void scale_rows(int64_t m, int64_t n, float beta, float *c, int64_t ldc) {
    const int64_t total = m * n, stride = (int64_t)gridDim.x * blockDim.x;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < total; i += stride) {
        float *x = c + (i / n) * ldc + i % n;
        *x = beta != 0.0f ? beta * *x : 0.0f;
    }
}

extern "C" int rg__cuda_scale_launch(int64_t m, int64_t n, float beta, float *c, int64_t ldc,
                                     cudaStream_t stream) {
    int64_t blocks = (m * n + 255) / 256;
    if (blocks > 4096) blocks = 4096;
    scale_rows<<<(unsigned)blocks, 256, 0, stream>>>(m, n, beta, c, ldc);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}
