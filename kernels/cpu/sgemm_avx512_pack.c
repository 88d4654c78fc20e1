/* sgemm_avx512_pack.c: AVX-512 packing: masked row copies and 16 x 16 in-register transposes. */
#define RG_VW 16
#include "sgemm_simd.h"

/* In-register transpose of 16 rows of 16 floats. */
static inline __attribute__((always_inline)) void transpose(vf r[RG_VW]) {
    __m512 t[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 4; i++) {
        __m512d t0 = _mm512_castps_pd(t[4 * i]), t1 = _mm512_castps_pd(t[4 * i + 1]);
        __m512d t2 = _mm512_castps_pd(t[4 * i + 2]), t3 = _mm512_castps_pd(t[4 * i + 3]);
        r[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));
        r[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
        r[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));
        r[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
    }
    /* r[4i + j], 128-bit lane L now holds column 4L + j of rows 4i..4i+3. */
    for (int j = 0; j < 4; j++) {
        __m512 u0 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0x88);
        __m512 u1 = _mm512_shuffle_f32x4(r[j], r[4 + j], 0xdd);
        __m512 v0 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0x88);
        __m512 v1 = _mm512_shuffle_f32x4(r[8 + j], r[12 + j], 0xdd);
        t[j] = _mm512_shuffle_f32x4(u0, v0, 0x88);
        t[8 + j] = _mm512_shuffle_f32x4(u0, v0, 0xdd);
        t[4 + j] = _mm512_shuffle_f32x4(u1, v1, 0x88);
        t[12 + j] = _mm512_shuffle_f32x4(u1, v1, 0xdd);
    }
    for (int i = 0; i < 16; i++)
        r[i] = t[i];
}

#include "sgemm_pack_simd.h"

void rg__sgemm_avx512_pack(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                           int64_t inc_k, float *dst) {
    pack_simd(r, mn, k, x, inc_mn, inc_k, dst);
}
