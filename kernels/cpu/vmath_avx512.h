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

/* exp's argument reduction: r with exp(x) = exp(r) * 2^n, |r| <= ln2 / 2, for x in
 * [EXP_LO, EXP_HI] (not checked). */
RG__VM512_INLINE __m512 rg__exp512_reduce(__m512 x, __m512 *n_out) {
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(RG_VM_LOG2E)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(RG_VM_LN2_HI), x);
    *n_out = n;
    return _mm512_fnmadd_ps(n, _mm512_set1_ps(RG_VM_LN2_LO), r);
}

/* exp(r) for |r| <= ln2 / 2 (plus a few ulp of r). */
RG__VM512_INLINE __m512 rg__exp512_poly(__m512 r) {
    __m512 q = _mm512_set1_ps(RG_VM_EXP_Q4);
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(RG_VM_EXP_Q3));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(RG_VM_EXP_Q2));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(RG_VM_EXP_Q1));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(RG_VM_EXP_Q0));
    /* p = 1 + r (1 + r q): the last FMA rounds once, the rest is scaled down by r. */
    const __m512 one = _mm512_set1_ps(1.0f);
    return _mm512_fmadd_ps(_mm512_fmadd_ps(q, r, one), r, one);
}

/* exp(x) = p * 2^n with p in [0.7, 1.42] and n integral (as a float); x is clamped to
 * [EXP_LO, EXP_HI] first (NaN stays NaN). Callers that multiply exp by something fold it into
 * p and scale once at the end (_mm512_scalef_ps), so that results in the denormal range are
 * rounded once. */
RG__VM512_INLINE __m512 rg__exp512_parts(__m512 x, __m512 *n_out) {
    /* min/max return their second operand when either is NaN: x goes second. */
    x = _mm512_max_ps(_mm512_set1_ps(RG_VM_EXP_LO), _mm512_min_ps(_mm512_set1_ps(RG_VM_EXP_HI), x));
    return rg__exp512_poly(rg__exp512_reduce(x, n_out));
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

/* erfc(a) = m * 2^n for a >= 0 (or NaN), given d = 1 + ERFC_K a, -a * a = na2 + na2lo exactly
 * (the caller forms them, so that a scaled input such as x / sqrt 2 loses nothing in the
 * square, and folds the scale into d) and na2 >= EXP_LO (the caller clamps a); mul multiplies
 * m (0.5 x for GELU, 1 for erf). */
RG__VM512_INLINE __m512 rg__erfc512_parts(__m512 d, __m512 na2, __m512 na2lo, __m512 mul,
                                          __m512 *n_out) {
    /* A true division: on Zen 4 it costs less than rcp14 and a Newton step. */
    __m512 s = _mm512_div_ps(_mm512_set1_ps(1.0f), d);
    __m512 Q = _mm512_set1_ps(RG_VM_ERFC_Q8);
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q7));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q6));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q5));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q4));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q3));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q2));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q1));
    Q = _mm512_fmadd_ps(Q, s, _mm512_set1_ps(RG_VM_ERFC_Q0));
    /* exp(na2 + na2lo): the low part joins the reduced argument. */
    __m512 p = rg__exp512_poly(_mm512_add_ps(rg__exp512_reduce(na2, n_out), na2lo));
    return _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(mul, s), Q), p);
}

/* erf(x). */
RG__VM512_INLINE __m512 rg__erf512_ps(__m512 x) {
    const __m512 sign = _mm512_set1_ps(-0.0f);
    __m512 a = _mm512_andnot_ps(sign, x);
    __m512 small = _mm512_mul_ps(x, rg__erfp512_ps(_mm512_mul_ps(x, x)));
    __m512 ac = _mm512_min_ps(_mm512_set1_ps(RG_VM_ERFC_AMAX), a);
    __m512 na2 = _mm512_fnmadd_ps(ac, ac, _mm512_setzero_ps());
    __m512 n;
    __m512 d = _mm512_fmadd_ps(ac, _mm512_set1_ps(RG_VM_ERFC_K), _mm512_set1_ps(1.0f));
    __m512 m = rg__erfc512_parts(d, na2, _mm512_fnmsub_ps(ac, ac, na2), _mm512_set1_ps(1.0f), &n);
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

/* GELU, erf form: 0.5 x (1 + erf(x / sqrt 2)) = x - 0.5 x erfc(a) for x >= 0 and
 * 0.5 x erfc(a) for x < 0, a = |x| / sqrt 2: no cancellation on either side, and -a^2 is formed
 * exactly from x (-0.5 x * x and its FMA residual). */
RG__VM512_INLINE __m512 rg__gelu512_ps(__m512 x) {
    /* Clamped to +-GELU_ERF_MAX: beyond, 0.5 x erfc(a) rounds to 0 in the result. */
    __m512 xc = _mm512_max_ps(_mm512_set1_ps(-RG_VM_GELU_ERF_MAX),
                              _mm512_min_ps(_mm512_set1_ps(RG_VM_GELU_ERF_MAX), x));
    __m512 hx = _mm512_mul_ps(xc, _mm512_set1_ps(0.5f));
    __m512 na2 = _mm512_fnmadd_ps(hx, xc, _mm512_setzero_ps());
    __m512 na2lo = _mm512_fnmsub_ps(hx, xc, na2);
    /* d = 1 + ERFC_K |x| / sqrt 2. */
    __m512 d = _mm512_fmadd_ps(_mm512_andnot_ps(_mm512_set1_ps(-0.0f), xc),
                               _mm512_set1_ps(RG_VM_ERFC_K * 0.707106781f), _mm512_set1_ps(1.0f));
    __m512 n;
    __m512 hm =
        rg__erfc512_parts(d, na2, na2lo, hx, &n); /* n is set here, not in an argument list */
    __m512 neg = _mm512_scalef_ps(hm, n);
    __m512 pos = _mm512_sub_ps(x, neg);
    __mmask16 is_neg = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(is_neg, pos, neg);
}

#endif /* RG_VMATH_AVX512_H */
