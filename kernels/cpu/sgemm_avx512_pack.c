/* sgemm_avx512_pack.c: AVX-512 packing: masked row copies and 16 x 16 in-register transposes. */
#include <immintrin.h>

#include "sgemm_internal.h"

/* How many k steps ahead pack_copy prefetches. */
#define PF_ROWS 4

static inline __mmask16 low_mask(int64_t count) {
    return count >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << count) - 1);
}

/* In-register transpose of 16 rows of 16 floats. */
static inline __attribute__((always_inline)) void transpose16(__m512 r[16]) {
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

/* Rows [off, off + 16) of one micro-panel (rows valid of them real, the rest zero) from
 * k-contiguous rows: 16 x 16 blocks transposed in registers. */
static void pack_rows_kmajor(int r, int off, int rows, int64_t k, const float *x, int64_t inc_mn,
                             float *dst) {
    const __mmask16 st = low_mask(r - off < 16 ? r - off : 16);
    for (int64_t p = 0; p < k; p += 16) {
        const __mmask16 ld = low_mask(k - p);
        __m512 v[16];
        for (int i = 0; i < 16; i++)
            v[i] = i < rows ? _mm512_maskz_loadu_ps(ld, x + i * inc_mn + p) : _mm512_setzero_ps();
        transpose16(v);
        const int64_t steps = k - p < 16 ? k - p : 16;
        for (int q = 0; q < steps; q++)
            _mm512_mask_storeu_ps(dst + (p + q) * r + off, st, v[q]);
    }
}

/* Panel rows contiguous in X: walk X row by row (one long contiguous read per k step, which
 * the hardware prefetchers follow) and scatter into the panels, which sit in cache. */
static void pack_copy(int r, int64_t mn, int64_t k, const float *x, int64_t inc_k, float *dst) {
    const int64_t panels = (mn + r - 1) / r;
    for (int64_t p = 0; p < k; p++) {
        const float *xp = x + p * inc_k;
        /* Each run is short (one block of rows): a new stream the prefetchers have not seen
         * yet, so fetch a few runs ahead. */
        if (p + PF_ROWS < k)
            for (int64_t i = 0; i < mn; i += 16)
                _mm_prefetch((const char *)(xp + PF_ROWS * inc_k + i), _MM_HINT_T0);
        for (int64_t q = 0; q < panels; q++) {
            float *d = dst + q * r * k + p * r;
            for (int off = 0; off < r; off += 16) {
                const int64_t i = q * r + off;
                const __mmask16 ld = low_mask(mn - i < 0 ? 0 : mn - i);
                const __mmask16 st = low_mask(r - off < 16 ? r - off : 16);
                _mm512_mask_storeu_ps(d + off, st, _mm512_maskz_loadu_ps(ld & st, xp + i));
            }
        }
    }
}

void rg__sgemm_avx512_pack(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn,
                           int64_t inc_k, float *dst) {
    if (inc_mn == 1) {
        pack_copy(r, mn, k, x, inc_k, dst);
        return;
    }
    if (inc_k != 1) {
        rg__sgemm_pack_generic(r, mn, k, x, inc_mn, inc_k, dst);
        return;
    }
    for (int64_t i0 = 0; i0 < mn; i0 += r, dst += (int64_t)r * k) {
        const int64_t rows = mn - i0 < r ? mn - i0 : r;
        for (int off = 0; off < r; off += 16) {
            const int valid = rows - off <= 0 ? 0 : rows - off >= 16 ? 16 : (int)(rows - off);
            pack_rows_kmajor(r, off, valid, k, x + (i0 + off) * inc_mn, inc_mn, dst);
        }
    }
}
