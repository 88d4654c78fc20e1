#!/usr/bin/env python3
"""fit_vmath.py: fits the polynomial coefficients of kernels/cpu/vmath_coef.h.

Near-minimax relative error by Lawson's iteratively reweighted least squares against mpmath
(40 digits) on Chebyshev nodes; the coefficients are then rounded to float one at a time, lowest
order first, refitting the others after each (a poor man's fpminimax), and the float32 Horner
evaluation is simulated to report the error that the kernels will see.
Usage: scripts/fit_vmath.py   (needs numpy and mpmath)
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40


def lawson(A, y, scale, iters=80):
    w = np.ones(len(y))
    c = None
    for _ in range(iters):
        W = np.sqrt(w) / scale
        c, *_ = np.linalg.lstsq(A * W[:, None], y * W, rcond=None)
        e = np.abs(A @ c - y) / scale
        w = w * e
        w /= w.sum()
    return c


def fit(f, lo, hi, deg, n=3000, fixed=()):
    """Coefficients c[0..deg] of sum c_i t^i ~ f(t) on [lo, hi], the first ones given."""
    k = np.arange(n)
    t = 0.5 * (lo + hi) + 0.5 * (hi - lo) * np.cos(np.pi * (k + 0.5) / n)
    y = np.array([float(f(mp.mpf(v))) for v in t])
    A = np.stack([t**i for i in range(deg + 1)], 1)
    scale = np.abs(y)
    c = list(fixed)
    while len(c) <= deg:
        j = len(c)
        rest = y - A[:, :j] @ np.array(c) if j else y
        cj = lawson(A[:, j:], rest, scale)
        c.append(float(np.float32(cj[0])))
    c = np.array(c, dtype=np.float32)
    # float32 Horner with fused multiply-add (one rounding per step).
    tf = t.astype(np.float32)
    acc = np.float32(c[-1])
    for i in range(deg - 1, -1, -1):
        acc = (acc.astype(np.float64) * tf + np.float64(c[i])).astype(np.float32)
    err = np.max(np.abs(acc.astype(np.float64) - y) / scale)
    return c, err


def show(name, c, err):
    print("%s: float32 Horner relative error %.3g (%.2f ulp of 1)" % (name, err, err / 2**-23))
    for i, v in enumerate(c):
        print("  %d %.9g" % (i, v))


ln2 = float(mp.log(2))
# exp: p(r) = 1 + r + r^2 q(r); q's error is divided by about 8 in p.
c, e = fit(lambda r: (mp.exp(r) - 1 - r) / r**2 if r != 0 else mp.mpf(0.5), -ln2 / 2, ln2 / 2, 4,
           fixed=(0.5,))
show("exp q(r)", c, e)
# erfc(a) = exp(-a^2) s Q(s), s = 1 / (1 + a/2), a in [0, 10] (Q = R / s is better
# conditioned than R in float: R's alternating coefficients cost up to 5 ulp near a = 0, Q's 1).
K, A0 = 0.5, 0.0
Q = lambda s: (lambda a: mp.erfc(a) * mp.exp(a * a))((1 / s - 1) / K) / s
c, e = fit(Q, 1 / (1 + 10 * K), 1 / (1 + A0 * K), 8)
show("erfc Q(s)", c, e)
# erf(x) = x P(x^2), |x| < 0.75.
c, e = fit(lambda x2: mp.erf(mp.sqrt(x2)) / mp.sqrt(x2) if x2 > 0 else 2 / mp.sqrt(mp.pi), 0,
           0.5625, 5)
show("erf P(x^2)", c, e)
# tanh(x) = x + x^3 T(x^2), |x| < 0.55; T's error is divided by about 3 in tanh.
c, e = fit(lambda x2: (mp.tanh(mp.sqrt(x2)) / mp.sqrt(x2) - 1) / x2 if x2 > 0 else mp.mpf(-1) / 3,
           0, 0.3025, 4)
show("tanh T(x^2)", c, e)


# GELU's erfc part (AVX-512): E(|x|) / 2 = erfcx(|x| / sqrt 2) / 2, |x| in [0, 15), as 32 polynomials of
# degree 4. u = |x| + 1 in [1, 16): its exponent (4 octaves) and top three mantissa bits pick the
# region, the table slot being (u's bits >> 20) mod 32; the remaining mantissa bits, shifted up,
# give the point t in [-0.5, 0.5) across the region. Fitted per region with relative weights.
def fit_local(f, lo, hi, deg, n=400):
    k = np.arange(n)
    t = np.concatenate([-0.5 + (k + 0.5) / n, [-0.5, 0.4999999]])
    y = np.array([float(f(mp.mpf(lo + (v + 0.5) * (hi - lo)))) for v in t])
    A = np.stack([t**i for i in range(deg + 1)], 1)
    c = []
    for j in range(deg + 1):
        rest = y - A[:, :j] @ np.array(c) if j else y
        c.append(float(np.float32(lawson(A[:, j:], rest, np.abs(y))[0])))
    c = np.array(c, dtype=np.float32)
    acc = np.float32(c[-1])
    for i in range(deg - 1, -1, -1):
        acc = (acc.astype(np.float64) * t.astype(np.float32) + np.float64(c[i])).astype(np.float32)
    return c, np.max(np.abs(acc.astype(np.float64) - y) / np.abs(y))


E = lambda ax: mp.erfc(ax / mp.sqrt(2)) * mp.exp(ax * ax / 2)
table = [None] * 32
worst = 0.0
for e in range(4):
    for m in range(8):
        lo, hi = 2**e * (1 + m / 8) - 1, 2**e * (1 + (m + 1) / 8) - 1
        c, err = fit_local(E, lo, hi, 4)
        table[(24 + 8 * e + m) % 32] = c
        worst = max(worst, err)
print("gelu E(|x|): float32 Horner relative error %.3g (%.2f ulp of 1)" % (worst, worst / 2**-23))
for i in range(5):
    # halved (exactly): the kernel multiplies by |x|, not |x| / 2
    print("  C%d: {%s}" % (i, ", ".join("%.9gf" % (table[p][i] / 2) for p in range(32))))
# 2^(j/16), j = 0..15, rounded to float (GELU's exp: 2^(k/16) exp(r), |r| <= ln2 / 32).
print("  EXP2_16TH: {%s}" % ", ".join("%.9gf" % float(np.float32(mp.power(2, mp.mpf(j) / 16)))
                                       for j in range(16)))
