/* sgemm_avx512_ukr_48x8.c: the AVX-512 microkernel for column counts that are multiples of 8. */
#define RG_VW 16
#include "sgemm_tile.h"

/* 24 accumulators (3 zmm x 8 columns); per k step 3 loads of A and 8 broadcasts of B feed 24
 * FMAs. Chosen when C has few columns that 8 divides (LLM prefill/batch shapes, n = 16, 32,
 * 64): there a 12-wide tile would leave up to a third of its FMAs on padding. */
void rg__sgemm_avx512_ukr_48x8(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                               float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                               const rg__sgemm_aux *aux) {
    switch (n) {
        RG_TILE_CASE(3, 8, 1)
        RG_TILE_CASE(3, 8, 2)
        RG_TILE_CASE(3, 8, 3)
        RG_TILE_CASE(3, 8, 4)
        RG_TILE_CASE(3, 8, 5)
        RG_TILE_CASE(3, 8, 6)
        RG_TILE_CASE(3, 8, 7)
    default:
        rg__tile(3, 8, k, alpha, ap, bp, 8, beta, c, rs_c, cs_c, m, n, aux);
    }
}
