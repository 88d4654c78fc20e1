/* probe_cuda.cu: loops with a known instruction mix for the GPU's ceilings: fp32 FMA chains,
 * dense mma.sync on register operands (bf16, fp16), and a read sweep over a buffer that fits
 * in L2. They know nothing of timing: the harness brackets them with events. */
#include "cuda_internal.h"

#define PEAK_THREADS 256
#define FMA_CHAINS 8 /* independent chains per thread: cover the FMA latency (4 cycles) */
#define MMA_CHAINS 4 /* independent accumulators per warp */

/* Each iteration: FMA_CHAINS dependent-free FMAs per thread (2 flops each). */
__global__ void __launch_bounds__(PEAK_THREADS) peak_fp32(int64_t iters, float *sink) {
    float x[FMA_CHAINS];
    const float m = 1.0f + 1e-7f * threadIdx.x, s = -1e-7f;
#pragma unroll
    for (int c = 0; c < FMA_CHAINS; c++)
        x[c] = (float)(threadIdx.x + c);
    for (int64_t i = 0; i < iters; i++)
#pragma unroll
        for (int c = 0; c < FMA_CHAINS; c++)
            x[c] = fmaf(x[c], m, s);
    float t = 0;
#pragma unroll
    for (int c = 0; c < FMA_CHAINS; c++)
        t += x[c];
    if (t == 12345.0f) *sink = t; /* never true in practice; keeps the loop */
}

/* Each iteration: MMA_CHAINS m16n8k16 per warp = MMA_CHAINS * 4096 flops. */
template <bool F16>
__global__ void __launch_bounds__(PEAK_THREADS) peak_mma(int64_t iters, float *sink) {
    uint32_t a[4], b[2];
    for (int r = 0; r < 4; r++)
        a[r] = 0x3c003c00u ^ (threadIdx.x * 0x10001u); /* varied operands, not all zeros */
    b[0] = a[1];
    b[1] = a[2];
    float d[MMA_CHAINS][4] = {};
    for (int64_t i = 0; i < iters; i++)
#pragma unroll
        for (int c = 0; c < MMA_CHAINS; c++) {
            if (F16)
                asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, "
                             "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                             : "+f"(d[c][0]), "+f"(d[c][1]), "+f"(d[c][2]), "+f"(d[c][3])
                             : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
            else
                asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, "
                             "{%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
                             : "+f"(d[c][0]), "+f"(d[c][1]), "+f"(d[c][2]), "+f"(d[c][3])
                             : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
        }
    float t = 0;
#pragma unroll
    for (int c = 0; c < MMA_CHAINS; c++)
        t += d[c][0] + d[c][1] + d[c][2] + d[c][3];
    if (t == 12345.0f) *sink = t;
}

/* passes sweeps of 16-byte loads over x (n floats, a multiple of 4): with x smaller than L2,
 * every pass after the first is served from L2. */
__global__ void read_passes(const float4 *x, int64_t n4, int passes, float *sink) {
    float4 acc = make_float4(0, 0, 0, 0);
    const int64_t stride = (int64_t)gridDim.x * blockDim.x;
    for (int p = 0; p < passes; p++)
        for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += stride) {
            const float4 v = __ldcg(x + i); /* cache in L2 only: the L1 must not serve it */
            acc.x += v.x;
            acc.y += v.y;
            acc.z += v.z;
            acc.w += v.w;
        }
    if (acc.x + acc.y + acc.z + acc.w == 12345.0f) *sink = acc.x;
}

extern "C" int rg_cuda_peak_run(rg_cuda_peak_probe p, int blocks, int64_t iters, float *sink,
                                double *ops, void *stream) {
    if (blocks < 1 || iters < 1 || !sink || !ops) return RG_EINVAL;
    cudaStream_t s = (cudaStream_t)stream;
    const double threads = (double)blocks * PEAK_THREADS, warps = threads / 32;
    switch (p) {
    case RG_CUDA_PEAK_FP32:
        peak_fp32<<<blocks, PEAK_THREADS, 0, s>>>(iters, sink);
        *ops = threads * (double)iters * FMA_CHAINS * 2;
        break;
    case RG_CUDA_PEAK_BF16:
        peak_mma<false><<<blocks, PEAK_THREADS, 0, s>>>(iters, sink);
        *ops = warps * (double)iters * MMA_CHAINS * 16 * 8 * 16 * 2;
        break;
    case RG_CUDA_PEAK_F16:
        peak_mma<true><<<blocks, PEAK_THREADS, 0, s>>>(iters, sink);
        *ops = warps * (double)iters * MMA_CHAINS * 16 * 8 * 16 * 2;
        break;
    default:
        return RG_EINVAL;
    }
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}

extern "C" int rg_cuda_read_run(const float *x, int64_t n, int passes, int blocks, float *sink,
                                void *stream) {
    if (!x || n < 4 || n % 4 || passes < 1 || blocks < 1 || !sink || (uintptr_t)x % 16)
        return RG_EINVAL;
    read_passes<<<blocks, 256, 0, (cudaStream_t)stream>>>((const float4 *)x, n / 4, passes, sink);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}
