/* probe_peak.c: the compute-peak probes' table (what each loop does and counts) and dispatch. */
#include "probe_peak.h"

typedef struct {
    rg_peak_info info;
    int (*run)(int64_t iters);
} peak_entry;

/* ops_per_iter = instructions per iteration x operations per instruction: an FMA is 2 flops per
 * fp32 lane (16 zmm, 8 ymm lanes); vdpbf16ps does 2 bf16 products and 2 adds into each of 16
 * fp32 lanes; vpdpbusd does 4 u8 x s8 products and 4 adds into each int32 lane (16 zmm, 8 ymm). */
static const peak_entry probes[] = {
    [RG_PEAK_FP32_AVX512] = {{"fp32", "fma-avx512", "GFLOP/s", RG__PEAK_AVX512_INSNS * 32.0},
                             rg__peak_fp32_avx512},
    [RG_PEAK_FP32_AVX2] = {{"fp32", "fma-avx2", "GFLOP/s", RG__PEAK_AVX2_INSNS * 16.0},
                           rg__peak_fp32_avx2},
    [RG_PEAK_BF16_AVX512] = {{"bf16", "dpbf16-avx512", "GFLOP/s", RG__PEAK_AVX512_INSNS * 64.0},
                             rg__peak_bf16_avx512},
    [RG_PEAK_INT8_AVX512] = {{"int8", "vpdpbusd-avx512", "GOP/s", RG__PEAK_AVX512_INSNS * 128.0},
                             rg__peak_int8_avx512},
    [RG_PEAK_INT8_AVXVNNI] = {{"int8", "vpdpbusd-avxvnni", "GOP/s", RG__PEAK_AVX2_INSNS * 64.0},
                              rg__peak_int8_avxvnni},
};
_Static_assert(sizeof probes / sizeof probes[0] == RG_PEAK_COUNT_, "one entry per probe");

static int known(rg_peak_probe p) {
    return p >= 0 && p < RG_PEAK_COUNT_;
}

int rg_peak_info_get(rg_peak_probe p, rg_peak_info *out) {
    if (!known(p) || !out) return RG_EINVAL;
    *out = probes[p].info;
    return RG_OK;
}

int rg_peak_supported(rg_peak_probe p) {
#if defined(__x86_64__)
    const rg_cpu_features *f = rg_cpu_features_get();
    switch (p) {
    case RG_PEAK_FP32_AVX512:
        return f->avx512f;
    case RG_PEAK_FP32_AVX2:
        return f->avx2 && f->fma; /* the loop's set-up broadcasts with AVX2 */
    case RG_PEAK_BF16_AVX512:
        return f->avx512f && f->avx512_bf16;
    case RG_PEAK_INT8_AVX512:
        return f->avx512f && f->avx512_vnni;
    case RG_PEAK_INT8_AVXVNNI:
        return f->avx2 && f->avx_vnni;
    default:
        return 0;
    }
#else
    (void)p;
    return 0;
#endif
}

int rg_peak_run(rg_peak_probe p, int64_t iters) {
    if (!known(p) || iters < 1) return RG_EINVAL;
    if (!rg_peak_supported(p)) return RG_EUNSUPPORTED;
    return probes[p].run(iters);
}
