/* sgemm_scalar_ukr_8x4.c: the portable microkernel (no vector flags), for any x86-64 CPU. */
#include "sgemm_internal.h"

#define MR 8
#define NR 4

void rg__sgemm_scalar_ukr_8x4(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                              float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                              const rg__sgemm_aux *aux) {
    float acc[NR][MR] = {{0}};
    for (int64_t p = 0; p < k; p++, ap += MR, bp += NR)
        for (int j = 0; j < NR; j++)
            for (int i = 0; i < MR; i++)
                acc[j][i] += ap[i] * bp[j];
    rg__sgemm_store_tile(m, n, alpha, &acc[0][0], MR, beta, c, rs_c, cs_c);
}
