/* gemm_decode_cuda.cu: 16-bit GEMMs with few rows (decode: m <= 16 tokens) against weights stored
 * n x k (nn.Linear's layout, tb), A's rows contiguous in k (ta 0). The big kernels' 128-row tiles
 * would leave most of each mma and most SMs idle and read B at a fraction of the memory's rate;
 * here B is read once, straight from global memory into mma fragments, with no shared memory.
 *
 * A block of 4 warps takes 8 columns of C (8 rows of B) and splits k between its warps in
 * chunks of 32: in chunk c, lane (g = lane / 4, t = lane % 4) loads 16 bytes of B's row n0 + g
 * (k = 32c + 8t .. + 7) and the same 16 bytes of A's rows g and g + 8 (zeros past m). Because a
 * dot product does not care in which order k is summed, those 8 k values serve as the lane's
 * fragment k positions {2t, 2t + 1, 2t + 8, 2t + 9} of two m16n8k16 steps (words x, y, then z,
 * w), the same permutation for A and B: 16-byte loads instead of the 4-byte pieces the fragment
 * layout would ask for. The 4 warps' 16 x 8 accumulators meet in shared memory; warp 0 writes
 * C = alpha * acc + beta * C (epilogue.cuh). */
#include "cuda_internal.h"
#include "epilogue.cuh"
#include "mma_sm80.cuh"

#define DEC_WARPS 4
#define DEC_UNROLL 4 /* 32-k chunks whose loads a lane has in flight at once */

template <bool F16>
__global__ void __launch_bounds__(DEC_WARPS * 32) gemm_decode(rg__cuda_gemm_rm p) {
    __shared__ float red[DEC_WARPS - 1][32][4];
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, g = lane / 4, t = lane % 4;
    const int64_t n0 = (int64_t)blockIdx.x * 8;
    const bool has_b = n0 + g < p.n, has_a0 = g < p.m, has_a1 = g + 8 < p.m;
    const uint16_t *A = (const uint16_t *)p.a, *B = (const uint16_t *)p.b;
    const uint16_t *brow = B + (has_b ? n0 + g : 0) * p.ldb + 8 * t;
    const uint16_t *a0 = A + (has_a0 ? g : 0) * p.lda + 8 * t;
    const uint16_t *a1 = A + (has_a1 ? g + 8 : 0) * p.lda + 8 * t;
    const int64_t chunks = (p.k + 31) / 32;
    const uint4 zero = make_uint4(0, 0, 0, 0);
    float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};

    /* Warp w takes chunks w, w + 4, ...: at any moment the 4 warps read 256 adjacent bytes of
     * each row. */
    for (int64_t c0 = warp; c0 < chunks; c0 += DEC_WARPS * DEC_UNROLL) {
        uint4 bv[DEC_UNROLL], av0[DEC_UNROLL], av1[DEC_UNROLL];
#pragma unroll
        for (int u = 0; u < DEC_UNROLL; u++) {
            const int64_t c = c0 + (int64_t)u * DEC_WARPS;
            /* k is a multiple of 8: a lane's 16 bytes lie wholly inside k or wholly past it. */
            const bool in = c < chunks && c * 32 + 8 * t < p.k;
            bv[u] = in && has_b ? __ldcs(reinterpret_cast<const uint4 *>(brow + c * 32)) : zero;
            av0[u] = in && has_a0 ? __ldg(reinterpret_cast<const uint4 *>(a0 + c * 32)) : zero;
            av1[u] = in && has_a1 ? __ldg(reinterpret_cast<const uint4 *>(a1 + c * 32)) : zero;
        }
#pragma unroll
        for (int u = 0; u < DEC_UNROLL; u++) {
            const uint32_t lo[4] = {av0[u].x, av1[u].x, av0[u].y, av1[u].y};
            const uint32_t hi[4] = {av0[u].z, av1[u].z, av0[u].w, av1[u].w};
            mma16816<F16>(acc, lo, bv[u].x, bv[u].y);
            mma16816<F16>(acc, hi, bv[u].z, bv[u].w);
        }
    }

    if (warp > 0)
#pragma unroll
        for (int i = 0; i < 4; i++)
            red[warp - 1][lane][i] = acc[i];
    __syncthreads();
    if (warp > 0) return;
#pragma unroll
    for (int w = 0; w < DEC_WARPS - 1; w++)
#pragma unroll
        for (int i = 0; i < 4; i++)
            acc[i] += red[w][lane][i];
    /* Accumulator: rows g and g + 8, columns n0 + 2t and + 1. */
    const bool vec_c = (uintptr_t)p.c % 8 == 0 && p.ldc % 2 == 0;
    if (has_a0) store_pair(p, g, n0 + 2 * t, acc[0], acc[1], vec_c);
    if (has_a1) store_pair(p, g + 8, n0 + 2 * t, acc[2], acc[3], vec_c);
}

int rg__cuda_gemm_decode_fits(const rg__cuda_gemm_rm *p) {
    return p->m <= 16 && !p->ta && p->tb && p->k % 8 == 0 && p->lda % 8 == 0 && p->ldb % 8 == 0 &&
           (uintptr_t)p->a % 16 == 0 && (uintptr_t)p->b % 16 == 0 && (p->n + 7) / 8 <= 0x7fffffff;
}

int rg__cuda_gemm_decode_launch(const rg__cuda_gemm_rm *p, int is_f16, cudaStream_t s) {
    const dim3 grid((unsigned)((p->n + 7) / 8));
    if (is_f16)
        gemm_decode<true><<<grid, DEC_WARPS * 32, 0, s>>>(*p);
    else
        gemm_decode<false><<<grid, DEC_WARPS * 32, 0, s>>>(*p);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}
