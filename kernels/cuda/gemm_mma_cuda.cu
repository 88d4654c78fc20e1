/* gemm_mma_cuda.cu: bf16 / fp16 GEMM on tensor cores with fp32 accumulation: mma.sync
 * m16n8k16 fed by ldmatrix from XOR-swizzled shared memory, which a 4-stage cp.async pipeline
 * fills (zero-filling past the edges). 128 x 128 x 32 block tiles, 8 warps of 64 x 32. */
#include "cuda_internal.h"
#include "epilogue.cuh"
#include "mma_sm80.cuh"

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#define BM 128
#define BN 128
#define BK 32
#define STAGES 4
#define THREADS 256
#define TILE_BYTES (BM * BK * 2) /* one operand tile of one stage: 8 KiB */
#define SMEM_BYTES (STAGES * 2 * TILE_BYTES)

/* A tile is 128 x 32 halves either way round. Stored with K contiguous (deep): 128 rows of
 * four 16-byte chunks; with M or N contiguous (wide): 32 rows of sixteen. ldmatrix reads one
 * chunk from each of 8 consecutive rows; XOR-ing the chunk index with bits of the row puts those
 * 8 chunks in 8 different 16-byte bank groups, for the cp.async writes too. */
template <bool DEEP> static __device__ __forceinline__ uint32_t swz(int row, int chunk) {
    return DEEP ? row * 64 + ((chunk ^ ((row >> 1) & 3)) << 4)
                : row * 256 + ((chunk ^ (row & 7)) << 4);
}

/* Copies one 128 x 32 operand tile of a stored rows x cols matrix (16-bit elements, leading
 * dimension ld) into shared memory at base. DEEP: the tile's 128 side runs over rows r0.. and
 * its 32 over columns c0.. (K contiguous); wide: 32 rows r0.., 128 columns c0... Each thread
 * moves two 16-byte chunks; elements past the matrix's edge become zeros. async: cp.async
 * (needs a 16-byte aligned base and ld % 8 == 0); otherwise plain loads and one 16-byte store. */
template <bool DEEP>
static __device__ __forceinline__ void load_tile(uint32_t base, const uint16_t *x, int64_t ld,
                                                 int64_t rows, int64_t cols, int64_t r0, int64_t c0,
                                                 bool async) {
#pragma unroll
    for (int h = 0; h < 2; h++) {
        const int q = threadIdx.x + h * THREADS;
        const int row = DEEP ? q / 4 : q / 16, chunk = DEEP ? q % 4 : q % 16;
        const int64_t r = r0 + row, c = c0 + chunk * 8;
        const int64_t left = cols - c;
        const int valid = r < rows && left > 0 ? (left < 8 ? (int)left : 8) : 0;
        const uint16_t *src = valid ? x + r * ld + c : x;
        const uint32_t dst = base + swz<DEEP>(row, chunk);
        if (async) {
            cp_async16(dst, src, valid * 2);
        } else {
            uint16_t v[8];
#pragma unroll
            for (int e = 0; e < 8; e++)
                v[e] = e < valid ? src[e] : 0;
            uint4 w;
            w.x = v[0] | (uint32_t)v[1] << 16;
            w.y = v[2] | (uint32_t)v[3] << 16;
            w.z = v[4] | (uint32_t)v[5] << 16;
            w.w = v[6] | (uint32_t)v[7] << 16;
            asm volatile("st.shared.v4.u32 [%0], {%1,%2,%3,%4};\n" ::"r"(dst), "r"(w.x), "r"(w.y),
                         "r"(w.z), "r"(w.w));
        }
    }
}

/* TA: A stored k x m (M contiguous, "wide" tile, ldmatrix.trans); else m x k (K contiguous).
 * TB: B stored n x k (K contiguous, the mma's native "col" operand); else k x n (trans). */
template <bool F16, int TA, int TB>
__global__ void __launch_bounds__(THREADS, 2)
    gemm_mma_128x128(rg__cuda_gemm_rm p, bool async_a, bool async_b, bool vec_c) {
    extern __shared__ __align__(128) unsigned char smem[];
    const uint32_t s0 = (uint32_t)__cvta_generic_to_shared(smem);
    const uint16_t *a = static_cast<const uint16_t *>(p.a), *b = static_cast<const uint16_t *>(p.b);
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
    const int wm = warp / 4, wn = warp % 4; /* this warp's 64 x 32 piece of the block tile */
    const int64_t bm = (int64_t)blockIdx.y * BM, bn = (int64_t)blockIdx.x * BN;
    const int ktiles = (int)((p.k + BK - 1) / BK);
    auto a_tile = [&](int s) { return s0 + (uint32_t)(s * 2 * TILE_BYTES); };
    auto b_tile = [&](int s) { return s0 + (uint32_t)(s * 2 * TILE_BYTES + TILE_BYTES); };
    auto issue = [&](int s, int kt) {
        const int64_t k0 = (int64_t)kt * BK;
        if (TA)
            load_tile<false>(a_tile(s), a, p.lda, p.k, p.m, k0, bm, async_a);
        else
            load_tile<true>(a_tile(s), a, p.lda, p.m, p.k, bm, k0, async_a);
        if (TB)
            load_tile<true>(b_tile(s), b, p.ldb, p.n, p.k, bn, k0, async_b);
        else
            load_tile<false>(b_tile(s), b, p.ldb, p.k, p.n, k0, bn, async_b);
    };

    float acc[4][4][4] = {};
#pragma unroll
    for (int s = 0; s < STAGES - 1; s++) {
        if (s < ktiles) issue(s, s);
        cp_async_commit(); /* empty groups keep the count the wait below relies on */
    }
    for (int kt = 0; kt < ktiles; kt++) {
        cp_async_wait<STAGES - 2>(); /* tile kt has landed (this thread's part) ... */
        __syncthreads();             /* ... everyone's; and stage kt - 1 is no longer read */
        const int nk = kt + STAGES - 1;
        if (nk < ktiles) issue(nk % STAGES, nk);
        cp_async_commit();
        const uint32_t as = a_tile(kt % STAGES), bs = b_tile(kt % STAGES);
#pragma unroll
        for (int ks = 0; ks < BK / 16; ks++) {
            uint32_t af[4][4], bf[2][4];
#pragma unroll
            for (int mt = 0; mt < 4; mt++) {
                const int m = wm * 64 + mt * 16;
                if (TA) /* rows are k: lanes 0-7 / 16-23 take k 0-7 / 8-15, m chunk by lane bit 3 */
                    ldsm_x4_t(af[mt], as + swz<false>(ks * 16 + lane % 8 + (lane / 16) * 8,
                                                      (m >> 3) + (lane / 8) % 2));
                else
                    ldsm_x4(af[mt], as + swz<true>(m + lane % 16, ks * 2 + lane / 16));
            }
#pragma unroll
            for (int np = 0; np < 2; np++) {
                const int n = wn * 32 + np * 16;
                if (TB)
                    ldsm_x4(bf[np], bs + swz<true>(n + lane % 8 + (lane / 16) * 8,
                                                   ks * 2 + (lane / 8) % 2));
                else
                    ldsm_x4_t(bf[np], bs + swz<false>(ks * 16 + lane % 8 + ((lane / 8) % 2) * 8,
                                                      (n >> 3) + lane / 16));
            }
#pragma unroll
            for (int mt = 0; mt < 4; mt++)
#pragma unroll
                for (int nt = 0; nt < 4; nt++)
                    mma16816<F16>(acc[mt][nt], af[mt], bf[nt / 2][(nt % 2) * 2],
                                  bf[nt / 2][(nt % 2) * 2 + 1]);
        }
    }
    cp_async_wait<0>();

    /* Epilogue: accumulator (mt, nt) holds rows lane/4 and lane/4 + 8, columns (lane%4)*2 + {0,1}
     * of its 16 x 8 tile. C = alpha * acc + beta * C; beta == 0 never reads C. */
#pragma unroll
    for (int mt = 0; mt < 4; mt++)
#pragma unroll
        for (int half = 0; half < 2; half++) {
            const int64_t r = bm + wm * 64 + mt * 16 + lane / 4 + half * 8;
            if (r >= p.m) continue;
#pragma unroll
            for (int nt = 0; nt < 4; nt++)
                store_pair(p, r, bn + wn * 32 + nt * 8 + (lane % 4) * 2, acc[mt][nt][half * 2],
                           acc[mt][nt][half * 2 + 1], vec_c);
        }
}

template <bool F16, int TA, int TB>
static int launch(const rg__cuda_gemm_rm *p, dim3 grid, bool aa, bool ab, bool vc,
                  cudaStream_t stream) {
    auto kern = gemm_mma_128x128<F16, TA, TB>;
    /* Over 48 KiB of dynamic shared memory must be asked for (every sm_80+ part has it). */
    RG__CUDA_CHECK(
        cudaFuncSetAttribute(kern, cudaFuncAttributeMaxDynamicSharedMemorySize, SMEM_BYTES));
    kern<<<grid, THREADS, SMEM_BYTES, stream>>>(*p, aa, ab, vc);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}

template <bool F16>
static int launch_layout(const rg__cuda_gemm_rm *p, dim3 grid, bool aa, bool ab, bool vc,
                         cudaStream_t stream) {
    if (p->ta && p->tb) return launch<F16, 1, 1>(p, grid, aa, ab, vc, stream);
    if (p->ta) return launch<F16, 1, 0>(p, grid, aa, ab, vc, stream);
    if (p->tb) return launch<F16, 0, 1>(p, grid, aa, ab, vc, stream);
    return launch<F16, 0, 0>(p, grid, aa, ab, vc, stream);
}

/* Every sm_80+ GPU; on Hopper the front end prefers gemm_wgmma_cuda.cu where it can run. */
extern "C" int rg__cuda_gemm_mma_launch(const rg__cuda_gemm_rm *p, int is_f16,
                                        cudaStream_t stream) {
    const dim3 grid((unsigned)((p->n + BN - 1) / BN), (unsigned)((p->m + BM - 1) / BM));
    if (grid.y > 65535) return RG_EUNSUPPORTED;
    const bool aa = (uintptr_t)p->a % 16 == 0 && p->lda % 8 == 0;
    const bool ab = (uintptr_t)p->b % 16 == 0 && p->ldb % 8 == 0;
    const bool vc = (uintptr_t)p->c % 8 == 0 && p->ldc % 2 == 0;
    return is_f16 ? launch_layout<true>(p, grid, aa, ab, vc, stream)
                  : launch_layout<false>(p, grid, aa, ab, vc, stream);
}
