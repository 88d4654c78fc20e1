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
/* GELU's erf form on AVX-512 (the table form, vmath_simd.h), without a division:
 * - E(|x|) = erfc(|x| / sqrt 2) exp(x^2 / 2) / 2 for |x| in [0, 15) as 32 polynomials of degree 4
 *   in t in [-0.5, 0.5), one per region of u = |x| + 1: its exponent (four octaves) and top
 *   three mantissa bits pick the region (table slot: u's bits >> 20, mod 32), the other mantissa
 *   bits the point across it. RG_VM_GELU_E[i][slot] is the coefficient of t^i (float32 Horner:
 *   about 1 ulp; scripts/fit_vmath.py).
 * - exp(-x^2 / 2) = 2^(k/16) exp(r): k from one FMA with a constant that rounds to sixteenths
 *   (EXP16_MAGIC = 1.5 * 2^19: the sum's low mantissa bits are k mod 16, the table slot), 2^(j/16)
 *   from RG_VM_EXP2_16TH, exp(r) = 1 + r + r^2 / 2 + r^3 / 6 for |r| <= ln2 / 32 (truncation
 *   below 1e-8). The reduced argument x^2 + 2 kf ln2 is formed without x^2's rounding error:
 *   2 ln2 = LN2X2_HI + LN2X2_LO, HI of 12 bits so that kf HI (kf: 12 bits) is exact, and one
 *   FMA adds it to the exact x^2. */
static const float RG_VM_GELU_E[5][32] __attribute__((aligned(64), unused)) = {
    {0.245331392f, 0.217639819f, 0.195023105f, 0.176290885f, 0.160580099f, 0.147254065f, 0.135835603f, 0.125961721f, 0.113452062f, 0.100039206f, 0.0893593207f, 0.0806754008f, 0.073488228f, 0.0674492344f, 0.0623084866f, 0.0578826331f, 0.0522930957f, 0.0463100448f, 0.04154329f, 0.037658859f, 0.0344340578f, 0.0317149274f, 0.0293917321f, 0.0273842253f, 0.476011127f, 0.433182299f, 0.396211833f, 0.364104867f, 0.336061448f, 0.311434001f, 0.289695084f, 0.270412415f},
    {-0.0307360794f, -0.0249218699f, -0.0205074307f, -0.0170992147f, -0.0144273872f, -0.0123034669f, -0.0105934581f, -0.00920058135f, -0.0151114827f, -0.011897603f, -0.00958257914f, -0.0078670634f, -0.0065645338f, -0.00555460015f, -0.00475711748f, -0.00411725836f, -0.00674402528f, -0.00530690514f, -0.00428103749f, -0.00352426013f, -0.00295060663f, -0.00250571081f, -0.00215390348f, -0.00187101471f, -0.0461489484f, -0.039715074f, -0.0343907587f, -0.0299557988f, -0.0262384657f, -0.0231039282f, -0.02044563f, -0.0181788299f},
    {0.00334431021f, 0.00251785317f, 0.00192899373f, 0.00150163181f, 0.00118586421f, 0.000949187553f, 0.000768777856f, 0.000629894959f, 0.00190337922f, 0.00135091448f, 0.000988392043f, 0.000742263859f, 0.000570145552f, 0.000446334074f, 0.00035556691f, 0.000287420495f, 0.000856364844f, 0.000600616564f, 0.00043668857f, 0.000327040296f, 0.0002510552f, 0.000196719106f, 0.000157008908f, 0.000127251958f, 0.00353869563f, 0.00291915773f, 0.00242378353f, 0.00202560914f, 0.00170260284f, 0.00143992051f, 0.00122466008f, 0.00104744418f},
    {-0.000327518559f, -0.00023109722f, -0.000166244237f, -0.000121741759f, -9.06963978e-05f, -6.85300911e-05f, -5.2533007e-05f, -4.08046762e-05f, -0.00022920256f, -0.000147603307f, -9.86594678e-05f, -6.80811208e-05f, -4.82862451e-05f, -3.50961236e-05f, -2.6082731e-05f, -1.97283589e-05f, -0.000107614957f, -6.73905888e-05f, -4.42166966e-05f, -3.01726177e-05f, -2.12411869e-05f, -1.53721267e-05f, -1.13985107e-05f, -8.6263708e-06f, -0.000231273749f, -0.00018412988f, -0.000147640952f, -0.000119150383f, -9.67647429e-05f, -7.90787744e-05f, -6.50232541e-05f, -5.37886699e-05f},
    {2.93920875e-05f, 1.93873366e-05f, 1.3001184e-05f, 8.64136837e-06f, 6.47334946e-06f, 4.36176379e-06f, 3.7766597e-06f, 2.34035883e-06f, 2.63004786e-05f, 1.53934216e-05f, 9.56549957e-06f, 6.10742882e-06f, 3.75955642e-06f, 2.98197006e-06f, 1.86464115e-06f, 1.4519859e-06f, 1.32343812e-05f, 7.49506626e-06f, 4.46802551e-06f, 2.76356604e-06f, 1.73989167e-06f, 1.37553582e-06f, 8.51215304e-07f, 5.83857513e-07f, 1.29539676e-05f, 9.09729624e-06f, 7.7862278e-06f, 5.76450566e-06f, 6.59310945e-06f, 5.49258675e-06f, 4.38875122e-06f, 2.47578373e-06f},
};
static const float RG_VM_EXP2_16TH[16] __attribute__((aligned(64), unused)) = {1.0f, 1.04427373f, 1.09050775f, 1.13878858f, 1.18920708f, 1.24185777f, 1.29683959f, 1.35425556f, 1.41421354f, 1.47682619f, 1.54221082f, 1.61049032f, 1.68179286f, 1.75625217f, 1.8340081f, 1.91520655f};
#define RG_VM_EXP16_MAGIC 786432.0f
#define RG_VM_LN2X2_HI (2839.0f / 2048.0f)
#define RG_VM_LN2X2_LO 6.38923666e-05f /* 2 ln2 - LN2X2_HI, rounded */
#define RG_VM_GELU_ERF_MAX 14.5f
#define RG_VM_SILU_LO -150.0f

#endif /* RG_VMATH_COEF_H */
