/* bf16_simd.h: bf16 <-> fp32 on vectors, with rg_bf16_from_f32's rule (round to nearest even,
 * NaN kept and quieted) and the exact widening. The AVX-512 forms exist in files compiled with
 * the AVX-512 flags, the AVX2 forms in those compiled with AVX2. */
#ifndef RG_BF16_SIMD_H
#define RG_BF16_SIMD_H

#include <immintrin.h>
#include <stdint.h>

#if defined(__AVX512F__) && defined(__AVX512BW__)
/* 16 bf16 at p widened to fp32 (exact). */
static inline __attribute__((always_inline)) __m512 rg__bf16x16_load(const uint16_t *p) {
    return _mm512_castsi512_ps(
        _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)p)), 16));
}

/* The bf16 bits of 16 floats, one per 32-bit lane (high half zero). */
static inline __attribute__((always_inline)) __m512i rg__bf16x16_bits(__m512 r) {
    const __m512i u = _mm512_castps_si512(r);
    const __m512i lsb = _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1));
    const __m512i h = _mm512_srli_epi32(
        _mm512_add_epi32(u, _mm512_add_epi32(lsb, _mm512_set1_epi32(0x7fff))), 16);
    const __mmask16 nan = _mm512_cmpgt_epu32_mask(
        _mm512_and_si512(u, _mm512_set1_epi32(0x7fffffff)), _mm512_set1_epi32(0x7f800000));
    return _mm512_mask_or_epi32(h, nan, _mm512_srli_epi32(u, 16), _mm512_set1_epi32(0x40));
}

/* 32 floats (a then b) rounded to bf16, in order: an in-lane pack and a qword permute, which
 * Zen 4 runs faster than vpmovdw's narrowing. */
static inline __attribute__((always_inline)) __m512i rg__bf16x32_from_ps(__m512 a, __m512 b) {
    const __m512i p = _mm512_packus_epi32(rg__bf16x16_bits(a), rg__bf16x16_bits(b));
    return _mm512_permutexvar_epi64(_mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7), p);
}

/* 16 floats rounded to bf16. */
static inline __attribute__((always_inline)) __m256i rg__bf16x16_from_ps(__m512 r) {
    return _mm512_castsi512_si256(rg__bf16x32_from_ps(r, r));
}

#if defined(__AVX512BF16__)
/* The same with AVX512_BF16's vcvtne2ps2bf16, one instruction for 32: it rounds to nearest even
 * and quiets NaN as above, but flushes denormal inputs to zero, so vectors holding one take the
 * integer rounding (rare: only results below 2^-126 do). */
static inline __attribute__((always_inline)) __m512i rg__bf16x32_cvtne(__m512 a, __m512 b) {
    const __mmask16 den = _mm512_fpclass_ps_mask(a, 0x20) | _mm512_fpclass_ps_mask(b, 0x20);
    if (__builtin_expect(den != 0, 0)) return rg__bf16x32_from_ps(a, b);
    return (__m512i)_mm512_cvtne2ps_pbh(b, a); /* b's elements go high */
}

static inline __attribute__((always_inline)) __m256i rg__bf16x16_cvtne(__m512 r) {
    if (__builtin_expect(_mm512_fpclass_ps_mask(r, 0x20) != 0, 0)) return rg__bf16x16_from_ps(r);
    return (__m256i)_mm512_cvtneps_pbh(r);
}
#endif
#endif

#if defined(__AVX2__)
/* 8 bf16 at p widened to fp32 (exact). */
static inline __attribute__((always_inline)) __m256 rg__bf16x8_load(const uint16_t *p) {
    return _mm256_castsi256_ps(
        _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p)), 16));
}

/* 8 floats rounded to bf16 bits. */
static inline __attribute__((always_inline)) __m128i rg__bf16x8_from_ps(__m256 r) {
    const __m256i u = _mm256_castps_si256(r);
    const __m256i lsb = _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1));
    __m256i h = _mm256_srli_epi32(
        _mm256_add_epi32(u, _mm256_add_epi32(lsb, _mm256_set1_epi32(0x7fff))), 16);
    /* NaN: |u| > inf as signed 32-bit integers (|u| < 2^31). */
    const __m256i nan = _mm256_cmpgt_epi32(_mm256_and_si256(u, _mm256_set1_epi32(0x7fffffff)),
                                           _mm256_set1_epi32(0x7f800000));
    const __m256i quiet = _mm256_or_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(0x40));
    h = _mm256_blendv_epi8(h, quiet, nan);
    /* The low halves of the 8 words, in order (packus works within 128-bit lanes). */
    const __m256i packed = _mm256_packus_epi32(h, h);
    return _mm256_castsi256_si128(_mm256_permute4x64_epi64(packed, 0x08));
}
#endif

#endif /* RG_BF16_SIMD_H */
