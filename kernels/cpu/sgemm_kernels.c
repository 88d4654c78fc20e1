/* sgemm_kernels.c: the registry of SGEMM kernels, one per ISA level. */
#include "sgemm_internal.h"

static const rg__sgemm_kernel kernels[RG_ISA_COUNT_] = {
    [RG_ISA_SCALAR] = {RG_ISA_SCALAR, "scalar_8x4", 8, 4, rg__sgemm_scalar_ukr_8x4,
                       rg__sgemm_pack_generic, rg__sgemm_pack_generic, 0, NULL},
    [RG_ISA_AVX2] = {RG_ISA_AVX2, "avx2_16x6", 16, 6, rg__sgemm_avx2_ukr_16x6,
                     rg__sgemm_pack_generic, rg__sgemm_pack_generic, 0, NULL},
    [RG_ISA_AVX512] = {RG_ISA_AVX512, "avx512_32x12", 32, 12, rg__sgemm_avx512_ukr_32x12,
                       rg__sgemm_avx512_pack, rg__sgemm_avx512_pack, 8, rg__sgemm_avx512_skinny},
};

const rg__sgemm_kernel *rg__sgemm_kernel_get(rg_isa isa) {
    if (isa < RG_ISA_SCALAR || isa >= RG_ISA_COUNT_ || !kernels[isa].ukr) return NULL;
    return &kernels[isa];
}
