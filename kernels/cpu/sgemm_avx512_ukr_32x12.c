/* sgemm_avx512_ukr_32x12.c: the AVX-512 microkernel, a 32 x 12 tile in 24 zmm accumulators. */
#define RG_VW 16
#include "sgemm_tile.h"

/* 24 accumulators (2 zmm x 12 columns) leave 8 registers for A, B and addresses; per k step
 * 2 loads of A and 12 broadcasts of B feed 24 FMAs. The default kernel: square problems. */
void rg__sgemm_avx512_ukr_32x12(int64_t k, float alpha, const float *ap, const float *bp,
                                float beta, float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                                const rg__sgemm_aux *aux) {
    switch (n) {
        RG_TILE_CASE(2, 12, 1)
        RG_TILE_CASE(2, 12, 2)
        RG_TILE_CASE(2, 12, 3)
        RG_TILE_CASE(2, 12, 4)
        RG_TILE_CASE(2, 12, 5)
        RG_TILE_CASE(2, 12, 6)
        RG_TILE_CASE(2, 12, 7)
        RG_TILE_CASE(2, 12, 8)
        RG_TILE_CASE(2, 12, 9)
        RG_TILE_CASE(2, 12, 10)
        RG_TILE_CASE(2, 12, 11)
    default:
        rg__tile(2, 12, k, alpha, ap, bp, 12, beta, c, rs_c, cs_c, m, n, aux);
    }
}
