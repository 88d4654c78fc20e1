/* vmath_avx2.h: ridge's vectorized fp32 exp, erf, erfc, tanh, GELU and SiLU on 8 lanes (AVX2 +
 * FMA; include only from files named *_avx2*.c): vmath_simd.h's algorithms, with what AVX2
 * lacks (scalef, masks) replaced below. Names (rg__exp256_ps, ...) and signatures are stable. */
#ifndef RG_VMATH_AVX2_H
#define RG_VMATH_AVX2_H

#include <immintrin.h>

/* p * 2^n for integral n in [-252, 254] (all that the callers produce), rounded once: the
 * power is applied in two halves that are each a normal float, so p * 2^h is exact and only
 * the second product rounds (into the denormals or to inf when it must). */
static inline __attribute__((always_inline)) __m256 rg__scale256_ps(__m256 p, __m256 n) {
    __m256i ni = _mm256_cvtps_epi32(n);
    __m256i h = _mm256_srai_epi32(ni, 1);
    __m256i bias = _mm256_set1_epi32(127);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(h, bias), 23));
    __m256 s2 =
        _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(ni, h), bias), 23));
    return _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
}

#define VM_BITS 256
#define vm_f __m256
#define vm_m __m256
#define vm_set1(v) _mm256_set1_ps(v)
#define vm_zero() _mm256_setzero_ps()
#define vm_add(a, b) _mm256_add_ps(a, b)
#define vm_sub(a, b) _mm256_sub_ps(a, b)
#define vm_mul(a, b) _mm256_mul_ps(a, b)
#define vm_div(a, b) _mm256_div_ps(a, b)
#define vm_min(a, b) _mm256_min_ps(a, b)
#define vm_max(a, b) _mm256_max_ps(a, b)
#define vm_fmadd(a, b, c) _mm256_fmadd_ps(a, b, c)
#define vm_fmsub(a, b, c) _mm256_fmsub_ps(a, b, c)
#define vm_fnmadd(a, b, c) _mm256_fnmadd_ps(a, b, c)
#define vm_fnmsub(a, b, c) _mm256_fnmsub_ps(a, b, c)
#define vm_and(a, b) _mm256_and_ps(a, b)
#define vm_or(a, b) _mm256_or_ps(a, b)
#define vm_andnot(a, b) _mm256_andnot_ps(a, b)
#define vm_round(x) _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define vm_scale(p, n) rg__scale256_ps(p, n)
#define vm_lt(a, b) _mm256_cmp_ps(a, b, _CMP_LT_OQ)
#define vm_select(m, f, t) _mm256_blendv_ps(f, t, m)
#define vm_mask_mul(src, m, a, b) _mm256_blendv_ps(src, _mm256_mul_ps(a, b), m)
#define vm_mask_scale(src, m, p, n) _mm256_blendv_ps(src, rg__scale256_ps(p, n), m)
#include "vmath_simd.h"

#endif /* RG_VMATH_AVX2_H */
