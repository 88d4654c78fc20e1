/* epilogue.cuh: the tensor-core GEMMs' store of two adjacent accumulators (row r, columns c and
 * c + 1) into C: C = alpha * acc + beta * C, beta == 0 never reading C; one 8-byte store where C
 * allows (vec_c: 8-byte aligned base, even ldc), else per column within n. */
#ifndef RG_CUDA_EPILOGUE_CUH
#define RG_CUDA_EPILOGUE_CUH

#include "cuda_internal.h"

static __device__ __forceinline__ void store_pair(const rg__cuda_gemm_rm &p, int64_t r, int64_t c,
                                                  float a0, float a1, bool vec_c) {
    float *cp = p.c + r * p.ldc + c;
    float v0 = p.alpha * a0, v1 = p.alpha * a1;
    if (vec_c && c + 1 < p.n) {
        if (p.beta != 0.0f) {
            const float2 old = *reinterpret_cast<const float2 *>(cp);
            v0 = fmaf(p.beta, old.x, v0);
            v1 = fmaf(p.beta, old.y, v1);
        }
        *reinterpret_cast<float2 *>(cp) = make_float2(v0, v1);
    } else {
        if (c < p.n) cp[0] = p.beta != 0.0f ? fmaf(p.beta, cp[0], v0) : v0;
        if (c + 1 < p.n) cp[1] = p.beta != 0.0f ? fmaf(p.beta, cp[1], v1) : v1;
    }
}

#endif /* RG_CUDA_EPILOGUE_CUH */
