/* sgemm_simd.h: one vector vocabulary over AVX2 (8 floats) and AVX-512 (16), so that the tile,
 * packing and skinny code is written once and instantiated per ISA file. */
#ifndef RG_SGEMM_SIMD_H
#define RG_SGEMM_SIMD_H

#include <immintrin.h>

#include "sgemm_internal.h"

/* The including file defines RG_VW (floats per vector, 8 or 16) and is compiled with the
 * matching flags (its name carries _avx2 or _avx512). */
#if RG_VW == 16
typedef __m512 vf;
typedef __mmask16 vmask;
#define vzero() _mm512_setzero_ps()
#define vload(p) _mm512_load_ps(p)
#define vloadu(p) _mm512_loadu_ps(p)
#define vstore(p, v) _mm512_store_ps(p, v)
#define vstoreu(p, v) _mm512_storeu_ps(p, v)
#define vset1(x) _mm512_set1_ps(x)
#define vfmadd(a, b, c) _mm512_fmadd_ps(a, b, c)
#define vmul(a, b) _mm512_mul_ps(a, b)
#define vadd(a, b) _mm512_add_ps(a, b)
#define vmaskz_loadu(mk, p) _mm512_maskz_loadu_ps(mk, p)
#define vmask_storeu(p, mk, v) _mm512_mask_storeu_ps(p, mk, v)
#define vreduce_add(v) _mm512_reduce_add_ps(v)
#define vmask_and(x, y) ((vmask)((x) & (y)))

/* The first count lanes (all from 16 on). */
static inline vmask vmask_low(int64_t count) {
    return count >= 16 ? (vmask)0xffff : count > 0 ? (vmask)((1u << count) - 1) : (vmask)0;
}
#elif RG_VW == 8
typedef __m256 vf;
typedef __m256i vmask;
#define vzero() _mm256_setzero_ps()
#define vload(p) _mm256_load_ps(p)
#define vloadu(p) _mm256_loadu_ps(p)
#define vstore(p, v) _mm256_store_ps(p, v)
#define vstoreu(p, v) _mm256_storeu_ps(p, v)
#define vset1(x) _mm256_set1_ps(x)
#define vfmadd(a, b, c) _mm256_fmadd_ps(a, b, c)
#define vmul(a, b) _mm256_mul_ps(a, b)
#define vadd(a, b) _mm256_add_ps(a, b)
#define vmaskz_loadu(mk, p) _mm256_maskload_ps(p, mk)
#define vmask_storeu(p, mk, v) _mm256_maskstore_ps(p, mk, v)
#define vmask_and(x, y) _mm256_and_si256(x, y)

static inline vmask vmask_low(int64_t count) {
    const int c = count >= 8 ? 8 : count > 0 ? (int)count : 0;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(c), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

static inline float vreduce_add(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
#else
#error "define RG_VW as 8 or 16 before including sgemm_simd.h"
#endif

/* Masked accesses are slow on some AVX2 CPUs: full vectors take the plain ones. */
static inline __attribute__((always_inline)) vf vload_part(int full, vmask mk, const float *p) {
    return full ? vloadu(p) : vmaskz_loadu(mk, p);
}
static inline __attribute__((always_inline)) void vstore_part(int full, vmask mk, float *p, vf v) {
    if (full)
        vstoreu(p, v);
    else
        vmask_storeu(p, mk, v);
}

#endif /* RG_SGEMM_SIMD_H */
