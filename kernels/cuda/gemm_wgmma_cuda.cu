/* gemm_wgmma_cuda.cu: bf16 / fp16 GEMM for Hopper (sm_90a) on the warpgroup tensor-core
 * instructions: wgmma.mma_async m64n256k16 reading both operands from 128-byte-swizzled shared
 * memory, fp32 accumulators in registers. 128 x 256 x 64 block tiles, two warpgroups of
 * 64 x 256, a 4-stage cp.async ring (zero-filling past the edges) kept two tiles ahead while one
 * wgmma group stays in flight. K-contiguous operands are laid K-major, M/N-contiguous ones
 * M/N-major (the instruction's transpose bits): every layout copies 16-byte chunks as stored. */
#include "cuda_internal.h"
#include "wgmma_sm90a.cuh"

#define WM 128
#define WN 256
#define WK 64 /* one 128-byte swizzle row of 16-bit elements */
#define STAGES 4
#define THREADS 256
#define A_BYTES (WM * WK * 2) /* 16 KiB */
#define B_BYTES (WN * WK * 2) /* 32 KiB */
#define STAGE_BYTES (A_BYTES + B_BYTES)
#define SMEM_BYTES (STAGES * STAGE_BYTES + 1024) /* + slack to align the ring to 1024 bytes */
#define GROUP_M 16 /* block rows walked together, so that concurrent blocks share operands in L2   \
                    */

/* Copies one operand tile of a stored rows x cols matrix (leading dimension ld, 16-bit) into
 * shared memory at base. KMAJOR: the tile's EXT side runs over rows r0.. and its WK side over
 * columns c0.. (K contiguous): EXT rows of 128 bytes. Otherwise WK rows r0.. and EXT columns
 * c0..: EXT / 64 atoms of WK rows of 128 bytes each, one after the other. */
template <bool KMAJOR, int EXT>
static __device__ __forceinline__ void load_tile(uint32_t base, const uint16_t *x, int64_t ld,
                                                 int64_t rows, int64_t cols, int64_t r0,
                                                 int64_t c0) {
    constexpr int per_row = KMAJOR ? WK / 8 : EXT / 8; /* 16-byte chunks along the stored row */
#pragma unroll
    for (int h = 0; h < EXT * WK / 8 / THREADS; h++) {
        const int q = threadIdx.x + h * THREADS;
        const int row = q / per_row, chunk = q % per_row;
        const int64_t r = r0 + row, c = c0 + chunk * 8;
        const int64_t left = cols - c;
        const int valid = r < rows && left > 0 ? (left < 8 ? (int)left : 8) : 0;
        const uint16_t *src = valid ? x + r * ld + c : x;
        const uint32_t linear = KMAJOR ? row * 128 + chunk * 16
                                       : (chunk / 8) * (WK * 128) + row * 128 + (chunk % 8) * 16;
        cp_async16(base + sw128(linear), src, valid * 2);
    }
}

/* TA: A stored k x m (M-major tile); else m x k (K-major). TB: B stored n x k (K-major); else
 * k x n (N-major). The body exists only in the sm_90a image: the launcher runs this kernel only
 * on compute capability 9.0, which loads that image. */
template <bool F16, int TA, int TB>
__global__ void __launch_bounds__(THREADS, 1)
    gemm_wgmma_128x256(rg__cuda_gemm_rm p, int grid_m, int grid_n, bool vec_c) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    extern __shared__ unsigned char smem[];
    const uint32_t s0 = ((uint32_t)__cvta_generic_to_shared(smem) + 1023) & ~1023u;
    const uint16_t *a = static_cast<const uint16_t *>(p.a), *b = static_cast<const uint16_t *>(p.b);

    /* Block order: GROUP_M block rows at a time, down the rows first. */
    const int id = blockIdx.x, per_group = GROUP_M * grid_n;
    const int first_m = id / per_group * GROUP_M;
    const int rows_here = grid_m - first_m < GROUP_M ? grid_m - first_m : GROUP_M;
    const int pm = first_m + id % per_group % rows_here, pn = id % per_group / rows_here;
    const int64_t bm = (int64_t)pm * WM, bn = (int64_t)pn * WN;
    const int wg = threadIdx.x / 128; /* this warpgroup's 64 rows of the block tile */
    const int ktiles = (int)((p.k + WK - 1) / WK);

    auto a_tile = [&](int s) { return s0 + (uint32_t)(s * STAGE_BYTES); };
    auto b_tile = [&](int s) { return s0 + (uint32_t)(s * STAGE_BYTES + A_BYTES); };
    auto issue = [&](int s, int kt) {
        const int64_t k0 = (int64_t)kt * WK;
        if (TA)
            load_tile<false, WM>(a_tile(s), a, p.lda, p.k, p.m, k0, bm);
        else
            load_tile<true, WM>(a_tile(s), a, p.lda, p.m, p.k, bm, k0);
        if (TB)
            load_tile<true, WN>(b_tile(s), b, p.ldb, p.n, p.k, bn, k0);
        else
            load_tile<false, WN>(b_tile(s), b, p.ldb, p.k, p.n, k0, bn);
    };

    float d[128];
#pragma unroll
    for (int i = 0; i < 128; i++)
        d[i] = 0.0f;
        /* Two tiles ahead: tile kt + 2 goes into the stage of tile kt - 2, whose wgmma group every
         * warpgroup has waited for before the barrier of iteration kt. */
#pragma unroll
    for (int s = 0; s < STAGES - 2; s++) {
        if (s < ktiles) issue(s, s);
        asm volatile("cp.async.commit_group;\n" ::);
    }
    for (int kt = 0; kt < ktiles; kt++) {
        asm volatile("cp.async.wait_group %0;\n" ::"n"(STAGES - 3)); /* this thread's tile kt */
        /* cp.async wrote through the generic proxy; wgmma reads through the async one. */
        asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
        __syncthreads();
        const int nk = kt + STAGES - 2;
        if (nk < ktiles) issue(nk % STAGES, nk);
        asm volatile("cp.async.commit_group;\n" ::);

        const uint32_t as = a_tile(kt % STAGES) + wg * (WM / 2) * 128, bs = b_tile(kt % STAGES);
        fence_acc(d);
        asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
#pragma unroll
        for (int ks = 0; ks < WK / 16; ks++) {
            /* K-major: 16 elements further along the 128-byte row; M/N-major: 16 rows down. */
            const uint64_t da = TA ? smem_desc(as + ks * 16 * 128, WK * 128, 1024)
                                   : smem_desc(as + ks * 32, 16, 1024);
            const uint64_t db = TB ? smem_desc(bs + ks * 32, 16, 1024)
                                   : smem_desc(bs + ks * 16 * 128, WK * 128, 1024);
            wgmma_k16<F16, TA, TB ? 0 : 1>(d, da, db);
        }
        asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
        wgmma_wait<1>();
        fence_acc(d);
    }
    wgmma_wait<0>();
    fence_acc(d);
    asm volatile("cp.async.wait_group 0;\n" ::);

    /* Epilogue: d[4j + 2h + {0,1}] is row 16 * warp + lane / 4 + 8h, columns 8j + 2 (lane % 4)
     * + {0,1} of the warpgroup's 64 x 256. C = alpha * d + beta * C; beta == 0 never reads C. */
    const int lane = threadIdx.x % 32, warp = (threadIdx.x % 128) / 32;
#pragma unroll
    for (int h = 0; h < 2; h++) {
        const int64_t r = bm + wg * 64 + warp * 16 + lane / 4 + h * 8;
        if (r >= p.m) continue;
#pragma unroll
        for (int j = 0; j < WN / 8; j++) {
            const int64_t c = bn + j * 8 + (lane % 4) * 2;
            float *cp = p.c + r * p.ldc + c;
            float v0 = p.alpha * d[4 * j + 2 * h], v1 = p.alpha * d[4 * j + 2 * h + 1];
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
    }
#endif
}

template <bool F16, int TA, int TB>
static int launch(const rg__cuda_gemm_rm *p, int gm, int gn, bool vc, cudaStream_t stream) {
    auto kern = gemm_wgmma_128x256<F16, TA, TB>;
    RG__CUDA_CHECK(
        cudaFuncSetAttribute(kern, cudaFuncAttributeMaxDynamicSharedMemorySize, SMEM_BYTES));
    kern<<<(unsigned)(gm * gn), THREADS, SMEM_BYTES, stream>>>(*p, gm, gn, vc);
    RG__CUDA_CHECK(cudaGetLastError());
    return RG_OK;
}

template <bool F16>
static int launch_layout(const rg__cuda_gemm_rm *p, int gm, int gn, bool vc, cudaStream_t s) {
    if (p->ta && p->tb) return launch<F16, 1, 1>(p, gm, gn, vc, s);
    if (p->ta) return launch<F16, 1, 0>(p, gm, gn, vc, s);
    if (p->tb) return launch<F16, 0, 1>(p, gm, gn, vc, s);
    return launch<F16, 0, 0>(p, gm, gn, vc, s);
}

extern "C" int rg__cuda_wgmma_usable(const void *a, int64_t lda, const void *b, int64_t ldb) {
    int dev, major = 0, minor = 0;
    if (cudaGetDevice(&dev) != cudaSuccess ||
        cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev) != cudaSuccess ||
        cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev) != cudaSuccess) {
        (void)cudaGetLastError();
        return 0;
    }
    /* The sm_90a image runs on 9.0 only; cp.async moves whole aligned 16-byte chunks. */
    return major == 9 && minor == 0 && (uintptr_t)a % 16 == 0 && lda % 8 == 0 &&
           (uintptr_t)b % 16 == 0 && ldb % 8 == 0;
}

extern "C" int rg__cuda_gemm_wgmma_launch(const rg__cuda_gemm_rm *p, int is_f16,
                                          cudaStream_t stream) {
    const int64_t gm = (p->m + WM - 1) / WM, gn = (p->n + WN - 1) / WN;
    if (gm * gn > 0x7fffffff) return RG_EUNSUPPORTED;
    const bool vc = (uintptr_t)p->c % 8 == 0 && p->ldc % 2 == 0;
    return is_f16 ? launch_layout<true>(p, (int)gm, (int)gn, vc, stream)
                  : launch_layout<false>(p, (int)gm, (int)gn, vc, stream);
}
