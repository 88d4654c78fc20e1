/* lowp_avx512_pack.c: AVX-512 packing of bf16 pairs and byte quads: 16 x 16 lane transposes of
 * k-contiguous rows, or k rows interleaved lane by lane when the panel's rows are contiguous. */
#include "lowp_internal.h"
#include "transpose16_avx512.h"

static __mmask16 low16(int64_t count) {
    return count >= 16 ? (__mmask16)0xffff : count > 0 ? (__mmask16)((1u << count) - 1) : 0;
}

/* 16 lanes (16 * g elements) of a k-contiguous row from element p on, zero past k. */
static __m512i load_lanes(int esize, const char *row, int64_t p, int64_t k) {
    const int64_t left = k - p;
    if (esize == 2) {
        const __mmask32 mk = left >= 32 ? (__mmask32)~0u : (__mmask32)((1u << left) - 1);
        return _mm512_maskz_loadu_epi16(mk, row + p * 2);
    }
    const __mmask64 mk = left >= 64 ? (__mmask64)~0ull : (__mmask64)((1ull << left) - 1);
    return _mm512_maskz_loadu_epi8(mk, row + p);
}

/* Rows [off, off + 16) of one micro-panel of r rows (rows of them real) from k-contiguous rows
 * inc_mn elements apart. */
static void pack_kmajor(int esize, int g, int r, int off, int rows, int64_t k, const char *x,
                        int64_t inc_mn, rg__lane *dst) {
    const int64_t kg = (k + g - 1) / g;
    const __mmask16 st = low16(r - off);
    for (int64_t q0 = 0; q0 < kg; q0 += 16) {
        __m512 v[16];
        for (int i = 0; i < 16; i++)
            v[i] = i < rows
                       ? _mm512_castsi512_ps(load_lanes(esize, x + i * inc_mn * esize, q0 * g, k))
                       : _mm512_setzero_ps();
        rg__transpose16(v);
        const int64_t steps = kg - q0 < 16 ? kg - q0 : 16;
        for (int q = 0; q < steps; q++)
            _mm512_mask_storeu_epi32(dst + (q0 + q) * r + off, st, _mm512_castps_si512(v[q]));
    }
}

/* Lanes of rows [i, i + 16) (mask mk of them real) at group q: element t of each lane from k
 * row q * g + t, rows contiguous in memory. */
static __m512i gather_group(int esize, int g, const char *x, int64_t i, int64_t q, int64_t k,
                            int64_t inc_k, __mmask16 mk) {
    __m512i lane = _mm512_setzero_si512();
    for (int t = 0; t < g; t++) {
        const int64_t p = q * g + t;
        if (p >= k) break;
        const char *src = x + (i + p * inc_k) * esize;
        __m512i e = esize == 2 ? _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mk, src))
                               : _mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(mk, src));
        lane = _mm512_or_si512(lane, _mm512_sll_epi32(e, _mm_cvtsi32_si128(t * (32 / g))));
    }
    return lane;
}

/* 16 whole lanes (rows [i, i + 16), every k row of group q present) by unpacking the group's
 * k rows into each other: in-lane byte and word interleaves, where gather_group widens and
 * shifts each row across the whole vector (a third of the operations for int8). */
static void interleave16(int esize, const char *x, int64_t i, int64_t q, int64_t inc_k,
                         rg__lane *d) {
    if (esize == 1) {
        const char *s = x + i + q * 4 * inc_k;
        const __m128i r0 = _mm_loadu_si128((const __m128i *)s);
        const __m128i r1 = _mm_loadu_si128((const __m128i *)(s + inc_k));
        const __m128i r2 = _mm_loadu_si128((const __m128i *)(s + 2 * inc_k));
        const __m128i r3 = _mm_loadu_si128((const __m128i *)(s + 3 * inc_k));
        const __m128i a = _mm_unpacklo_epi8(r0, r1), b = _mm_unpackhi_epi8(r0, r1);
        const __m128i c = _mm_unpacklo_epi8(r2, r3), e = _mm_unpackhi_epi8(r2, r3);
        _mm_storeu_si128((__m128i *)d, _mm_unpacklo_epi16(a, c));
        _mm_storeu_si128((__m128i *)(d + 4), _mm_unpackhi_epi16(a, c));
        _mm_storeu_si128((__m128i *)(d + 8), _mm_unpacklo_epi16(b, e));
        _mm_storeu_si128((__m128i *)(d + 12), _mm_unpackhi_epi16(b, e));
    } else {
        const char *s = x + (i + q * 2 * inc_k) * 2;
        const __m256i r0 = _mm256_loadu_si256((const __m256i *)s);
        const __m256i r1 = _mm256_loadu_si256((const __m256i *)(s + inc_k * 2));
        /* Per 128-bit half: lo holds lanes 0-3 and 8-11, hi lanes 4-7 and 12-15. */
        const __m256i lo = _mm256_unpacklo_epi16(r0, r1), hi = _mm256_unpackhi_epi16(r0, r1);
        _mm256_storeu_si256((__m256i *)d, _mm256_permute2x128_si256(lo, hi, 0x20));
        _mm256_storeu_si256((__m256i *)(d + 8), _mm256_permute2x128_si256(lo, hi, 0x31));
    }
}

static void pack_mnmajor(int esize, int g, int r, int64_t mn, int64_t k, const char *x,
                         int64_t inc_k, rg__lane *dst) {
    const int64_t kg = (k + g - 1) / g;
    for (int64_t i0 = 0; i0 < mn; i0 += r, dst += (int64_t)r * kg)
        for (int64_t q = 0; q < kg; q++)
            for (int off = 0; off < r; off += 16) {
                if (off + 16 <= r && i0 + off + 16 <= mn && (q + 1) * g <= k) {
                    interleave16(esize, x, i0 + off, q, inc_k, dst + q * r + off);
                    continue;
                }
                const __mmask16 ld = low16(mn - i0 - off) & low16(r - off);
                _mm512_mask_storeu_epi32(dst + q * r + off, low16(r - off),
                                         gather_group(esize, g, x, i0 + off, q, k, inc_k, ld));
            }
}

void rg__lowp_avx512_pack(rg__lowp_fmt f, int r, int64_t mn, int64_t k, const void *x,
                          int64_t inc_mn, int64_t inc_k, rg__lane *dst) {
    const int g = rg__lowp_fmt_group(f), esize = rg__lowp_fmt_esize(f);
    /* Only the formats that keep the bits need no conversion: the others take the portable
     * packer (they are the fallback kernels' formats). */
    if (f != RG_LP_BF16_PAIR && f != RG_LP_8_QUAD) {
        rg__lowp_pack_generic(f, r, mn, k, x, inc_mn, inc_k, dst);
        return;
    }
    if (inc_mn == 1) {
        pack_mnmajor(esize, g, r, mn, k, x, inc_k, dst);
        return;
    }
    if (inc_k != 1) {
        rg__lowp_pack_generic(f, r, mn, k, x, inc_mn, inc_k, dst);
        return;
    }
    const int64_t kg = (k + g - 1) / g;
    for (int64_t i0 = 0; i0 < mn; i0 += r, dst += (int64_t)r * kg) {
        const int64_t rows = mn - i0 < r ? mn - i0 : r;
        for (int off = 0; off < r; off += 16) {
            const int valid = rows - off <= 0 ? 0 : rows - off >= 16 ? 16 : (int)(rows - off);
            pack_kmajor(esize, g, r, off, valid, k, (const char *)x + (i0 + off) * inc_mn * esize,
                        inc_mn, dst);
        }
    }
}
