#!/usr/bin/env python3
"""emulate_cuda_attention.py: checks the index arithmetic and the online softmax of ridge's
tensor-core attention kernel (kernels/cuda/attention_cuda.cu, flash_fwd) on the CPU.

No GPU is needed: the tile loads (swizzled, zero past the sequence), ldmatrix (plain and .trans)
and mma.sync m16n8k16 come from emulate_cuda_gemm.py (the same emulation that the GEMM kernel,
since run on an H100, was checked with); this file follows flash_fwd's formulas lane by lane,
block by block (grouped heads, the bottom-right causal mask, partial tiles, rows with no key)
and compares with a numpy reference. P is not rounded to 16 bits here: it checks the mapping,
not the precision. A GPU run is still the proof (scripts/gpu-check.sh)."""
import math
import sys

import numpy as np

from emulate_cuda_gemm import ldmatrix, mma

BR, BC, WARPS = 64, 64, 4


def swz(D, row, chunk):
    return row * (D * 2) + ((chunk ^ (row & 7)) << 4)


def load_tile(smem, base, D, x, length, r0):
    for q in range(64 * D // 8):
        row, chunk = q // (D // 8), q % (D // 8)
        dst = base + swz(D, row, chunk)
        assert dst % 16 == 0
        for e in range(8):
            smem[(dst >> 1) + e] = x[r0 + row, chunk * 8 + e] if r0 + row < length else 0.0


def block(D, q, k, v, q_len, kv_len, causal, scale, bx):
    """One block (query rows bx*64..) of one head: q (q_len x D), k, v (kv_len x D)."""
    l2s = scale * 1.4426950408889634
    smem = np.zeros((BR * D * 2 + 4 * BC * D * 2) // 2)
    sq, sk0 = 0, BR * D * 2
    sv0 = sk0 + 2 * BC * D * 2
    q0 = bx * BR
    shift = kv_len - q_len
    kv_hi = kv_len
    if causal:
        last = q0 + BR - 1 + shift + 1
        kv_hi = min(kv_hi, max(last, 0))
    ntiles = (kv_hi + BC - 1) // BC
    load_tile(smem, sq, D, q, q_len, q0)
    out = np.zeros((BR, D))
    for warp in range(WARPS):
        qf = [ldmatrix(smem, [sq + swz(D, warp * 16 + l % 16, ks * 2 + l // 16) for l in range(32)], False)
              for ks in range(D // 16)]
        oacc = [[[0.0] * 4 for _ in range(32)] for _ in range(D // 8)]
        m = [[-math.inf, -math.inf] for _ in range(32)]
        lsum = [[0.0, 0.0] for _ in range(32)]
        for j in range(ntiles):
            st = j % 2
            sk, sv = sk0 + st * BC * D * 2, sv0 + st * BC * D * 2
            load_tile(smem, sk, D, k, kv_len, j * BC)
            load_tile(smem, sv, D, v, kv_len, j * BC)
            s = [[[0.0] * 4 for _ in range(32)] for _ in range(BC // 8)]
            for ks in range(D // 16):
                for np_ in range(BC // 16):
                    bf = ldmatrix(smem, [sk + swz(D, np_ * 16 + l % 8 + (l // 16) * 8, ks * 2 + (l // 8) % 2)
                                         for l in range(32)], False)
                    mma(s[2 * np_], qf[ks], [bf[l][0] for l in range(32)], [bf[l][1] for l in range(32)])
                    mma(s[2 * np_ + 1], qf[ks], [bf[l][2] for l in range(32)], [bf[l][3] for l in range(32)])
            pa_all = []
            for lane in range(32):
                g, t = lane // 4, lane % 4
                row0 = q0 + warp * 16 + g
                for n in range(BC // 8):
                    for e in range(4):
                        key = j * BC + n * 8 + 2 * t + (e & 1)
                        row = row0 if e < 2 else row0 + 8
                        ok = key < kv_len and (not causal or key <= row + shift)
                        s[n][lane][e] = s[n][lane][e] * l2s if ok else -math.inf
            # row maxima over the 4 lanes of a row (the shuffles)
            mx = [[max(max(s[n][lane][0], s[n][lane][1]) for n in range(BC // 8)),
                   max(max(s[n][lane][2], s[n][lane][3]) for n in range(BC // 8))] for lane in range(32)]
            mxr = [[max(mx[(lane & ~3) + i][r] for i in range(4)) for r in range(2)] for lane in range(32)]
            for lane in range(32):
                for r in range(2):
                    mn = max(m[lane][r], mxr[lane][r])
                    base = 0.0 if mn == -math.inf else mn
                    c = 2.0 ** (m[lane][r] - base)
                    m[lane][r] = mn
                    ps = 0.0
                    for n in range(BC // 8):
                        for e in (2 * r, 2 * r + 1):
                            s[n][lane][e] = 2.0 ** (s[n][lane][e] - base)
                            ps += s[n][lane][e]
                    lsum[lane][r] = lsum[lane][r] * c + ps
                    for n in range(D // 8):
                        oacc[n][lane][2 * r] *= c
                        oacc[n][lane][2 * r + 1] *= c
            for kk in range(BC // 16):
                pa = [[(s[2 * kk][l][0], s[2 * kk][l][1]), (s[2 * kk][l][2], s[2 * kk][l][3]),
                       (s[2 * kk + 1][l][0], s[2 * kk + 1][l][1]), (s[2 * kk + 1][l][2], s[2 * kk + 1][l][3])]
                      for l in range(32)]
                for np_ in range(D // 16):
                    bf = ldmatrix(smem, [sv + swz(D, kk * 16 + l % 8 + ((l // 8) % 2) * 8, np_ * 2 + l // 16)
                                         for l in range(32)], True)
                    mma(oacc[2 * np_], pa, [bf[l][0] for l in range(32)], [bf[l][1] for l in range(32)])
                    mma(oacc[2 * np_ + 1], pa, [bf[l][2] for l in range(32)], [bf[l][3] for l in range(32)])
        lr = [[sum(lsum[(lane & ~3) + i][r] for i in range(4)) for r in range(2)] for lane in range(32)]
        for lane in range(32):
            g, t = lane // 4, lane % 4
            for r in range(2):
                inv = 1.0 / lr[lane][r] if lr[lane][r] > 0 else 0.0
                for n in range(D // 8):
                    for e in range(2):
                        out[warp * 16 + g + 8 * r, n * 8 + 2 * t + e] = oacc[n][lane][2 * r + e] * inv
    return out


def reference(q, k, v, q_len, kv_len, causal, scale):
    out = np.zeros((q_len, q.shape[1]))
    for i in range(q_len):
        hi = min(kv_len, i + kv_len - q_len + 1) if causal else kv_len
        if hi <= 0:
            continue
        s = (k[:hi] @ q[i]) * scale
        p = np.exp(s - s.max())
        out[i] = p @ v[:hi] / p.sum()
    return out


def main():
    rng = np.random.default_rng(7)
    cases = [(64, 70, 150, False), (64, 70, 150, True), (64, 130, 40, True), (64, 5, 64, False),
             (128, 64, 64, True), (128, 33, 200, True)]
    bad = 0
    for D, q_len, kv_len, causal in cases:
        q = rng.uniform(-1, 1, (q_len, D))
        k = rng.uniform(-1, 1, (kv_len, D))
        v = rng.uniform(-1, 1, (kv_len, D))
        scale = 1 / math.sqrt(D)
        got = np.vstack([block(D, q, k, v, q_len, kv_len, causal, scale, bx)
                         for bx in range((q_len + BR - 1) // BR)])[:q_len]
        ref = reference(q, k, v, q_len, kv_len, causal, scale)
        err = np.abs(got - ref).max()
        ok = err < 1e-9
        bad += not ok
        print(f"D {D} q_len {q_len} kv_len {kv_len} causal {causal}: max error {err:.2e} {'ok' if ok else 'WRONG'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
