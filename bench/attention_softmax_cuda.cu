/* attention_softmax_cuda.cu: the middle step of the unfused attention baseline (cuBLAS, softmax,
 * cuBLAS): scaled scores S (fp32, rows of kv_len) to probabilities P in 16 bits with the
 * bottom-right causal mask, one warp per row. A row with no allowed key gets zeros (the fused
 * kernels' convention). Part of the baseline adapter, not of libridge. */
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime_api.h>
#include <math.h>
#include <stdint.h>

#include "baseline_cublas_attention.h"

template <bool F16> static __device__ __forceinline__ uint16_t to16(float x) {
    return F16 ? __half_as_ushort(__float2half_rn(x))
               : __bfloat16_as_ushort(__float2bfloat16_rn(x));
}

/* Row r is query r % q_len of its head group; it may see keys j < limit. */
template <bool F16>
__global__ void __launch_bounds__(256)
    masked_softmax(const float *s, uint16_t *p, int64_t rows, int64_t cols, int64_t q_len,
                   int64_t shift, int causal) {
    const int lane = threadIdx.x % 32;
    const int64_t r = (int64_t)blockIdx.x * 8 + threadIdx.x / 32;
    if (r >= rows) return;
    const float *sr = s + r * cols;
    uint16_t *pr = p + r * cols;
    int64_t limit = cols;
    if (causal) {
        const int64_t l = r % q_len + shift + 1;
        limit = l < 0 ? 0 : l < cols ? l : cols;
    }
    float m = -INFINITY, sum = 0.0f;
    for (int64_t j = lane; j < limit; j += 32) {
        const float v = sr[j];
        if (v > m) {
            sum = sum * expf(m - v) + 1.0f;
            m = v;
        } else {
            sum += expf(v - m);
        }
    }
    float mr = m;
#pragma unroll
    for (int o = 16; o > 0; o >>= 1)
        mr = fmaxf(mr, __shfl_xor_sync(0xffffffffu, mr, o));
    float part = sum == 0.0f ? 0.0f : sum * expf(m - mr);
#pragma unroll
    for (int o = 16; o > 0; o >>= 1)
        part += __shfl_xor_sync(0xffffffffu, part, o);
    const float inv = part > 0.0f ? 1.0f / part : 0.0f;
    for (int64_t j = lane; j < cols; j += 32)
        pr[j] = to16<F16>(j < limit ? expf(sr[j] - mr) * inv : 0.0f);
}

extern "C" int rg__cuda_masked_softmax16(const float *s, uint16_t *p, int64_t rows, int64_t cols,
                                         int64_t q_len, int64_t shift, int causal, int f16,
                                         void *stream) {
    if ((rows + 7) / 8 > 0x7fffffff) return -1;
    const unsigned blocks = (unsigned)((rows + 7) / 8);
    cudaStream_t st = (cudaStream_t)stream;
    if (f16)
        masked_softmax<true><<<blocks, 256, 0, st>>>(s, p, rows, cols, q_len, shift, causal);
    else
        masked_softmax<false><<<blocks, 256, 0, st>>>(s, p, rows, cols, q_len, shift, causal);
    return cudaGetLastError() == cudaSuccess ? 0 : -1;
}
