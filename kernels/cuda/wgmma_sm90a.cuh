/* wgmma_sm90a.cuh: Hopper's warpgroup MMA as the GEMM and the peak probe use it: shared-memory
 * descriptors of 128-byte-swizzled tiles and m64n256k16 with fp32 accumulators. The instructions
 * exist in the sm_90a image only (__CUDA_ARCH_FEAT_SM90_ALL); other images get empty bodies and
 * must not be run (callers check the compute capability). */
#ifndef RG_WGMMA_SM90A_CUH
#define RG_WGMMA_SM90A_CUH

#include <stdint.h>

/* Used by the sm_90a image only: the other passes see these helpers unused. */
#pragma nv_diag_suppress 177

/* A shared-memory matrix descriptor, 128-byte swizzle (within each 1024-byte block of 8 rows
 * of 128 bytes, the 16-byte chunk index XOR-ed with the row; tile bases 1024-byte aligned, as
 * the tensor copy engine writes them): start address, leading-dimension byte
 * offset (between 64-element atoms along M/N when M/N-major; unused when K-major) and stride
 * byte offset (between groups of 8 rows of 128 bytes), each in 16-byte units. */
static __device__ __forceinline__ uint64_t smem_desc(uint32_t addr, uint32_t lbo, uint32_t sbo) {
    return (uint64_t)((addr & 0x3FFFF) >> 4) | (uint64_t)(lbo >> 4) << 16 |
           (uint64_t)(sbo >> 4) << 32 | 1ull << 62;
}

#define WG_D8(i)                                                                                   \
    "+f"(d[i]), "+f"(d[i + 1]), "+f"(d[i + 2]), "+f"(d[i + 3]), "+f"(d[i + 4]), "+f"(d[i + 5]),    \
        "+f"(d[i + 6]), "+f"(d[i + 7])
#define WG_D32(i) WG_D8(i), WG_D8(i + 8), WG_D8(i + 16), WG_D8(i + 24)
#define WG_D128 WG_D32(0), WG_D32(32), WG_D32(64), WG_D32(96)
#define WG_REGS                                                                                    \
    "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, "  \
    "%20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, "   \
    "%38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, "   \
    "%56, %57, %58, %59, %60, %61, %62, %63, %64, %65, %66, %67, %68, %69, %70, %71, %72, %73, "   \
    "%74, %75, %76, %77, %78, %79, %80, %81, %82, %83, %84, %85, %86, %87, %88, %89, %90, %91, "   \
    "%92, %93, %94, %95, %96, %97, %98, %99, %100, %101, %102, %103, %104, %105, %106, %107, "     \
    "%108, %109, %110, %111, %112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, "   \
    "%123, %124, %125, %126, %127}"
#define WG_MMA(type)                                                                               \
    "{\n.reg .pred p;\nsetp.ne.b32 p, %130, 0;\n"                                                  \
    "wgmma.mma_async.sync.aligned.m64n256k16.f32." type "." type " " WG_REGS                       \
    ", %128, %129, p, 1, 1, %131, %132;\n}\n"

/* d += A B for one k16 step of the warpgroup: A 64 x 16 and B 16 x 256 from the descriptors,
 * tA / tB: the M/N-major (transposed) forms. Asynchronous: completes at wgmma_wait. */
template <bool F16, int TA, int TB>
static __device__ __forceinline__ void wgmma_k16(float (&d)[128], uint64_t da, uint64_t db) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    if (F16)
        asm volatile(WG_MMA("f16") : WG_D128 : "l"(da), "l"(db), "r"(1), "n"(TA), "n"(TB));
    else
        asm volatile(WG_MMA("bf16") : WG_D128 : "l"(da), "l"(db), "r"(1), "n"(TA), "n"(TB));
#endif
}

/* Keeps the compiler from moving accumulator accesses across the asynchronous instructions. */
static __device__ __forceinline__ void fence_acc(float (&d)[128]) {
#pragma unroll
    for (int i = 0; i < 128; i++)
        asm volatile("" : "+f"(d[i])::"memory");
}

template <int N> static __device__ __forceinline__ void wgmma_wait() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
    asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(N) : "memory");
#endif
}

#endif /* RG_WGMMA_SM90A_CUH */
