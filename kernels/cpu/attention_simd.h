/* attention_simd.h: the vector vocabulary of the attention kernels: sgemm_simd.h's, plus max,
 * exp (vmath's), key masks and bf16 widening, for RG_VW = 16 (AVX-512), 8 (AVX2) or 1 (scalar). */
#ifndef RG_ATTENTION_SIMD_H
#define RG_ATTENTION_SIMD_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "attention_internal.h"

#if RG_VW == 16
#include "bf16_simd.h"
#include "sgemm_simd.h"
#include "vmath_avx512.h"
#elif RG_VW == 8
#include "bf16_simd.h"
#include "sgemm_simd.h"
#include "vmath_avx2.h"
#endif

#define RG_ALWAYS_INLINE static inline __attribute__((always_inline))

#if RG_VW == 16
typedef __m512i vi;
#define vsub(a, b) _mm512_sub_ps(a, b)
#define vmax(a, b) _mm512_max_ps(a, b)
#define vreduce_max(v) _mm512_reduce_max_ps(v)
#define vloadi(p) _mm512_loadu_si512((const void *)(p))
/* x where key index j is below the row's limit (lane-wise), else -inf. */
#define vkeep_below(lim, j, x)                                                                     \
    _mm512_mask_blend_ps(_mm512_cmpgt_epi32_mask(lim, _mm512_set1_epi32(j)), vset1(-INFINITY), x)
/* x in the first n lanes, -inf in the others. */
#define vkeep_first(n, x) _mm512_mask_blend_ps(vmask_low(n), vset1(-INFINITY), x)

/* e^x (vmath's exp: exactly 0 for -inf, so masked keys weigh nothing). */
#define vexp(x) rg__exp512_ps(x)

/* bf16 (the high halves of floats) widened exactly: n < 16 reads only n elements. */
RG_ALWAYS_INLINE vf vload_bf16(const uint16_t *p) {
    return rg__bf16x16_load(p);
}
RG_ALWAYS_INLINE vf vload_bf16_part(int64_t n, const uint16_t *p) {
    const __m256i h = _mm256_maskz_loadu_epi16(vmask_low(n), p);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}
#elif RG_VW == 8
typedef __m256i vi;
#define vsub(a, b) _mm256_sub_ps(a, b)
#define vmax(a, b) _mm256_max_ps(a, b)
#define vloadi(p) _mm256_loadu_si256((const __m256i *)(p))
#define vkeep_below(lim, j, x)                                                                     \
    _mm256_blendv_ps(vset1(-INFINITY), x,                                                          \
                     _mm256_castsi256_ps(_mm256_cmpgt_epi32(lim, _mm256_set1_epi32(j))))
#define vkeep_first(n, x) _mm256_blendv_ps(vset1(-INFINITY), x, _mm256_castsi256_ps(vmask_low(n)))

RG_ALWAYS_INLINE float vreduce_max(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    s = _mm_max_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

#define vexp(x) rg__exp256_ps(x)

RG_ALWAYS_INLINE vf vload_bf16(const uint16_t *p) {
    return rg__bf16x8_load(p);
}
RG_ALWAYS_INLINE vf vload_bf16_part(int64_t n, const uint16_t *p) {
    uint16_t t[8] = {0};
    memcpy(t, p, (size_t)(n < 8 ? n : 8) * sizeof *p);
    return vload_bf16(t);
}
#elif RG_VW == 1
/* The scalar kernel set: the same code with one float per "vector". */
typedef float vf;
typedef int vmask;
typedef int32_t vi;
#define vzero() 0.0f
#define vload(p) (*(p))
#define vloadu(p) (*(p))
#define vstore(p, v) (*(p) = (v))
#define vstoreu(p, v) (*(p) = (v))
#define vset1(x) (x)
#define vfmadd(a, b, c) ((a) * (b) + (c))
#define vmul(a, b) ((a) * (b))
#define vadd(a, b) ((a) + (b))
#define vsub(a, b) ((a) - (b))
#define vmax(a, b) fmaxf(a, b)
#define vreduce_add(v) (v)
#define vreduce_max(v) (v)
#define vloadi(p) (*(p))
#define vkeep_below(lim, j, x) ((lim) > (j) ? (x) : -INFINITY)
#define vkeep_first(n, x) ((n) > 0 ? (x) : -INFINITY)
RG_ALWAYS_INLINE vmask vmask_low(int64_t n) {
    return n > 0;
}
RG_ALWAYS_INLINE vf vload_part(int full, vmask mk, const float *p) {
    return full || mk ? *p : 0.0f;
}
RG_ALWAYS_INLINE void vstore_part(int full, vmask mk, float *p, vf v) {
    if (full || mk) *p = v;
}
RG_ALWAYS_INLINE vf vexp(vf x) {
    return expf(x);
}
RG_ALWAYS_INLINE vf vload_bf16(const uint16_t *p) {
    uint32_t u = (uint32_t)*p << 16;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}
RG_ALWAYS_INLINE vf vload_bf16_part(int64_t n, const uint16_t *p) {
    return n > 0 ? vload_bf16(p) : 0.0f;
}
#else
#error "define RG_VW as 1, 8 or 16 before including attention_simd.h"
#endif

#endif /* RG_ATTENTION_SIMD_H */
