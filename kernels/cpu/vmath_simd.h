/* vmath_simd.h: ridge's vectorized fp32 exp, erf, erfc, tanh, GELU and SiLU, written once over
 * a small vector vocabulary that vmath_avx512.h (16 lanes) and vmath_avx2.h (8 lanes) define
 * before including this file; it undefines the vocabulary at its end. Accuracy: docs/method.md,
 * "Vectorized math accuracy"; coefficients: vmath_coef.h. All functions are correct over the
 * whole float range: overflow to inf, underflow through the denormals to 0, +-0 kept, NaN
 * propagated.
 *
 * The vocabulary: VM_BITS (512 or 256: the functions are named rg__exp512_ps, rg__exp256_ps,
 * ...), the types vm_f (a float vector) and vm_m (a lane mask), vm_set1, vm_zero, vm_add,
 * vm_sub, vm_mul, vm_div, vm_min and vm_max (the second operand when either is NaN), vm_fmadd
 * (a b + c), vm_fmsub (a b - c), vm_fnmadd (-a b + c), vm_fnmsub (-a b - c), vm_and, vm_or,
 * vm_andnot (~a & b), vm_round (to nearest integer), vm_scale(p, n) (p 2^n for integral n, rounded
 * once), vm_lt(a, b) (a < b, ordered), vm_select(m, f, t) (t where m, else f), vm_mask_mul(src, m,
 * a, b) and vm_mask_scale(src, m, p, n) (the product or scaling where m, src elsewhere); vm_i (an
 * integer vector of as many 32-bit lanes), vm_bits and vm_from_bits (reinterpreting casts),
 * vm_set1i, vm_srli and vm_slli (logical shifts by a constant), vm_andi, vm_ori,
 * vm_lut16(table, idx) and vm_lut32(table, idx) (table[idx & 15] or table[idx & 31] per lane,
 * table 64-byte aligned) and vm_absmin(x, m) (min(|x|, m) for a positive m, NaN kept); these
 * last are optional: without vm_lut32, GELU takes its division form. */

#include "vmath_coef.h"

#define VM_CAT_(a, b, c) a##b##c
#define VM_CAT(a, b, c) VM_CAT_(a, b, c)
#define VM_NAME(base, suffix) VM_CAT(rg__##base, VM_BITS, _##suffix)
#define VM_INLINE static inline __attribute__((always_inline))

/* exp's argument reduction: r with exp(x) = exp(r) * 2^n, |r| <= ln2 / 2, for x in
 * [EXP_LO, EXP_HI] (not checked). */
VM_INLINE vm_f VM_NAME(exp, reduce)(vm_f x, vm_f *n_out) {
    vm_f n = vm_round(vm_mul(x, vm_set1(RG_VM_LOG2E)));
    vm_f r = vm_fnmadd(n, vm_set1(RG_VM_LN2_HI), x);
    *n_out = n;
    return vm_fnmadd(n, vm_set1(RG_VM_LN2_LO), r);
}

/* exp(r) for |r| <= ln2 / 2 (plus a few ulp of r). */
VM_INLINE vm_f VM_NAME(exp, poly)(vm_f r) {
    vm_f q = vm_set1(RG_VM_EXP_Q4);
    q = vm_fmadd(q, r, vm_set1(RG_VM_EXP_Q3));
    q = vm_fmadd(q, r, vm_set1(RG_VM_EXP_Q2));
    q = vm_fmadd(q, r, vm_set1(RG_VM_EXP_Q1));
    q = vm_fmadd(q, r, vm_set1(RG_VM_EXP_Q0));
    /* p = 1 + r (1 + r q): the last FMA rounds once, the rest is scaled down by r. */
    const vm_f one = vm_set1(1.0f);
    return vm_fmadd(vm_fmadd(q, r, one), r, one);
}

/* exp(x) = p * 2^n with p in [0.7, 1.42] and n integral (as a float); x is clamped to
 * [EXP_LO, EXP_HI] first (NaN stays NaN). Callers that multiply exp by something fold it into
 * p and scale once at the end (vm_scale), so that results in the denormal range are rounded
 * once. */
VM_INLINE vm_f VM_NAME(exp, parts)(vm_f x, vm_f *n_out) {
    /* min/max return their second operand when either is NaN: x goes second. */
    x = vm_max(vm_set1(RG_VM_EXP_LO), vm_min(vm_set1(RG_VM_EXP_HI), x));
    return VM_NAME(exp, poly)(VM_NAME(exp, reduce)(x, n_out));
}

/* exp(x). */
VM_INLINE vm_f VM_NAME(exp, ps)(vm_f x) {
    vm_f n;
    vm_f p = VM_NAME(exp, parts)(x, &n);
    return vm_scale(p, n);
}

/* erf(x) / x = P(x^2) for |x| < ERF_SMALL. */
VM_INLINE vm_f VM_NAME(erfp, ps)(vm_f x2) {
    vm_f P = vm_set1(RG_VM_ERF_P5);
    P = vm_fmadd(P, x2, vm_set1(RG_VM_ERF_P4));
    P = vm_fmadd(P, x2, vm_set1(RG_VM_ERF_P3));
    P = vm_fmadd(P, x2, vm_set1(RG_VM_ERF_P2));
    P = vm_fmadd(P, x2, vm_set1(RG_VM_ERF_P1));
    return vm_fmadd(P, x2, vm_set1(RG_VM_ERF_P0));
}

/* erfc(a) = m * 2^n for a >= 0 (or NaN), given d = 1 + ERFC_K a, -a * a = na2 + na2lo exactly
 * (the caller forms them, so that a scaled input such as x / sqrt 2 loses nothing in the
 * square, and folds the scale into d) and na2 >= EXP_LO (the caller clamps a); mul multiplies
 * m (0.5 x for GELU, 1 for erf). */
VM_INLINE vm_f VM_NAME(erfc, parts)(vm_f d, vm_f na2, vm_f na2lo, vm_f mul, vm_f *n_out) {
    /* A true division: on Zen 4 it costs less than rcp14 and a Newton step, and AVX2's 12-bit
     * estimate would need two steps. */
    vm_f s = vm_div(vm_set1(1.0f), d);
    vm_f Q = vm_set1(RG_VM_ERFC_Q8);
    Q = vm_fmadd(Q, s, vm_set1(RG_VM_ERFC_Q7));
    Q = vm_fmadd(Q, s, vm_set1(RG_VM_ERFC_Q6));
    Q = vm_fmadd(Q, s, vm_set1(RG_VM_ERFC_Q5));
    Q = vm_fmadd(Q, s, vm_set1(RG_VM_ERFC_Q4));
    Q = vm_fmadd(Q, s, vm_set1(RG_VM_ERFC_Q3));
    Q = vm_fmadd(Q, s, vm_set1(RG_VM_ERFC_Q2));
    Q = vm_fmadd(Q, s, vm_set1(RG_VM_ERFC_Q1));
    Q = vm_fmadd(Q, s, vm_set1(RG_VM_ERFC_Q0));
    /* exp(na2 + na2lo): the low part joins the reduced argument. */
    vm_f p = VM_NAME(exp, poly)(vm_add(VM_NAME(exp, reduce)(na2, n_out), na2lo));
    return vm_mul(vm_mul(vm_mul(mul, s), Q), p);
}

/* erf(x). */
VM_INLINE vm_f VM_NAME(erf, ps)(vm_f x) {
    const vm_f sign = vm_set1(-0.0f);
    vm_f a = vm_andnot(sign, x);
    vm_f small = vm_mul(x, VM_NAME(erfp, ps)(vm_mul(x, x)));
    vm_f ac = vm_min(vm_set1(RG_VM_ERFC_AMAX), a);
    vm_f na2 = vm_fnmadd(ac, ac, vm_zero());
    vm_f n;
    vm_f d = vm_fmadd(ac, vm_set1(RG_VM_ERFC_K), vm_set1(1.0f));
    vm_f m = VM_NAME(erfc, parts)(d, na2, vm_fnmsub(ac, ac, na2), vm_set1(1.0f), &n);
    vm_f big = vm_sub(vm_set1(1.0f), vm_scale(m, n));
    big = vm_or(big, vm_and(sign, x));
    return vm_select(vm_lt(a, vm_set1(RG_VM_ERF_SMALL)), big, small);
}

/* tanh(x). */
VM_INLINE vm_f VM_NAME(tanh, ps)(vm_f x) {
    const vm_f sign = vm_set1(-0.0f);
    vm_f a = vm_andnot(sign, x);
    vm_f x2 = vm_mul(x, x);
    vm_f T = vm_set1(RG_VM_TANH_T4);
    T = vm_fmadd(T, x2, vm_set1(RG_VM_TANH_T3));
    T = vm_fmadd(T, x2, vm_set1(RG_VM_TANH_T2));
    T = vm_fmadd(T, x2, vm_set1(RG_VM_TANH_T1));
    T = vm_fmadd(T, x2, vm_set1(RG_VM_TANH_T0));
    vm_f small = vm_fmadd(vm_mul(x, x2), T, x);
    vm_f e = VM_NAME(exp, ps)(vm_mul(a, vm_set1(-2.0f)));
    const vm_f one = vm_set1(1.0f);
    vm_f big = vm_div(vm_sub(one, e), vm_add(one, e));
    big = vm_or(big, vm_and(sign, x));
    return vm_select(vm_lt(a, vm_set1(RG_VM_TANH_SMALL)), big, small);
}

/* x * sigmoid(v) for v of the sign of x (SiLU: v = x; GELU tanh form: v = 2u). For v < 0 it is
 * x * p / (1 + e) * 2^n with e = exp(v) = p * 2^n, scaled last so that tiny results keep their
 * denormal bits; xlo clamps x where the result is -0 anyway (keeps x * p finite). */
VM_INLINE vm_f VM_NAME(xsigmoid, ps)(vm_f x, vm_f v, float xlo) {
    vm_f n;
    vm_f p = VM_NAME(exp, parts)(vm_or(v, vm_set1(-0.0f)), &n);
    vm_f d = vm_add(vm_set1(1.0f), vm_scale(p, n));
    vm_m is_neg = vm_lt(v, vm_zero());
    vm_f xc = vm_max(vm_set1(xlo), x);
    vm_f q = vm_div(vm_mask_mul(x, is_neg, xc, p), d);
    return vm_mask_scale(q, is_neg, q, n);
}

/* SiLU: x * sigmoid(x). */
VM_INLINE vm_f VM_NAME(silu, ps)(vm_f x) {
    return VM_NAME(xsigmoid, ps)(x, x, RG_VM_SILU_LO);
}

/* GELU, tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x * sigmoid(2u). */
VM_INLINE vm_f VM_NAME(gelu_tanh, ps)(vm_f x) {
    vm_f x2 = vm_mul(x, x);
    vm_f v = vm_mul(x, vm_fmadd(x2, vm_set1(RG_VM_GELU_TANH_C3), vm_set1(RG_VM_GELU_TANH_C1)));
    return VM_NAME(xsigmoid, ps)(x, v, RG_VM_GELU_LO);
}

/* GELU, erf form: 0.5 x (1 + erf(x / sqrt 2)) = max(x, 0) - 0.5 |x| erfc(a), a = |x| / sqrt 2:
 * no cancellation on either side (the subtrahend is below x / 2 for x > 0 and is the whole
 * result for x < 0), and -a^2 is formed exactly from x (-0.5 |x| * |x| and its FMA residual).
 * |x| is clamped to GELU_ERF_MAX: beyond, the subtrahend rounds to 0 in the result (NaN stays
 * NaN: min returns its second operand). max(-0, x) is x's positive part with the sign of zero
 * kept (max returns its second operand between zeros): -0 and the negative inputs whose result
 * underflows give -0. */
#ifdef vm_lut32
/* The table form (a 32-entry permute per coefficient, where the ISA has one): erfc(a) =
 * exp(-a^2) 2 E(|x|) with E from 32 regional polynomials and exp from 2^(k/16) (vmath_coef.h):
 * no division; about 31 vector operations where the division form takes about 40. */
VM_INLINE vm_f VM_NAME(gelu, ps)(vm_f x) {
    vm_f ax = vm_absmin(x, vm_set1(RG_VM_GELU_ERF_MAX));
    vm_f sq = vm_mul(ax, ax);
    /* u = |x| + 1 in [1, 15.5]: its bits >> 20 pick the region; its mantissa below the top three
     * bits, shifted up under 1.0's exponent, is y in [1, 2), and t = y - 1.5. */
    vm_i ub = vm_bits(vm_add(ax, vm_set1(1.0f)));
    vm_i slot = vm_srli(ub, 20);
    vm_f t = vm_sub(
        vm_from_bits(vm_ori(vm_andi(vm_slli(ub, 3), vm_set1i(0x7fffff)), vm_set1i(0x3f800000))),
        vm_set1(1.5f));
    vm_f e = vm_lut32(RG_VM_GELU_E[4], slot);
    e = vm_fmadd(e, t, vm_lut32(RG_VM_GELU_E[3], slot));
    e = vm_fmadd(e, t, vm_lut32(RG_VM_GELU_E[2], slot));
    e = vm_fmadd(e, t, vm_lut32(RG_VM_GELU_E[1], slot));
    e = vm_fmadd(e, t, vm_lut32(RG_VM_GELU_E[0], slot));
    /* exp(-x^2 / 2) = 2^(k/16) exp(-s / 2): kb's low mantissa bits hold k mod 16, kf = k / 16 (a
     * multiple of 1/16), s = x^2 + 2 kf ln2 (s / 2 <= ln2 / 32), and exp(-s / 2) = 1 + s c(s),
     * the cubic's coefficients taking the -1/2 in. kf LN2X2_HI comes exactly from kb (one FMA:
     * the product is representable), x^2 joins it in one rounding, then kf LN2X2_LO. */
    const vm_f magic = vm_set1(RG_VM_EXP16_MAGIC);
    vm_f kb = vm_fmadd(sq, vm_set1(-0.5f * RG_VM_LOG2E), magic);
    vm_f kf = vm_sub(kb, magic);
    vm_f khi = vm_fmsub(kb, vm_set1(RG_VM_LN2X2_HI), vm_set1(RG_VM_EXP16_MAGIC * RG_VM_LN2X2_HI));
    vm_f s2 = vm_fmadd(kf, vm_set1(RG_VM_LN2X2_LO), vm_fmadd(ax, ax, khi));
    vm_f c = vm_fmadd(vm_fmadd(s2, vm_set1(-1.0f / 48.0f), vm_set1(0.125f)), s2, vm_set1(-0.5f));
    vm_f h = vm_mul(vm_mul(ax, e), vm_lut16(RG_VM_EXP2_16TH, vm_bits(kb)));
    /* h (1 + s c) 2^floor(kf): scale rounds once, so tiny results keep their denormal bits. */
    vm_f sub = vm_scale(vm_fmadd(vm_mul(h, s2), c, h), kf);
    return vm_sub(vm_max(vm_set1(-0.0f), x), sub);
}
#else
/* The division form: erfc(a) from erfc_parts (a division and a degree-8 polynomial). */
VM_INLINE vm_f VM_NAME(gelu, ps)(vm_f x) {
    vm_f ax = vm_min(vm_set1(RG_VM_GELU_ERF_MAX), vm_andnot(vm_set1(-0.0f), x));
    vm_f hx = vm_mul(ax, vm_set1(0.5f));
    vm_f na2 = vm_fnmadd(hx, ax, vm_zero());
    vm_f na2lo = vm_fnmsub(hx, ax, na2);
    /* d = 1 + ERFC_K |x| / sqrt 2. */
    vm_f d = vm_fmadd(ax, vm_set1(RG_VM_ERFC_K * 0.707106781f), vm_set1(1.0f));
    vm_f n;
    vm_f hm = VM_NAME(erfc, parts)(d, na2, na2lo, hx, &n); /* n is set here */
    return vm_sub(vm_max(vm_set1(-0.0f), x), vm_scale(hm, n));
}
#endif

#undef VM_CAT_
#undef VM_CAT
#undef VM_NAME
#undef VM_INLINE
#undef VM_BITS
#undef vm_set1
#undef vm_zero
#undef vm_add
#undef vm_sub
#undef vm_mul
#undef vm_div
#undef vm_min
#undef vm_max
#undef vm_absmin
#undef vm_fmadd
#undef vm_fmsub
#undef vm_fnmadd
#undef vm_fnmsub
#undef vm_and
#undef vm_or
#undef vm_andnot
#undef vm_round
#undef vm_scale
#undef vm_lt
#undef vm_select
#undef vm_mask_mul
#undef vm_mask_scale
#undef vm_f
#undef vm_m
#undef vm_i
#undef vm_bits
#undef vm_from_bits
#undef vm_set1i
#undef vm_srli
#undef vm_slli
#undef vm_andi
#undef vm_ori
#undef vm_lut16
#undef vm_lut32
