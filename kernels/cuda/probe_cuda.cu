/* probe_cuda.cu: loops with a known instruction mix for the GPU's ceilings: fp32 FMA chains,
 * dense mma.sync on register operands (bf16, fp16), wgmma from shared memory (Hopper), and a
 * read sweep over a buffer that fits
 * in L2. They know nothing of timing: the harness brackets them with events. */
#include "cuda_internal.h"
#include "wgmma_sm90a.cuh"

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

/* Each iteration: each of the block's two warpgroups issues four m64n256k16 wgmma from shared
 * memory (64 x 64 A, 256 x 64 B, varied finite values), one group kept in flight. sm_90a only. */
#define WGMMA_SMEM (64 * 128 + 256 * 128 + 1024)
template <bool F16>
__global__ void __launch_bounds__(256, 1) peak_wgmma(int64_t iters, float *sink) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    extern __shared__ unsigned char smem[];
    const uint32_t s0 = ((uint32_t)__cvta_generic_to_shared(smem) + 1023) & ~1023u;
    uint32_t *w =
        reinterpret_cast<uint32_t *>(smem + (s0 - (uint32_t)__cvta_generic_to_shared(smem)));
    for (int i = threadIdx.x; i < (WGMMA_SMEM - 1024) / 4; i += blockDim.x)
        w[i] = (0x3c00u + (i & 0xff)) * 0x10001u; /* small finite bf16 and fp16 alike */
    asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
    __syncthreads();
    float d[128];
#pragma unroll
    for (int i = 0; i < 128; i++)
        d[i] = 0.0f;
    for (int64_t it = 0; it < iters; it++) {
        fence_acc(d);
        asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
#pragma unroll
        for (int ks = 0; ks < 4; ks++)
            wgmma_k16<F16, 0, 0>(d, smem_desc(s0 + ks * 32, 16, 1024),
                                 smem_desc(s0 + 64 * 128 + ks * 32, 16, 1024));
        asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
        wgmma_wait<1>();
    }
    wgmma_wait<0>();
    fence_acc(d);
    float t = 0;
#pragma unroll
    for (int i = 0; i < 128; i++)
        t += d[i];
    if (t == 12345.0f) *sink = t;
#endif
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
    case RG_CUDA_PEAK_BF16_WGMMA:
    case RG_CUDA_PEAK_F16_WGMMA: {
        if (!rg__cuda_sm90a_runs()) return RG_EUNSUPPORTED;
        if (p == RG_CUDA_PEAK_F16_WGMMA)
            peak_wgmma<true><<<blocks, PEAK_THREADS, WGMMA_SMEM, s>>>(iters, sink);
        else
            peak_wgmma<false><<<blocks, PEAK_THREADS, WGMMA_SMEM, s>>>(iters, sink);
        *ops = (double)blocks * 2 * (double)iters * 4 * 64 * 256 * 16 * 2;
        break;
    }
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
