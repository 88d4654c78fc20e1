/* gemm_wgmma_cuda.cu: the Hopper (sm_90a) bf16 / fp16 GEMM with warp specialization: one
 * producer thread moves 128 x 64 and 256 x 64 operand tiles with the bulk tensor copy engine
 * (TMA, 128-byte swizzle, zeros past the edges) into a 4-stage ring guarded by mbarriers, while
 * two consumer warpgroups run wgmma m64n256k16 on them (64 x 256 each of a 128 x 256 block tile)
 * and hand each stage back as soon as their wgmma group on it has completed. K-contiguous
 * operands are laid K-major, M/N-contiguous ones M/N-major (64-wide boxes side by side, the
 * instruction's transpose bits): every layout is copied as stored. */
#include "cuda_internal.h"
#include "epilogue.cuh"
#include "wgmma_sm90a.cuh"

#include <cuda.h> /* CUtensorMap and its enums (types only: the encoder comes from the runtime) */
#include <cudaTypedefs.h>

#define WM 128
#define WN 256
#define WK 64
#define STAGES 4
#define CONSUMERS 256            /* warps 0-7: two warpgroups, aligned on warp 0 and 4 */
#define THREADS (CONSUMERS + 32) /* warp 8: the producer (one thread of it works) */
#define A_BYTES (WM * WK * 2)    /* 16 KiB */
#define B_BYTES (WN * WK * 2)    /* 32 KiB */
#define STAGE_BYTES (A_BYTES + B_BYTES)
#define SMEM_BYTES (STAGES * STAGE_BYTES + 1024 + 2 * STAGES * 8) /* + alignment, barriers */
#define GROUP_M 16

static __device__ __forceinline__ void bar_init(uint32_t bar, int count) {
    asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(bar), "r"(count));
}
static __device__ __forceinline__ void bar_wait(uint32_t bar, uint32_t parity) {
    uint32_t done;
    do {
        asm volatile("{\n.reg .pred p;\nmbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n"
                     "selp.u32 %0, 1, 0, p;\n}\n"
                     : "=r"(done)
                     : "r"(bar), "r"(parity)
                     : "memory");
    } while (!done);
}
static __device__ __forceinline__ void bar_arrive(uint32_t bar) {
    asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(bar) : "memory");
}
static __device__ __forceinline__ void bar_expect(uint32_t bar, uint32_t bytes) {
    asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(bar), "r"(bytes)
                 : "memory");
}
/* One box of a 2-D tensor map into shared memory at dst; x is the contiguous coordinate. */
static __device__ __forceinline__ void tma_load(uint32_t dst, const CUtensorMap *map, int x, int y,
                                                uint32_t bar) {
    asm volatile("cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes "
                 "[%0], [%1, {%2, %3}], [%4];\n" ::"r"(dst),
                 "l"(reinterpret_cast<uint64_t>(map)), "r"(x), "r"(y), "r"(bar)
                 : "memory");
}

/* TA: A stored k x m (M-major, two 64-wide boxes); else m x k (one 64 x 128 box). TB: B stored
 * n x k (one 64 x 256 box); else k x n (four 64-wide boxes). */
template <bool F16, int TA, int TB>
__global__ void __launch_bounds__(THREADS, 1)
    gemm_wgmma(const __grid_constant__ CUtensorMap map_a, const __grid_constant__ CUtensorMap map_b,
               rg__cuda_gemm_rm p, int grid_m, int grid_n, bool vec_c) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    extern __shared__ unsigned char smem[];
    const uint32_t s0 = ((uint32_t)__cvta_generic_to_shared(smem) + 1023) & ~1023u;
    const uint32_t full = s0 + STAGES * STAGE_BYTES, empty = full + STAGES * 8;

    const int id = blockIdx.x, per_group = GROUP_M * grid_n;
    const int first_m = id / per_group * GROUP_M;
    const int rows_here = grid_m - first_m < GROUP_M ? grid_m - first_m : GROUP_M;
    const int pm = first_m + id % per_group % rows_here, pn = id % per_group / rows_here;
    const int bm = pm * WM, bn = pn * WN;
    const int ktiles = (int)((p.k + WK - 1) / WK);

    if (threadIdx.x == 0) {
        for (int s = 0; s < STAGES; s++) {
            bar_init(full + s * 8, 1);          /* the producer's arrive, plus the bytes */
            bar_init(empty + s * 8, CONSUMERS); /* every consumer thread, once per use */
        }
        asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
    }
    __syncthreads();

    if (threadIdx.x >= CONSUMERS) { /* the producer */
        if (threadIdx.x != CONSUMERS) return;
        for (int kt = 0; kt < ktiles; kt++) {
            const int s = kt % STAGES, k0 = kt * WK;
            /* Use r of the stage (r >= 1) waits for the consumers' release of use r - 1. */
            if (kt >= STAGES) bar_wait(empty + s * 8, (kt / STAGES - 1) & 1);
            const uint32_t fb = full + s * 8, a = s0 + s * STAGE_BYTES, b = a + A_BYTES;
            bar_expect(fb, STAGE_BYTES);
            if (TA) {
                tma_load(a, &map_a, bm, k0, fb);
                tma_load(a + WK * 128, &map_a, bm + 64, k0, fb);
            } else {
                tma_load(a, &map_a, k0, bm, fb);
            }
            if (TB) {
                tma_load(b, &map_b, k0, bn, fb);
            } else {
#pragma unroll
                for (int i = 0; i < WN / 64; i++)
                    tma_load(b + i * WK * 128, &map_b, bn + i * 64, k0, fb);
            }
        }
        return;
    }

    const int wg = threadIdx.x / 128;
    float d[128];
#pragma unroll
    for (int i = 0; i < 128; i++)
        d[i] = 0.0f;
    for (int kt = 0; kt < ktiles; kt++) {
        const int s = kt % STAGES;
        bar_wait(full + s * 8, (kt / STAGES) & 1);
        const uint32_t as = s0 + s * STAGE_BYTES + wg * (WM / 2) * 128,
                       bs = s0 + s * STAGE_BYTES + A_BYTES;
        fence_acc(d);
        asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
#pragma unroll
        for (int ks = 0; ks < WK / 16; ks++) {
            const uint64_t da = TA ? smem_desc(as + ks * 16 * 128, WK * 128, 1024)
                                   : smem_desc(as + ks * 32, 16, 1024);
            const uint64_t db = TB ? smem_desc(bs + ks * 32, 16, 1024)
                                   : smem_desc(bs + ks * 16 * 128, WK * 128, 1024);
            wgmma_k16<F16, TA, TB ? 0 : 1>(d, da, db);
        }
        asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
        wgmma_wait<1>(); /* the group of tile kt - 1 is done: its stage can be refilled */
        fence_acc(d);
        if (kt > 0) bar_arrive(empty + ((kt - 1) % STAGES) * 8);
    }
    wgmma_wait<0>();
    fence_acc(d);

    /* d[4j + 2h + {0,1}] is row 16 warp + lane / 4 + 8h, columns 8j + 2 (lane % 4) + {0,1} of
     * the warpgroup's 64 x 256. */
    const int lane = threadIdx.x % 32, warp = (threadIdx.x % 128) / 32;
#pragma unroll
    for (int h = 0; h < 2; h++) {
        const int64_t r = bm + wg * 64 + warp * 16 + lane / 4 + h * 8;
        if (r >= p.m) continue;
#pragma unroll
        for (int j = 0; j < WN / 8; j++)
            store_pair(p, r, bn + j * 8 + (lane % 4) * 2, d[4 * j + 2 * h], d[4 * j + 2 * h + 1],
                       vec_c);
    }
#endif
}

/* The driver's tensor-map encoder, looked up once through the runtime (no libcuda at link time:
 * binaries still start without a driver). */
static PFN_cuTensorMapEncodeTiled_v12000 encoder() {
    static PFN_cuTensorMapEncodeTiled_v12000 fn = [] {
        void *f = nullptr;
        cudaDriverEntryPointQueryResult q;
        if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &f, 12000, cudaEnableDefault,
                                             &q) != cudaSuccess ||
            q != cudaDriverEntryPointSuccess) {
            (void)cudaGetLastError();
            f = nullptr;
        }
        return reinterpret_cast<PFN_cuTensorMapEncodeTiled_v12000>(f);
    }();
    return fn;
}

/* A stored rows x cols matrix of 16-bit elements (leading dimension ld) read in boxes of
 * box_cols (the contiguous side, 64 = 128 bytes) by box_rows, swizzled as wgmma reads it. */
static int tensor_map(CUtensorMap *map, const void *x, int64_t rows, int64_t cols, int64_t ld,
                      int box_cols, int box_rows) {
    PFN_cuTensorMapEncodeTiled_v12000 fn = encoder();
    if (!fn) return RG_EDEVICE;
    const cuuint64_t dims[2] = {(cuuint64_t)cols, (cuuint64_t)rows};
    const cuuint64_t strides[1] = {(cuuint64_t)ld * 2};
    const cuuint32_t box[2] = {(cuuint32_t)box_cols, (cuuint32_t)box_rows}, unit[2] = {1, 1};
    return fn(map, CU_TENSOR_MAP_DATA_TYPE_UINT16, 2, const_cast<void *>(x), dims, strides, box,
              unit, CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
              CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) == CUDA_SUCCESS
               ? RG_OK
               : RG_EUNSUPPORTED;
}

template <bool F16, int TA, int TB>
static int launch(const rg__cuda_gemm_rm *p, int gm, int gn, bool vc, cudaStream_t stream) {
    CUtensorMap ma, mb;
    int rc = TA ? tensor_map(&ma, p->a, p->k, p->m, p->lda, 64, 64)
                : tensor_map(&ma, p->a, p->m, p->k, p->lda, 64, WM);
    if (!rc)
        rc = TB ? tensor_map(&mb, p->b, p->n, p->k, p->ldb, 64, WN)
                : tensor_map(&mb, p->b, p->k, p->n, p->ldb, 64, 64);
    if (rc) return rc;
    auto kern = gemm_wgmma<F16, TA, TB>;
    RG__CUDA_CHECK(
        cudaFuncSetAttribute(kern, cudaFuncAttributeMaxDynamicSharedMemorySize, SMEM_BYTES));
    kern<<<(unsigned)(gm * gn), THREADS, SMEM_BYTES, stream>>>(ma, mb, *p, gm, gn, vc);
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

/* The tensor map's coordinates are 32-bit: sizes up to 2^31 - 1 along each side. */
extern "C" int rg__cuda_gemm_wgmma_launch(const rg__cuda_gemm_rm *p, int is_f16,
                                          cudaStream_t stream) {
    const int64_t gm = (p->m + WM - 1) / WM, gn = (p->n + WN - 1) / WN;
    if (gm * gn > 0x7fffffff || p->m > 0x7fffffff - WM || p->n > 0x7fffffff - WN ||
        p->k > 0x7fffffff - WK)
        return RG_EUNSUPPORTED;
    const bool vc = (uintptr_t)p->c % 8 == 0 && p->ldc % 2 == 0;
    return is_f16 ? launch_layout<true>(p, (int)gm, (int)gn, vc, stream)
                  : launch_layout<false>(p, (int)gm, (int)gn, vc, stream);
}

extern "C" int rg__cuda_sm90a_runs(void) {
    int dev, major = 0, minor = 0;
    if (cudaGetDevice(&dev) != cudaSuccess ||
        cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev) != cudaSuccess ||
        cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev) != cudaSuccess) {
        (void)cudaGetLastError();
        return 0;
    }
    return major == 9 && minor == 0; /* the sm_90a image runs on 9.0 only */
}

extern "C" int rg__cuda_wgmma_usable(const void *a, int64_t lda, const void *b, int64_t ldb) {
    /* The tensor maps need 16-byte aligned bases and row strides; the encoder must be there. */
    return (uintptr_t)a % 16 == 0 && lda % 8 == 0 && (uintptr_t)b % 16 == 0 && ldb % 8 == 0 &&
           rg__cuda_sm90a_runs() && encoder() != nullptr;
}
