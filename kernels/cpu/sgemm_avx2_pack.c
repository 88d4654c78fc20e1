/* sgemm_avx2_pack.c: AVX2 packing: row copies and 8 x 8 in-register transposes. */
#define RG_VW 8
#include "sgemm_simd.h"

/* In-register transpose of 8 rows of 8 floats. */
static inline __attribute__((always_inline)) void transpose(vf r[RG_VW]) {
    __m256 t[8], u[8];
    for (int i = 0; i < 4; i++) {
        t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    /* t[2i], per 128-bit lane: r[2i][0] r[2i+1][0] r[2i][1] r[2i+1][1] (and t[2i+1]: 2, 3). */
    for (int i = 0; i < 2; i++)
        for (int h = 0; h < 2; h++) {
            u[4 * i + 2 * h] = _mm256_shuffle_ps(t[4 * i + h], t[4 * i + 2 + h], 0x44);
            u[4 * i + 2 * h + 1] = _mm256_shuffle_ps(t[4 * i + h], t[4 * i + 2 + h], 0xee);
        }
    /* u[4i + j], lane L: column 4L + j of rows 4i..4i+3. */
    for (int j = 0; j < 4; j++) {
        r[j] = _mm256_permute2f128_ps(u[j], u[4 + j], 0x20);
        r[4 + j] = _mm256_permute2f128_ps(u[j], u[4 + j], 0x31);
    }
}

#include "sgemm_pack_simd.h"

void rg__sgemm_avx2_pack(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                         int64_t inc_k, float *dst) {
    pack_simd(r, mn, k, x, inc_mn, inc_k, dst);
}
