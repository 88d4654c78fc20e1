/* sgemm_avx2_ukr_16x6.c: the AVX2/FMA microkernel, a 16 x 6 tile in 12 ymm accumulators. */
#define RG_VW 8
#include "sgemm_tile.h"

/* 16 ymm registers: 12 accumulators (2 ymm x 6 columns), 2 for A, 1 for the broadcast of B;
 * per k step 2 loads of A and 6 broadcasts feed 12 FMAs. The default kernel: square problems. */
void rg__sgemm_avx2_ukr_16x6(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                             float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                             const rg__sgemm_aux *aux) {
    switch (n) {
        RG_TILE_CASE(2, 6, 1)
        RG_TILE_CASE(2, 6, 2)
        RG_TILE_CASE(2, 6, 3)
        RG_TILE_CASE(2, 6, 4)
        RG_TILE_CASE(2, 6, 5)
    default:
        rg__tile(2, 6, k, alpha, ap, bp, 6, beta, c, rs_c, cs_c, m, n, aux);
    }
}
