/* transpose16_avx512.h: an in-register transpose of 16 rows of 16 32-bit lanes, shared by the
 * fp32 and low-precision packers. */
#ifndef RG_TRANSPOSE16_AVX512_H
#define RG_TRANSPOSE16_AVX512_H

#include <immintrin.h>

/* Row i of r becomes column i (the lanes are moved as floats; any 32-bit data passes intact). */
static inline __attribute__((always_inline)) void rg__transpose16(__m512 r[16]) {
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

#endif /* RG_TRANSPOSE16_AVX512_H */
