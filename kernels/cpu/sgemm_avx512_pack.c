/* sgemm_avx512_pack.c: AVX-512 packing: masked row copies and 16 x 16 in-register transposes. */
#define RG_VW 16
#include "sgemm_simd.h"

#include "transpose16_avx512.h"

/* In-register transpose of 16 rows of 16 floats. */
static inline __attribute__((always_inline)) void transpose(vf r[RG_VW]) {
    rg__transpose16(r);
}

#include "sgemm_pack_simd.h"

void rg__sgemm_avx512_pack(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                           int64_t inc_k, float *dst) {
    pack_simd(r, mn, k, x, inc_mn, inc_k, dst);
}
