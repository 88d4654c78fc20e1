/* sgemm_avx2_ukr_24x4.c: the AVX2/FMA microkernel for column counts that are multiples of 4. */
#define RG_VW 8
#include "sgemm_tile.h"

/* 12 accumulators (3 ymm x 4 columns); per k step 3 loads of A and 4 broadcasts of B feed 12
 * FMAs. Chosen when C has few columns that 4 divides (n = 16, 32, 64): there a 6-wide tile
 * would leave up to a third of its FMAs on padding. */
void rg__sgemm_avx2_ukr_24x4(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                             float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                             const rg__sgemm_aux *aux) {
    switch (n) {
        RG_TILE_CASE(3, 4, 1)
        RG_TILE_CASE(3, 4, 2)
        RG_TILE_CASE(3, 4, 3)
    default:
        rg__tile(3, 4, k, alpha, ap, bp, 4, beta, c, rs_c, cs_c, m, n, aux);
    }
}
