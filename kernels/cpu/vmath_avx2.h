/* vmath_avx2.h: ridge's vectorized fp32 exp, erf, erfc, tanh, GELU and SiLU on 8 lanes (AVX2 +
 * FMA; include only from files named *_avx2*.c). The same algorithms and coefficients as
 * vmath_avx512.h; what AVX2 lacks (scalef, masks, a 14-bit reciprocal) is replaced below.
 * Accuracy: docs/method.md, "Vectorized math accuracy". Names and signatures are stable. */
#ifndef RG_VMATH_AVX2_H
#define RG_VMATH_AVX2_H

#include <immintrin.h>

#include "vmath_coef.h"

#define RG__VM256_INLINE static inline __attribute__((always_inline))

/* p * 2^n for integral n in [-252, 254] (all that the callers produce), rounded once: the
 * power is applied in two halves that are each a normal float, so p * 2^h is exact and only
 * the second product rounds (into the denormals or to inf when it must). */
RG__VM256_INLINE __m256 rg__scale256_ps(__m256 p, __m256 n) {
    __m256i ni = _mm256_cvtps_epi32(n);
    __m256i h = _mm256_srai_epi32(ni, 1);
    __m256i bias = _mm256_set1_epi32(127);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(h, bias), 23));
    __m256 s2 =
        _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(ni, h), bias), 23));
    return _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
}

/* exp's argument reduction: r with exp(x) = exp(r) * 2^n, |r| <= ln2 / 2, for x in
 * [EXP_LO, EXP_HI] (not checked). */
RG__VM256_INLINE __m256 rg__exp256_reduce(__m256 x, __m256 *n_out) {
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(RG_VM_LOG2E)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(RG_VM_LN2_HI), x);
    *n_out = n;
    return _mm256_fnmadd_ps(n, _mm256_set1_ps(RG_VM_LN2_LO), r);
}

/* exp(r) for |r| <= ln2 / 2 (plus a few ulp of r). */
RG__VM256_INLINE __m256 rg__exp256_poly(__m256 r) {
    __m256 q = _mm256_set1_ps(RG_VM_EXP_Q4);
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(RG_VM_EXP_Q3));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(RG_VM_EXP_Q2));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(RG_VM_EXP_Q1));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(RG_VM_EXP_Q0));
    /* p = 1 + r (1 + r q): the last FMA rounds once, the rest is scaled down by r. */
    const __m256 one = _mm256_set1_ps(1.0f);
    return _mm256_fmadd_ps(_mm256_fmadd_ps(q, r, one), r, one);
}

/* exp(x) = p * 2^n, x clamped to [EXP_LO, EXP_HI] (NaN kept): see rg__exp512_parts. */
RG__VM256_INLINE __m256 rg__exp256_parts(__m256 x, __m256 *n_out) {
    x = _mm256_max_ps(_mm256_set1_ps(RG_VM_EXP_LO), _mm256_min_ps(_mm256_set1_ps(RG_VM_EXP_HI), x));
    return rg__exp256_poly(rg__exp256_reduce(x, n_out));
}

/* exp(x). */
RG__VM256_INLINE __m256 rg__exp256_ps(__m256 x) {
    __m256 n;
    __m256 p = rg__exp256_parts(x, &n);
    return rg__scale256_ps(p, n);
}

/* erf(x) / x = P(x^2) for |x| < ERF_SMALL. */
RG__VM256_INLINE __m256 rg__erfp256_ps(__m256 x2) {
    __m256 P = _mm256_set1_ps(RG_VM_ERF_P5);
    P = _mm256_fmadd_ps(P, x2, _mm256_set1_ps(RG_VM_ERF_P4));
    P = _mm256_fmadd_ps(P, x2, _mm256_set1_ps(RG_VM_ERF_P3));
    P = _mm256_fmadd_ps(P, x2, _mm256_set1_ps(RG_VM_ERF_P2));
    P = _mm256_fmadd_ps(P, x2, _mm256_set1_ps(RG_VM_ERF_P1));
    return _mm256_fmadd_ps(P, x2, _mm256_set1_ps(RG_VM_ERF_P0));
}

/* erfc(a) = m * 2^n for a >= 0 (or NaN), given d = 1 + ERFC_K a, -a * a = na2 + na2lo exactly
 * (the caller forms them, so that a scaled input such as x / sqrt 2 loses nothing in the
 * square, and folds the scale into d) and na2 >= EXP_LO (the caller clamps a); mul multiplies
 * m (0.5 x for GELU, 1 for erf). */
RG__VM256_INLINE __m256 rg__erfc256_parts(__m256 d, __m256 na2, __m256 na2lo, __m256 mul,
                                          __m256 *n_out) {
    /* A true division: AVX2's 12-bit reciprocal would need two Newton steps. */
    __m256 s = _mm256_div_ps(_mm256_set1_ps(1.0f), d);
    __m256 Q = _mm256_set1_ps(RG_VM_ERFC_Q8);
    Q = _mm256_fmadd_ps(Q, s, _mm256_set1_ps(RG_VM_ERFC_Q7));
    Q = _mm256_fmadd_ps(Q, s, _mm256_set1_ps(RG_VM_ERFC_Q6));
    Q = _mm256_fmadd_ps(Q, s, _mm256_set1_ps(RG_VM_ERFC_Q5));
    Q = _mm256_fmadd_ps(Q, s, _mm256_set1_ps(RG_VM_ERFC_Q4));
    Q = _mm256_fmadd_ps(Q, s, _mm256_set1_ps(RG_VM_ERFC_Q3));
    Q = _mm256_fmadd_ps(Q, s, _mm256_set1_ps(RG_VM_ERFC_Q2));
    Q = _mm256_fmadd_ps(Q, s, _mm256_set1_ps(RG_VM_ERFC_Q1));
    Q = _mm256_fmadd_ps(Q, s, _mm256_set1_ps(RG_VM_ERFC_Q0));
    /* exp(na2 + na2lo): the low part joins the reduced argument. */
    __m256 p = rg__exp256_poly(_mm256_add_ps(rg__exp256_reduce(na2, n_out), na2lo));
    return _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(mul, s), Q), p);
}

/* erf(x). */
RG__VM256_INLINE __m256 rg__erf256_ps(__m256 x) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 a = _mm256_andnot_ps(sign, x);
    __m256 small = _mm256_mul_ps(x, rg__erfp256_ps(_mm256_mul_ps(x, x)));
    __m256 ac = _mm256_min_ps(_mm256_set1_ps(RG_VM_ERFC_AMAX), a);
    __m256 na2 = _mm256_fnmadd_ps(ac, ac, _mm256_setzero_ps());
    __m256 n;
    __m256 d = _mm256_fmadd_ps(ac, _mm256_set1_ps(RG_VM_ERFC_K), _mm256_set1_ps(1.0f));
    __m256 m = rg__erfc256_parts(d, na2, _mm256_fnmsub_ps(ac, ac, na2), _mm256_set1_ps(1.0f), &n);
    __m256 big = _mm256_sub_ps(_mm256_set1_ps(1.0f), rg__scale256_ps(m, n));
    big = _mm256_or_ps(big, _mm256_and_ps(sign, x));
    __m256 is_small = _mm256_cmp_ps(a, _mm256_set1_ps(RG_VM_ERF_SMALL), _CMP_LT_OQ);
    return _mm256_blendv_ps(big, small, is_small);
}

/* tanh(x). */
RG__VM256_INLINE __m256 rg__tanh256_ps(__m256 x) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 a = _mm256_andnot_ps(sign, x);
    __m256 x2 = _mm256_mul_ps(x, x);
    __m256 T = _mm256_set1_ps(RG_VM_TANH_T4);
    T = _mm256_fmadd_ps(T, x2, _mm256_set1_ps(RG_VM_TANH_T3));
    T = _mm256_fmadd_ps(T, x2, _mm256_set1_ps(RG_VM_TANH_T2));
    T = _mm256_fmadd_ps(T, x2, _mm256_set1_ps(RG_VM_TANH_T1));
    T = _mm256_fmadd_ps(T, x2, _mm256_set1_ps(RG_VM_TANH_T0));
    __m256 small = _mm256_fmadd_ps(_mm256_mul_ps(x, x2), T, x);
    __m256 e = rg__exp256_ps(_mm256_mul_ps(a, _mm256_set1_ps(-2.0f)));
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 big = _mm256_div_ps(_mm256_sub_ps(one, e), _mm256_add_ps(one, e));
    big = _mm256_or_ps(big, _mm256_and_ps(sign, x));
    __m256 is_small = _mm256_cmp_ps(a, _mm256_set1_ps(RG_VM_TANH_SMALL), _CMP_LT_OQ);
    return _mm256_blendv_ps(big, small, is_small);
}

/* x * sigmoid(v) for v of the sign of x: see rg__xsigmoid512_ps. */
RG__VM256_INLINE __m256 rg__xsigmoid256_ps(__m256 x, __m256 v, float xlo) {
    __m256 n;
    __m256 p = rg__exp256_parts(_mm256_or_ps(v, _mm256_set1_ps(-0.0f)), &n);
    __m256 d = _mm256_add_ps(_mm256_set1_ps(1.0f), rg__scale256_ps(p, n));
    __m256 is_neg = _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_LT_OQ);
    __m256 xc = _mm256_max_ps(_mm256_set1_ps(xlo), x);
    __m256 q = _mm256_div_ps(_mm256_blendv_ps(x, _mm256_mul_ps(xc, p), is_neg), d);
    return _mm256_blendv_ps(q, rg__scale256_ps(q, n), is_neg);
}

/* SiLU: x * sigmoid(x). */
RG__VM256_INLINE __m256 rg__silu256_ps(__m256 x) {
    return rg__xsigmoid256_ps(x, x, RG_VM_SILU_LO);
}

/* GELU, tanh form: x * sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3). */
RG__VM256_INLINE __m256 rg__gelu_tanh256_ps(__m256 x) {
    __m256 x2 = _mm256_mul_ps(x, x);
    __m256 v = _mm256_mul_ps(x, _mm256_fmadd_ps(x2, _mm256_set1_ps(RG_VM_GELU_TANH_C3),
                                                _mm256_set1_ps(RG_VM_GELU_TANH_C1)));
    return rg__xsigmoid256_ps(x, v, RG_VM_GELU_LO);
}

/* GELU, erf form: 0.5 x (1 + erf(x / sqrt 2)) = x - 0.5 x erfc(a) for x >= 0 and
 * 0.5 x erfc(a) for x < 0, a = |x| / sqrt 2: no cancellation on either side, and -a^2 is formed
 * exactly from x (-0.5 x * x and its FMA residual). */
RG__VM256_INLINE __m256 rg__gelu256_ps(__m256 x) {
    /* Clamped to +-GELU_ERF_MAX: beyond, 0.5 x erfc(a) rounds to 0 in the result. */
    __m256 xc = _mm256_max_ps(_mm256_set1_ps(-RG_VM_GELU_ERF_MAX),
                              _mm256_min_ps(_mm256_set1_ps(RG_VM_GELU_ERF_MAX), x));
    __m256 hx = _mm256_mul_ps(xc, _mm256_set1_ps(0.5f));
    __m256 na2 = _mm256_fnmadd_ps(hx, xc, _mm256_setzero_ps());
    __m256 na2lo = _mm256_fnmsub_ps(hx, xc, na2);
    /* d = 1 + ERFC_K |x| / sqrt 2. */
    __m256 d = _mm256_fmadd_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.0f), xc),
                               _mm256_set1_ps(RG_VM_ERFC_K * 0.707106781f), _mm256_set1_ps(1.0f));
    __m256 n;
    __m256 hm =
        rg__erfc256_parts(d, na2, na2lo, hx, &n); /* n is set here, not in an argument list */
    __m256 neg = rg__scale256_ps(hm, n);
    __m256 pos = _mm256_sub_ps(x, neg);
    __m256 is_neg = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    return _mm256_blendv_ps(pos, neg, is_neg);
}

#endif /* RG_VMATH_AVX2_H */
