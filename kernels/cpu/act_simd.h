/* act_simd.h: the activation, softmax and normalization loops, written once over a small
 * vector vocabulary and instantiated per ISA (act_avx512.c, act_avx2.c, act_scalar.c). */
#ifndef RG_ACT_SIMD_H
#define RG_ACT_SIMD_H

#include <float.h>
#include <math.h>
#include <stdint.h>

#include "act_internal.h"

/* The including file defines RG_ACT_W (floats per vector: 16, 8 or 1) and RG_ACT_KERNELS (the
 * name of its table); W 16 and 8 include their vmath header here, W 1 defines the scalar math
 * (av_exp, av_gelu, av_gelu_tanh, av_silu on float) before including this file. */
#if RG_ACT_W == 16
#include "bf16_simd.h"
#include "vmath_avx512.h"
typedef __m512 av;
#define av_set1(v) _mm512_set1_ps(v)
#define av_loadu(p) _mm512_loadu_ps(p)
#define av_storeu(p, v) _mm512_storeu_ps(p, v)
#define av_stream(p, v) _mm512_stream_ps(p, v)
#define av_add(a, b) _mm512_add_ps(a, b)
#define av_sub(a, b) _mm512_sub_ps(a, b)
#define av_mul(a, b) _mm512_mul_ps(a, b)
#define av_fmadd(a, b, c) _mm512_fmadd_ps(a, b, c)
#define av_max(a, b) _mm512_max_ps(a, b) /* b when either is NaN */
#define av_exp(x) rg__exp512_ps(x)
#define av_gelu(x) rg__gelu512_ps(x)
#define av_gelu_tanh(x) rg__gelu_tanh512_ps(x)
#define av_silu(x) rg__silu512_ps(x)
#define av_hsum(v) _mm512_reduce_add_ps(v)
#define av_hmax(v) _mm512_reduce_max_ps(v)
#define av_fence() _mm_sfence()
static inline __mmask16 av_tail_mask(int64_t n) {
    return (__mmask16)((1u << n) - 1);
}
static inline av av_load_tail(int64_t n, const float *p, float fill) {
    return _mm512_mask_loadu_ps(_mm512_set1_ps(fill), av_tail_mask(n), p);
}
static inline void av_store_tail(int64_t n, float *p, av v) {
    _mm512_mask_storeu_ps(p, av_tail_mask(n), v);
}
#elif RG_ACT_W == 8
#include "bf16_simd.h"
#include "vmath_avx2.h"
typedef __m256 av;
#define av_set1(v) _mm256_set1_ps(v)
#define av_loadu(p) _mm256_loadu_ps(p)
#define av_storeu(p, v) _mm256_storeu_ps(p, v)
#define av_stream(p, v) _mm256_stream_ps(p, v)
#define av_add(a, b) _mm256_add_ps(a, b)
#define av_sub(a, b) _mm256_sub_ps(a, b)
#define av_mul(a, b) _mm256_mul_ps(a, b)
#define av_fmadd(a, b, c) _mm256_fmadd_ps(a, b, c)
#define av_max(a, b) _mm256_max_ps(a, b) /* b when either is NaN */
#define av_exp(x) rg__exp256_ps(x)
#define av_gelu(x) rg__gelu256_ps(x)
#define av_gelu_tanh(x) rg__gelu_tanh256_ps(x)
#define av_silu(x) rg__silu256_ps(x)
#define av_fence() _mm_sfence()
static inline float av_hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
static inline float av_hmax(__m256 v) {
    __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_max_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_max_ss(s, _mm_movehdup_ps(s)));
}
static inline __m256i av_tail_mask(int64_t n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
static inline av av_load_tail(int64_t n, const float *p, float fill) {
    __m256i mk = av_tail_mask(n);
    return _mm256_blendv_ps(_mm256_set1_ps(fill), _mm256_maskload_ps(p, mk),
                            _mm256_castsi256_ps(mk));
}
static inline void av_store_tail(int64_t n, float *p, av v) {
    _mm256_maskstore_ps(p, av_tail_mask(n), v);
}
#elif RG_ACT_W == 1
typedef float av;
#define av_set1(v) ((float)(v))
#define av_loadu(p) (*(p))
#define av_storeu(p, v) (*(p) = (v))
#define av_stream(p, v) (*(p) = (v))
#define av_add(a, b) ((a) + (b))
#define av_sub(a, b) ((a) - (b))
#define av_mul(a, b) ((a) * (b))
#define av_fmadd(a, b, c) ((a) * (b) + (c))  /* fmaf is a libm call without FMA hardware */
#define av_max(a, b) ((a) > (b) ? (a) : (b)) /* b when either is NaN, as the vector forms */
#define av_hsum(v) (v)
#define av_hmax(v) (v)
#define av_fence() ((void)0)
#define av_load_tail(n, p, fill) (*(p))
#define av_store_tail(n, p, v) (*(p) = (v))
#else
#error "define RG_ACT_W as 16, 8 or 1 before including act_simd.h"
#endif

#define W RG_ACT_W
/* 1: the bf16 forms round with AVX512_BF16 (act_avx512bf16.c). */
#ifndef RG_ACT_BF16_CVT
#define RG_ACT_BF16_CVT 0
#endif

/* ReLU: max(0, x) keeps a NaN (the second operand wins); + 0 turns -0 into +0. */
static inline av av_relu(av x) {
    return av_add(av_max(av_set1(0.0f), x), av_set1(0.0f));
}

/* fp32 storage. */
#define AE_T float
#define AE_FN(name) name##_f32
#define ae_ld(p) av_loadu(p)
#define ae_ld_tail(n, p, fill) av_load_tail(n, p, fill)
#define ae_st(p, v) av_storeu(p, v)
#define ae_stream(p, v) av_stream(p, v)
#define AE_PAIR(F, STORE, y, x) (STORE(y, F(ae_ld(x))), STORE((y) + W, F(ae_ld((x) + W))))
#define ae_st2(p, a, b) (av_storeu(p, a), av_storeu((p) + W, b))
#define ae_st_tail(n, p, v) av_store_tail(n, p, v)
#define ae_scalar(e) (e)
#define AE_STREAM_ALIGN (W * sizeof(float))
#define AE_SOFTMAX_CACHED_COLS RG__SOFTMAX_ONLINE_COLS
#define AE_SOFTMAX_T(t, yrow, scratch) ((scratch) ? (t) : (yrow))
#include "act_loops.h"
#undef AE_T
#undef AE_FN
#undef ae_ld
#undef ae_ld_tail
#undef ae_st
#undef ae_stream
#undef AE_PAIR
#undef ae_st2
#undef ae_st_tail
#undef ae_scalar
#undef AE_STREAM_ALIGN
#undef AE_SOFTMAX_CACHED_COLS
#undef AE_SOFTMAX_T

/* bf16 storage: widened exactly on load, rounded once on store (bf16_simd.h; the scalar path
 * rg_bf16_from_f32). Short rows of softmax keep their exponentials as floats on the stack, so
 * that the result is rounded once. */
#if W == 16
static inline av ae_ld_tail_bf16(int64_t n, const uint16_t *p, float fill) {
    const __mmask16 mk = av_tail_mask(n);
    const __m512 v = _mm512_castsi512_ps(
        _mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mk, p)), 16));
    return _mm512_mask_blend_ps(mk, _mm512_set1_ps(fill), v);
}
#define ae_ld(p) rg__bf16x16_load(p)
#define ae_ld_tail(n, p, fill) ae_ld_tail_bf16(n, p, fill)
#define ae_st_packed(p, v) _mm512_storeu_si512((void *)(p), v)
#define ae_stream_packed(p, v) _mm512_stream_si512((void *)(p), v)
#if RG_ACT_BF16_CVT
/* AVX512_BF16 (act_avx512bf16.c): vcvtne2ps2bf16 rounds 32 at once, in order. */
#define AE_CVT16(v) rg__bf16x16_cvtne(v)
#define AE_CVT32(a, b) rg__bf16x32_cvtne(a, b)
#define AE_PAIR(F, STORE, y, x) STORE##_packed(y, rg__bf16x32_cvtne(F(ae_ld(x)), F(ae_ld((x) + W))))
#else
#define AE_CVT16(v) rg__bf16x16_from_ps(v)
#define AE_CVT32(a, b) rg__bf16x32_from_ps(a, b)
/* Elementwise pairs stay in 128-bit lanes: the words are widened by interleaving with zeros
 * (elements 0-3 and 8-11 of 32 in one vector, 4-7 and 12-15 in the other, and so on) and
 * packed back the same way, so no cross-lane shuffle runs (vpmovzxwd and vpmovdw would). */
#define AE_PAIR(F, STORE, y, x)                                                                    \
    do {                                                                                           \
        const __m512i v_ = _mm512_loadu_si512((const void *)(x)), z_ = _mm512_setzero_si512();     \
        const __m512 lo_ = F(_mm512_castsi512_ps(_mm512_unpacklo_epi16(z_, v_)));                  \
        const __m512 hi_ = F(_mm512_castsi512_ps(_mm512_unpackhi_epi16(z_, v_)));                  \
        STORE##_packed(y, _mm512_packus_epi32(rg__bf16x16_bits(lo_), rg__bf16x16_bits(hi_)));      \
    } while (0)
#endif
#define ae_st(p, v) _mm256_storeu_si256((__m256i *)(p), AE_CVT16(v))
#define ae_stream(p, v) _mm256_stream_si256((__m256i *)(p), AE_CVT16(v))
#define ae_st_tail(n, p, v) _mm256_mask_storeu_epi16(p, av_tail_mask(n), AE_CVT16(v))
#define ae_st2(p, a, b) _mm512_storeu_si512((void *)(p), AE_CVT32(a, b))
#elif W == 8
/* Tails go through a float buffer (AVX2 has no 16-bit masked moves). */
static inline av ae_ld_tail_bf16(int64_t n, const uint16_t *p, float fill) {
    float f[8];
    for (int64_t i = 0; i < 8; i++)
        f[i] = i < n ? rg_f32_from_bf16(p[i]) : fill;
    return _mm256_loadu_ps(f);
}
static inline void ae_st_tail_bf16(int64_t n, uint16_t *p, av v) {
    float f[8];
    _mm256_storeu_ps(f, v);
    for (int64_t i = 0; i < n; i++)
        p[i] = rg_bf16_from_f32(f[i]);
}
#define ae_ld(p) rg__bf16x8_load(p)
#define ae_ld_tail(n, p, fill) ae_ld_tail_bf16(n, p, fill)
#define ae_st(p, v) _mm_storeu_si128((__m128i *)(p), rg__bf16x8_from_ps(v))
#define ae_stream(p, v) _mm_stream_si128((__m128i *)(p), rg__bf16x8_from_ps(v))
#define ae_st_tail(n, p, v) ae_st_tail_bf16(n, p, v)
#define AE_PAIR(F, STORE, y, x) (STORE(y, F(ae_ld(x))), STORE((y) + W, F(ae_ld((x) + W))))
#define ae_st2(p, a, b) (ae_st(p, a), ae_st((p) + W, b))
#else
#define ae_ld(p) rg_f32_from_bf16(*(p))
#define ae_ld_tail(n, p, fill) rg_f32_from_bf16(*(p))
#define ae_st(p, v) (*(p) = rg_bf16_from_f32(v))
#define ae_stream(p, v) (*(p) = rg_bf16_from_f32(v))
#define ae_st_tail(n, p, v) (*(p) = rg_bf16_from_f32(v))
#define AE_PAIR(F, STORE, y, x) (STORE(y, F(ae_ld(x))), STORE((y) + W, F(ae_ld((x) + W))))
#define ae_st2(p, a, b) (ae_st(p, a), ae_st((p) + W, b))
#endif
#define AE_T uint16_t
#define AE_FN(name) name##_bf16
#define ae_scalar(e) rg_f32_from_bf16(e)
#define AE_STREAM_ALIGN (W == 16 ? 64 : W * sizeof(uint16_t))
#define AE_SOFTMAX_CACHED_COLS RG__SOFTMAX_BF16_CACHED_COLS
#define AE_SOFTMAX_T(t, yrow, scratch) ((void)(yrow), (void)(scratch), (t))
#include "act_loops.h"

const rg__act_kernels RG_ACT_KERNELS = {
    .act = act_run_f32,
    .softmax = softmax_rows_f32,
    .rmsnorm = rmsnorm_rows_f32,
    .layernorm = layernorm_rows_f32,
    .act_bf16 = act_run_bf16,
    .softmax_bf16 = softmax_rows_bf16,
    .rmsnorm_bf16 = rmsnorm_rows_bf16,
    .layernorm_bf16 = layernorm_rows_bf16,
};

#undef W
#endif /* RG_ACT_SIMD_H */
