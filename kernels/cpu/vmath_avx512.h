/* vmath_avx512.h: ridge's vectorized fp32 exp, erf, erfc, tanh, GELU and SiLU on 16 lanes
 * (include only from files compiled with the AVX-512 flags, named *_avx512*.c): vmath_simd.h's
 * algorithms on AVX-512's vocabulary (scalef, masks). The names (rg__exp512_ps, rg__erf512_ps,
 * rg__tanh512_ps, rg__gelu512_ps, rg__gelu_tanh512_ps, rg__silu512_ps, and the parts they are
 * built of) and signatures are stable: other kernels use them. */
#ifndef RG_VMATH_AVX512_H
#define RG_VMATH_AVX512_H

#include <immintrin.h>

#define VM_BITS 512
#define vm_f __m512
#define vm_m __mmask16
#define vm_set1(v) _mm512_set1_ps(v)
#define vm_zero() _mm512_setzero_ps()
#define vm_add(a, b) _mm512_add_ps(a, b)
#define vm_sub(a, b) _mm512_sub_ps(a, b)
#define vm_mul(a, b) _mm512_mul_ps(a, b)
#define vm_div(a, b) _mm512_div_ps(a, b)
#define vm_min(a, b) _mm512_min_ps(a, b)
#define vm_max(a, b) _mm512_max_ps(a, b)
#define vm_absmin(x, m) _mm512_range_ps(x, m, 0x0a) /* min(|x|, |m|), sign cleared */
#define vm_fmadd(a, b, c) _mm512_fmadd_ps(a, b, c)
#define vm_fmsub(a, b, c) _mm512_fmsub_ps(a, b, c)
#define vm_fnmadd(a, b, c) _mm512_fnmadd_ps(a, b, c)
#define vm_fnmsub(a, b, c) _mm512_fnmsub_ps(a, b, c)
#define vm_and(a, b) _mm512_and_ps(a, b)
#define vm_or(a, b) _mm512_or_ps(a, b)
#define vm_andnot(a, b) _mm512_andnot_ps(a, b)
#define vm_round(x) _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define vm_scale(p, n) _mm512_scalef_ps(p, n)
#define vm_lt(a, b) _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ)
#define vm_select(m, f, t) _mm512_mask_blend_ps(m, f, t)
#define vm_mask_mul(src, m, a, b) _mm512_mask_mul_ps(src, m, a, b)
#define vm_mask_scale(src, m, p, n) _mm512_mask_scalef_ps(src, m, p, n)
#define vm_i __m512i
#define vm_bits(x) _mm512_castps_si512(x)
#define vm_from_bits(i) _mm512_castsi512_ps(i)
#define vm_set1i(v) _mm512_set1_epi32(v)
#define vm_srli(i, n) _mm512_srli_epi32(i, n)
#define vm_slli(i, n) _mm512_slli_epi32(i, n)
#define vm_andi(a, b) _mm512_and_si512(a, b)
#define vm_ori(a, b) _mm512_or_si512(a, b)
#define vm_lut16(table, idx) _mm512_permutexvar_ps(idx, _mm512_load_ps(table))
#define vm_lut32(table, idx)                                                                       \
    _mm512_permutex2var_ps(_mm512_load_ps(table), idx, _mm512_load_ps((table) + 16))
#include "vmath_simd.h"

#endif /* RG_VMATH_AVX512_H */
