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

static void pack_mnmajor(int esize, int g, int r, int64_t mn, int64_t k, const char *x,
                         int64_t inc_k, rg__lane *dst) {
    const int64_t kg = (k + g - 1) / g;
    for (int64_t i0 = 0; i0 < mn; i0 += r, dst += (int64_t)r * kg)
        for (int64_t q = 0; q < kg; q++)
            for (int off = 0; off < r; off += 16) {
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
