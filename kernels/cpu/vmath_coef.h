/* vmath_coef.h: polynomial coefficients of ridge's vectorized fp32 exp, erf, erfc and tanh,
 * shared by every ISA's implementation. Fitted by scripts/fit_vmath.py (near-minimax relative
 * error against mpmath at 40 digits, coefficients rounded to float one at a time). */
#ifndef RG_VMATH_COEF_H
#define RG_VMATH_COEF_H

/* exp(x) = 2^n * p(r), n = round(x / ln 2), r = x - n ln 2 in two parts (Cody-Waite; the high
 * part is ln 2 rounded to float, so x - n * LN2_HI is exact in one FMA for |n| <= 216).
 * p(r) = 1 + r + r^2 q(r) on |r| <= ln2 / 2, q of degree 4 (its error is divided by about 8 in
 * p). The argument is clamped to [EXP_LO, EXP_HI], outside of which exp underflows to 0 or
 * overflows to inf anyway; the clamp keeps NaN. */
#define RG_VM_LOG2E 1.44269502f
#define RG_VM_LN2_HI 0.693147182f
#define RG_VM_LN2_LO -1.90465421e-09f
#define RG_VM_EXP_LO -150.0f
#define RG_VM_EXP_HI 128.0f
#define RG_VM_EXP_Q0 0.5f
#define RG_VM_EXP_Q1 0.166665792f
#define RG_VM_EXP_Q2 0.0416667573f
#define RG_VM_EXP_Q3 0.00836294983f
#define RG_VM_EXP_Q4 0.00139061525f

/* erfc(a) = exp(-a^2) * s * Q(s), s = 1 / (1 + a / 2), for a in [0, 10] (Q of degree 8,
 * about 1 ulp of float Horner error; s Q is well conditioned where the plain polynomial in s
 * was not). Beyond a = 10, erfc is below the smallest denormal and exp(-a^2) sends the product
 * to 0. */
#define RG_VM_ERFC_K 0.5f
#define RG_VM_ERFC_Q0 0.282086432f
#define RG_VM_ERFC_Q1 0.282375038f
#define RG_VM_ERFC_Q2 0.243105903f
#define RG_VM_ERFC_Q3 0.202677742f
#define RG_VM_ERFC_Q4 -0.0266026035f
#define RG_VM_ERFC_Q5 0.278031647f
#define RG_VM_ERFC_Q6 -0.487167209f
#define RG_VM_ERFC_Q7 0.284558445f
#define RG_VM_ERFC_Q8 -0.0590654351f
#define RG_VM_ERFC_AMAX 12.0f /* erfc(12) * 2^149 < 1e-18: the clamp keeps a * a finite */

/* erf(x) = x * P(x^2) for |x| < ERF_SMALL (P of degree 5); above it erf = 1 - erfc, where
 * erfc < 0.3 so the subtraction loses nothing. */
#define RG_VM_ERF_SMALL 0.75f
#define RG_VM_ERF_P0 1.12837911f
#define RG_VM_ERF_P1 -0.376121104f
#define RG_VM_ERF_P2 0.112762645f
#define RG_VM_ERF_P3 -0.026484536f
#define RG_VM_ERF_P4 0.0044088522f
#define RG_VM_ERF_P5 -0.000176406611f

/* tanh(x) = x + x^3 T(x^2) for |x| < TANH_SMALL (T of degree 4); above it
 * tanh = (1 - e) / (1 + e), e = exp(-2|x|) <= 0.34, sign restored. */
#define RG_VM_TANH_SMALL 0.55f
#define RG_VM_TANH_T0 -0.333333313f
#define RG_VM_TANH_T1 0.13333033f
#define RG_VM_TANH_T2 -0.0538942963f
#define RG_VM_TANH_T3 0.0212206114f
#define RG_VM_TANH_T4 -0.00645032898f

/* GELU, tanh form: x * sigmoid(2 * sqrt(2/pi) * (x + 0.044715 x^3)). */
#define RG_VM_GELU_TANH_C1 1.59576917f   /* 2 * sqrt(2 / pi) */
#define RG_VM_GELU_TANH_C3 0.0713548139f /* 2 * sqrt(2 / pi) * 0.044715 */
/* Below this input GELU (either form) and SiLU's x * sigmoid round to -0; GELU's erf form
 * clamps |x| to GELU_ERF_MAX (beyond, 0.5 |x| erfc(|x| / sqrt 2) < 2^-150 and exp(-x^2 / 2)
 * stays above EXP_LO, so its exp needs no clamp). */
#define RG_VM_GELU_LO -20.0f
#define RG_VM_GELU_ERF_MAX 14.5f
#define RG_VM_SILU_LO -150.0f

#endif /* RG_VMATH_COEF_H */
