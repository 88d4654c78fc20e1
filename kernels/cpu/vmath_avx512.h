/* vmath_avx512.h: ridge's vectorized fp32 exp, erf, erfc, tanh, GELU and SiLU on 16 lanes
 * (include only from files compiled with the AVX-512 flags, named *_avx512*.c). Accuracy:
 * docs/method.md, "Vectorized math accuracy"; coefficients: vmath_coef.h. All functions are
 * correct over the whole float range: overflow to inf, underflow through the denormals to 0,
 * +-0 kept, NaN propagated. The names and signatures are stable (other kernels use them). */
#ifndef RG_VMATH_AVX512_H
#define RG_VMATH_AVX512_H

#include <immintrin.h>

#include "vmath_coef.h"

#define RG__VM512_INLINE static inline __attribute__((always_inline))

/* exp(x) = p * 2^n with p in [0.7, 1.42] and n integral (as a float); x is clamped to
 * [EXP_LO, EXP_HI] first (NaN stays NaN). Callers that multiply exp by something fold it into
 * p and scale once at the end (_mm512_scalef_ps), so that results in the denormal range are
 * rounded once. */
RG__VM512_INLINE __m512 rg__exp512_parts(__m512 x, __m512 *n_out) {
    /* min/max return their second operand when either is NaN: x goes second. */
    x = _mm512_max_ps(_mm512_set1_ps(RG_VM_EXP_LO), _mm512_min_ps(_mm512_set1_ps(RG_VM_EXP_HI), x));
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(RG_VM_LOG2E)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(RG_VM_LN2_HI), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(RG_VM_LN2_LO), r);
    __m512 q = _mm512_set1_ps(RG_VM_EXP_Q4);
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(RG_VM_EXP_Q3));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(RG_VM_EXP_Q2));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(RG_VM_EXP_Q1));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(RG_VM_EXP_Q0));
    /* p = 1 + r (1 + r q): the last FMA rounds once, the rest is scaled down by r. */
    const __m512 one = _mm512_set1_ps(1.0f);
    *n_out = n;
    return _mm512_fmadd_ps(_mm512_fmadd_ps(q, r, one), r, one);
}

/* exp(x). */
RG__VM512_INLINE __m512 rg__exp512_ps(__m512 x) {
    __m512 n;
    __m512 p = rg__exp512_parts(x, &n);
    return _mm512_scalef_ps(p, n);
}

/* erf(x) / x = P(x^2) for |x| < ERF_SMALL. */
RG__VM512_INLINE __m512 rg__erfp512_ps(__m512 x2) {
    __m512 P = _mm512_set1_ps(RG_VM_ERF_P5);
    P = _mm512_fmadd_ps(P, x2, _mm512_set1_ps(RG_VM_ERF_P4));
    P = _mm512_fmadd_ps(P, x2, _mm512_set1_ps(RG_VM_ERF_P3));
    P = _mm512_fmadd_ps(P, x2, _mm512_set1_ps(RG_VM_ERF_P2));
    P = _mm512_fmadd_ps(P, x2, _mm512_set1_ps(RG_VM_ERF_P1));
    return _mm512_fmadd_ps(P, x2, _mm512_set1_ps(RG_VM_ERF_P0));
}

/* erfc(a) = m * 2^n for a >= ERFC_A0 (or NaN, or +inf after the caller's clamp to ERFC_AMAX),
 * given a * a = a2hi + a2lo exactly (the caller forms them, so that a scaled input such as
 * x / sqrt 2 loses nothing in the square). */
RG__VM512_INLINE __m512 rg__erfc512_parts(__m512 a, __m512 a2hi, __m512 a2lo, __m512 *n_out) {
    __m512 d = _mm512_fmadd_ps(a, _mm512_set1_ps(RG_VM_ERFC_K), _mm512_set1_ps(1.0f));
    /* 1 / d to about 2^-28 relative error: rcp14 and one Newton step. */
    __m512 s0 = _mm512_rcp14_ps(d);
    __m512 s = _mm512_mul_ps(s0, _mm512_fnmadd_ps(d, s0, _mm512_set1_ps(2.0f)));
    __m512 Q = _mm512_set1_ps(RG_VM_ERFC_Q8);
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q7));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q6));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q5));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q4));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q3));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q2));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q1));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q0));
    __m512 p = rg__exp512_parts(_mm512_sub_ps(_mm512_setzero_ps(), a2hi), n_out);
    /* exp(-a2hi - a2lo) = exp(-a2hi) * (1 - a2lo), |a2lo| <= 2^-24 a2hi. */
    __m512 pq = _mm512_mul_ps(_mm512_mul_ps(p, s), Q);
    return _mm512_fnmadd_ps(pq, a2lo, pq);
}

/* erf(x). */
RG__VM512_INLINE __m512 rg__erf512_ps(__m512 x) {
    const __m512 sign = _mm512_set1_ps(-0.0f);
    __m512 a = _mm512_andnot_ps(sign, x);
    __m512 small = _mm512_mul_ps(x, rg__erfp512_ps(_mm512_mul_ps(x, x)));
    __m512 ac = _mm512_min_ps(_mm512_set1_ps(RG_VM_ERFC_AMAX), a);
    __m512 a2hi = _mm512_mul_ps(ac, ac);
    __m512 n;
    __m512 m = rg__erfc512_parts(ac, a2hi, _mm512_fmsub_ps(ac, ac, a2hi), &n);
    __m512 big = _mm512_sub_ps(_mm512_set1_ps(1.0f), _mm512_scalef_ps(m, n));
    big = _mm512_or_ps(big, _mm512_and_ps(sign, x));
    __mmask16 is_small = _mm512_cmp_ps_mask(a, _mm512_set1_ps(RG_VM_ERF_SMALL), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(is_small, big, small);
}

/* tanh(x). */
RG__VM512_INLINE __m512 rg__tanh512_ps(__m512 x) {
    const __m512 sign = _mm512_set1_ps(-0.0f);
    __m512 a = _mm512_andnot_ps(sign, x);
    __m512 x2 = _mm512_mul_ps(x, x);
    __m512 T = _mm512_set1_ps(RG_VM_TANH_T4);
    T = _mm512_fmadd_ps(T, x2, _mm512_set1_ps(RG_VM_TANH_T3));
    T = _mm512_fmadd_ps(T, x2, _mm512_set1_ps(RG_VM_TANH_T2));
    T = _mm512_fmadd_ps(T, x2, _mm512_set1_ps(RG_VM_TANH_T1));
    T = _mm512_fmadd_ps(T, x2, _mm512_set1_ps(RG_VM_TANH_T0));
    __m512 small = _mm512_fmadd_ps(_mm512_mul_ps(x, x2), T, x);
    __m512 e = rg__exp512_ps(_mm512_mul_ps(a, _mm512_set1_ps(-2.0f)));
    const __m512 one = _mm512_set1_ps(1.0f);
    __m512 big = _mm512_div_ps(_mm512_sub_ps(one, e), _mm512_add_ps(one, e));
    big = _mm512_or_ps(big, _mm512_and_ps(sign, x));
    __mmask16 is_small = _mm512_cmp_ps_mask(a, _mm512_set1_ps(RG_VM_TANH_SMALL), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(is_small, big, small);
}

/* x * sigmoid(v) for v of the sign of x (SiLU: v = x; GELU tanh form: v = 2u). For v < 0 it is
 * x * p / (1 + e) * 2^n with e = exp(v) = p * 2^n, scaled last so that tiny results keep their
 * denormal bits; xlo clamps x where the result is -0 anyway (keeps x * p finite). */
RG__VM512_INLINE __m512 rg__xsigmoid512_ps(__m512 x, __m512 v, float xlo) {
    __m512 n;
    __m512 p = rg__exp512_parts(_mm512_or_ps(v, _mm512_set1_ps(-0.0f)), &n);
    __m512 d = _mm512_add_ps(_mm512_set1_ps(1.0f), _mm512_scalef_ps(p, n));
    __mmask16 is_neg = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_LT_OQ);
    __m512 xc = _mm512_max_ps(_mm512_set1_ps(xlo), x);
    __m512 q = _mm512_div_ps(_mm512_mask_mul_ps(x, is_neg, xc, p), d);
    return _mm512_mask_scalef_ps(q, is_neg, q, n);
}

/* SiLU: x * sigmoid(x). */
RG__VM512_INLINE __m512 rg__silu512_ps(__m512 x) {
    return rg__xsigmoid512_ps(x, x, RG_VM_SILU_LO);
}

/* GELU, tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x * sigmoid(2u). */
RG__VM512_INLINE __m512 rg__gelu_tanh512_ps(__m512 x) {
    __m512 x2 = _mm512_mul_ps(x, x);
    __m512 v = _mm512_mul_ps(x, _mm512_fmadd_ps(x2, _mm512_set1_ps(RG_VM_GELU_TANH_C3),
                                                _mm512_set1_ps(RG_VM_GELU_TANH_C1)));
    return rg__xsigmoid512_ps(x, v, RG_VM_GELU_LO);
}

/* GELU, erf form: 0.5 x (1 + erf(z)), z = x / sqrt 2. For |z| < ERFC_A0 it is evaluated so,
 * with erf's small polynomial; above, as x - 0.5 x erfc(|z|) for x > 0 and 0.5 x erfc(|z|) for
 * x < 0: no cancellation on either side. */
RG__VM512_INLINE __m512 rg__gelu512_ps(__m512 x) {
    const __m512 half = _mm512_set1_ps(0.5f);
    /* Clamped to [GELU_LO, -GELU_LO]: beyond, erfc(|z|) rounds to 0 in the result. */
    __m512 xc = _mm512_max_ps(_mm512_set1_ps(RG_VM_GELU_LO),
                              _mm512_min_ps(_mm512_set1_ps(-RG_VM_GELU_LO), x));
    __m512 hx = _mm512_mul_ps(xc, half);
    __m512 a =
        _mm512_mul_ps(_mm512_andnot_ps(_mm512_set1_ps(-0.0f), xc), _mm512_set1_ps(0.707106781f));
    __m512 x2 = _mm512_mul_ps(xc, xc);
    __m512 a2hi = _mm512_mul_ps(x2, half);
    __m512 a2lo = _mm512_mul_ps(_mm512_fmsub_ps(xc, xc, x2), half);
    __m512 n;
    __m512 m = rg__erfc512_parts(a, a2hi, a2lo, &n); /* n is set here, not in an argument list */
    __m512 neg = _mm512_scalef_ps(_mm512_mul_ps(hx, m), n);
    __m512 pos = _mm512_sub_ps(x, neg);
    __m512 z = _mm512_mul_ps(x, _mm512_set1_ps(0.707106781f));
    __m512 small = _mm512_fmadd_ps(hx, _mm512_mul_ps(z, rg__erfp512_ps(a2hi)), hx);
    __mmask16 is_neg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
    __mmask16 is_small = _mm512_cmp_ps_mask(a, _mm512_set1_ps(RG_VM_ERFC_A0), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(is_small, _mm512_mask_blend_ps(is_neg, pos, neg), small);
}

#endif /* RG_VMATH_AVX512_H */
