/* vmath_coef.h: polynomial coefficients of ridge's vectorized fp32 exp, erf, erfc and tanh,
 * shared by every ISA's implementation. Fitted by scripts/fit_vmath.py (near-minimax relative
 * error, Lawson's iteratively reweighted least squares against mpmath at 40 digits). */
#ifndef RG_VMATH_COEF_H
#define RG_VMATH_COEF_H

/* exp(x) = 2^n * p(r), n = round(x / ln 2), r = x - n ln 2 in two parts (Cody-Waite; the high
 * part is ln 2 rounded to float, so n * LN2_HI and x - n * LN2_HI are exact in one FMA for
 * |n| <= 216). p(r) = 1 + r + r^2 q(r) on |r| <= ln2 / 2, q of degree 4: 1.2e-7 relative
 * error in q, about 0.02 ULP in p. The argument is clamped to [EXP_LO, EXP_HI], outside of which
 * exp underflows to 0 or overflows to inf anyway; the clamp keeps NaN. */
#define RG_VM_LOG2E 1.44269502f
#define RG_VM_LN2_HI 0.693147182f
#define RG_VM_LN2_LO -1.90465421e-09f
#define RG_VM_EXP_LO -150.0f
#define RG_VM_EXP_HI 128.0f
#define RG_VM_EXP_Q0 0.5f
#define RG_VM_EXP_Q1 0.166665778f
#define RG_VM_EXP_Q2 0.0416668542f
#define RG_VM_EXP_Q3 0.00836314075f
#define RG_VM_EXP_Q4 0.00139012805f

/* erfc(a) = exp(-a^2) * R(s), s = 1 / (1 + a / 2), a >= 0; R of degree 10 in s fitted on
 * a in [0, 10] (s in [1/6, 1]): 5.8e-9 relative error. Beyond a = 10, erfc is below the smallest
 * denormal and exp(-a^2) sends the product to 0. */
#define RG_VM_ERFC_K 0.5f
#define RG_VM_ERFC_R0 8.57071791e-06f
#define RG_VM_ERFC_R1 0.281844169f
#define RG_VM_ERFC_R2 0.285290122f
#define RG_VM_ERFC_R3 0.223445833f
#define RG_VM_ERFC_R4 0.285078049f
#define RG_VM_ERFC_R5 -0.251378238f
#define RG_VM_ERFC_R6 0.683403373f
#define RG_VM_ERFC_R7 -0.966052055f
#define RG_VM_ERFC_R8 0.640472114f
#define RG_VM_ERFC_R9 -0.209860697f
#define RG_VM_ERFC_R10 0.0277488064f
#define RG_VM_ERFC_AMAX 12.0f /* erfc(12) * 2^149 < 1e-18: the clamp keeps a * a finite */

/* erf(x) = x * P(x^2) for |x| < ERF_SMALL (P of degree 5, 1.4e-9 relative error); above it
 * erf = 1 - erfc, where erfc < 0.3 so the subtraction loses nothing. */
#define RG_VM_ERF_SMALL 0.75f
#define RG_VM_ERF_P0 1.12837911f
#define RG_VM_ERF_P1 -0.3761262f
#define RG_VM_ERF_P2 0.112833768f
#define RG_VM_ERF_P3 -0.0268346239f
#define RG_VM_ERF_P4 0.00511434535f
#define RG_VM_ERF_P5 -0.000674951239f

/* tanh(x) = x + x^3 T(x^2) for |x| < TANH_SMALL (T of degree 4, 4e-8 relative error in T);
 * above it tanh = (1 - e) / (1 + e), e = exp(-2|x|) <= 0.34, sign restored. */
#define RG_VM_TANH_SMALL 0.55f
#define RG_VM_TANH_T0 -0.333333313f
#define RG_VM_TANH_T1 0.133331135f
#define RG_VM_TANH_T2 -0.053909447f
#define RG_VM_TANH_T3 0.0213094782f
#define RG_VM_TANH_T4 -0.00661037583f

/* GELU, tanh form: x * sigmoid(2 * sqrt(2/pi) * (x + 0.044715 x^3)). */
#define RG_VM_GELU_TANH_C1 1.59576917f   /* 2 * sqrt(2 / pi) */
#define RG_VM_GELU_TANH_C3 0.0713548139f /* 2 * sqrt(2 / pi) * 0.044715 */
/* Below this input GELU (either form) and SiLU's x * sigmoid round to -0. */
#define RG_VM_GELU_LO -20.0f
#define RG_VM_SILU_LO -150.0f

#endif /* RG_VMATH_COEF_H */
