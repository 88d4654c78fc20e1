/* gemm_decode_cuda.cu: 16-bit GEMMs with few rows (decode: m <= 16 tokens) against weights stored
 * n x k (nn.Linear's layout, tb), A's rows contiguous in k (ta 0). The big kernels' 128-row tiles
 * would leave most of each mma and most SMs idle and read B at a fraction of the memory's rate;
 * here B is read once, straight from global memory into mma fragments, with no shared memory.
 *
 * A block of 4 warps takes 8 columns of C (8 rows of B) and splits k between its warps in
 * chunks of 32: in chunk c, lane (g = lane / 4, t = lane % 4) loads 16 bytes of B's row n0 + g
 * (k = 32c + 8t .. + 7) and the same 16 bytes of A's rows g and g + 8 (past m: row 0, whose
 * products land in rows of C that are not stored; with m <= 8 the upper rows are zeros). Because a
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

/* A through the read-only path (every block rereads it); B streamed (read once, evict first). */
static __device__ __forceinline__ uint4 ld_keep(const uint16_t *p) {
    return __ldg(reinterpret_cast<const uint4 *>(p));
}
static __device__ __forceinline__ uint4 ld_stream(const uint16_t *p) {
    return __ldcs(reinterpret_cast<const uint4 *>(p));
}

/* One 32-k chunk: the lane's 8 k values as fragment positions {2t, 2t + 1, 2t + 8, 2t + 9} of
 * two k16 steps (words x and y, then z and w), for A's rows g, g + 8 and B's column g alike. */
template <bool F16>
static __device__ __forceinline__ void step(float (&acc)[4], uint4 b, uint4 a0, uint4 a1) {
    const uint32_t lo[4] = {a0.x, a1.x, a0.y, a1.y}, hi[4] = {a0.z, a1.z, a0.w, a1.w};
    mma16816<F16>(acc, lo, b.x, b.y);
    mma16816<F16>(acc, hi, b.z, b.w);
}

/* A group: DEC_UNROLL chunks of one warp (c, c + 4, ...), all inside k. HI: A has rows past 8
 * (m > 8), else the fragment's upper rows are zeros and not loaded. */
template <bool HI> struct group {
    uint4 b[DEC_UNROLL], a0[DEC_UNROLL], a1[DEC_UNROLL];
    __device__ __forceinline__ void load(const uint16_t *brow, const uint16_t *ar0,
                                         const uint16_t *ar1, int64_t c) {
#pragma unroll
        for (int u = 0; u < DEC_UNROLL; u++) {
            const int64_t off = (c + (int64_t)u * DEC_WARPS) * 32;
            b[u] = ld_stream(brow + off);
            a0[u] = ld_keep(ar0 + off);
            a1[u] = HI ? ld_keep(ar1 + off) : make_uint4(0, 0, 0, 0);
        }
    }
};

template <bool F16, bool HI>
__global__ void __launch_bounds__(DEC_WARPS * 32) gemm_decode(rg__cuda_gemm_rm p) {
    __shared__ float red[DEC_WARPS - 1][32][4];
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, g = lane / 4, t = lane % 4;
    const int64_t n0 = (int64_t)blockIdx.x * 8;
    const bool has_a0 = g < p.m, has_a1 = g + 8 < p.m;
    /* Rows past n (of B) or m (of A) read row 0 instead: D = A B keeps a garbage row of A in its
     * row of D and a garbage column of B in its column, and neither is stored. */
    const uint16_t *A = (const uint16_t *)p.a, *B = (const uint16_t *)p.b;
    const uint16_t *brow = B + (n0 + g < p.n ? n0 + g : 0) * p.ldb + 8 * t;
    const uint16_t *a0 = A + (has_a0 ? g : 0) * p.lda + 8 * t;
    const uint16_t *a1 = A + (has_a1 ? g + 8 : 0) * p.lda + 8 * t;
    const int64_t chunks = (p.k + 31) / 32, full = p.k / 32;
    float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};

    /* Warp w takes chunks w, w + 4, ...: at any moment the 4 warps read 256 adjacent bytes of
     * each row. Groups wholly inside k load without predicates, and the next group's loads are
     * issued before this group's mmas (software pipelining: ptxas otherwise interleaved loads
     * and mmas, a chunk or two of B in flight per lane). */
    const int64_t stride = DEC_WARPS * DEC_UNROLL, span = (DEC_UNROLL - 1) * DEC_WARPS;
    int64_t c0 = warp;
    if (c0 + span < full) {
        group<HI> cur, nxt;
        nxt.load(brow, a0, a1, c0);
        for (;;) {
            cur = nxt;
            const bool more = c0 + stride + span < full; /* the same in the whole warp */
            if (more) nxt.load(brow, a0, a1, c0 + stride);
#pragma unroll
            for (int u = 0; u < DEC_UNROLL; u++)
                step<F16>(acc, cur.b[u], cur.a0[u], cur.a1[u]);
            c0 += stride;
            if (!more) break;
        }
    }
    /* The warp's last chunks, the partial one among them: zeros past k (k is a multiple of 8, so
     * a lane's 16 bytes lie wholly inside it or wholly past it). */
    for (; c0 < chunks; c0 += DEC_WARPS) {
        const uint4 zero = make_uint4(0, 0, 0, 0);
        uint4 bv = zero, av0 = zero, av1 = zero;
        if (c0 * 32 + 8 * t < p.k) {
            bv = ld_stream(brow + c0 * 32);
            av0 = ld_keep(a0 + c0 * 32);
            if (HI) av1 = ld_keep(a1 + c0 * 32);
        }
        step<F16>(acc, bv, av0, av1);
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
    const bool hi = p->m > 8;
    auto kern = is_f16 ? (hi ? gemm_decode<true, true> : gemm_decode<true, false>)
                       : (hi ? gemm_decode<false, true> : gemm_decode<false, false>);
    kern<<<grid, DEC_WARPS * 32, 0, s>>>(*p);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}
