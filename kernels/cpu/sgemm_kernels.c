/* sgemm_kernels.c: the registry of SGEMM kernels: one default per ISA level, plus alternates. */
#include "sgemm_internal.h"

static const rg__sgemm_kernel kernels[RG_ISA_COUNT_] = {
    [RG_ISA_SCALAR] = {RG_ISA_SCALAR, "scalar_8x4", 8, 4, rg__sgemm_scalar_ukr_8x4,
                       rg__sgemm_pack_generic, rg__sgemm_pack_generic, 0, NULL},
    [RG_ISA_AVX2] = {RG_ISA_AVX2, "avx2_16x6", 16, 6, rg__sgemm_avx2_ukr_16x6, rg__sgemm_avx2_pack,
                     rg__sgemm_avx2_pack, 8, rg__sgemm_avx2_skinny},
    [RG_ISA_AVX512] = {RG_ISA_AVX512, "avx512_32x12", 32, 12, rg__sgemm_avx512_ukr_32x12,
                       rg__sgemm_avx512_pack, rg__sgemm_avx512_pack, 8, rg__sgemm_avx512_skinny},
};

/* Other tile shapes of an ISA, for problems whose sizes the default tile divides badly. */
static const rg__sgemm_kernel alternates[] = {
    {RG_ISA_AVX2, "avx2_24x4", 24, 4, rg__sgemm_avx2_ukr_24x4, rg__sgemm_avx2_pack,
     rg__sgemm_avx2_pack, 8, rg__sgemm_avx2_skinny},
    {RG_ISA_AVX512, "avx512_48x8", 48, 8, rg__sgemm_avx512_ukr_48x8, rg__sgemm_avx512_pack,
     rg__sgemm_avx512_pack, 8, rg__sgemm_avx512_skinny},
};

const rg__sgemm_kernel *rg__sgemm_kernel_get(rg_isa isa) {
    if (isa < RG_ISA_SCALAR || isa >= RG_ISA_COUNT_ || !kernels[isa].ukr) return NULL;
    return &kernels[isa];
}

static int64_t padded(int64_t x, int64_t r) {
    return (x + r - 1) / r * r;
}

const rg__sgemm_kernel *rg__sgemm_kernel_for(const rg__sgemm_kernel *kern, int64_t m, int64_t n) {
    const rg__sgemm_kernel *best = kern;
    int64_t best_area = padded(m, kern->mr) * padded(n, kern->nr);
    for (size_t i = 0; i < sizeof alternates / sizeof alternates[0]; i++) {
        const rg__sgemm_kernel *alt = &alternates[i];
        int64_t area = padded(m, alt->mr) * padded(n, alt->nr);
        if (alt->isa == kern->isa && area < best_area) {
            best = alt;
            best_area = area;
        }
    }
    return best;
}
