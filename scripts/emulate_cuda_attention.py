#!/usr/bin/env python3
"""emulate_cuda_attention.py: checks the index arithmetic and the online softmax of ridge's
tensor-core attention kernel (kernels/cuda/attention_cuda.cu: flash_fwd, flash_combine and the
host's choice of head packing and key ranges) on the CPU.

No GPU is needed: the tile loads (swizzled, zero past the sequence), ldmatrix (plain and .trans)
and mma.sync m16n8k16 come from emulate_cuda_gemm.py (the same emulation that the GEMM kernel,
since run on an H100, was checked with); this file follows the kernels' formulas lane by lane,
block by block (grouped heads, query heads packed per KV head, key ranges and their
combination, the bottom-right causal mask, partial tiles, rows with no key) and compares with a
numpy reference. P is not rounded to 16 bits here: it checks the mapping, not the precision.
The SM count is a parameter, so that the split path runs as it would on an H100. A GPU run is
still the proof (scripts/gpu-check.sh)."""
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


def block(D, q, k, v, q_len, rows, kv_len, causal, scale, rb, sp, tps, splits):
    """One block: row block rb of a row space q (rows x D; row r is query r % q_len), k and v
    (kv_len x D) of its KV head, key tiles [sp * tps, + tps). Returns the 64 rows of O
    (splits == 1), else the unnormalized O and per row (maximum, sum)."""
    l2s = scale * 1.4426950408889634
    smem = np.zeros((BR * D * 2 + 4 * BC * D * 2) // 2)
    sq, sk0 = 0, BR * D * 2
    sv0 = sk0 + 2 * BC * D * 2
    q0 = rb * BR
    shift = kv_len - q_len
    kv_hi = kv_len
    if causal:
        r_last = min(q0 + BR, rows) - 1
        i_max = q_len - 1 if r_last // q_len != q0 // q_len else r_last % q_len
        kv_hi = min(kv_hi, max(i_max + shift + 1, 0))
    all_tiles = (kv_hi + BC - 1) // BC
    t_lo = sp * tps
    ntiles = max(min(t_lo + tps, all_tiles) - t_lo, 0)
    load_tile(smem, sq, D, q, rows, q0)
    out = np.full((BR, D), np.nan)
    ml = np.full((BR, 2), np.nan)
    for warp in range(WARPS):
        if q0 + warp * 16 >= rows:
            continue  # not busy: only loads tiles
        qf = [ldmatrix(smem, [sq + swz(D, warp * 16 + l % 16, ks * 2 + l // 16) for l in range(32)], False)
              for ks in range(D // 16)]
        oacc = [[[0.0] * 4 for _ in range(32)] for _ in range(D // 8)]
        m = [[-math.inf, -math.inf] for _ in range(32)]
        lsum = [[0.0, 0.0] for _ in range(32)]
        for j in range(ntiles):
            st = j % 2
            sk, sv = sk0 + st * BC * D * 2, sv0 + st * BC * D * 2
            load_tile(smem, sk, D, k, kv_len, (t_lo + j) * BC)
            load_tile(smem, sv, D, v, kv_len, (t_lo + j) * BC)
            s = [[[0.0] * 4 for _ in range(32)] for _ in range(BC // 8)]
            for ks in range(D // 16):
                for np_ in range(BC // 16):
                    bf = ldmatrix(smem, [sk + swz(D, np_ * 16 + l % 8 + (l // 16) * 8, ks * 2 + (l // 8) % 2)
                                         for l in range(32)], False)
                    mma(s[2 * np_], qf[ks], [bf[l][0] for l in range(32)], [bf[l][1] for l in range(32)])
                    mma(s[2 * np_ + 1], qf[ks], [bf[l][2] for l in range(32)], [bf[l][3] for l in range(32)])
            for lane in range(32):
                g, t = lane // 4, lane % 4
                row0 = q0 + warp * 16 + g
                qi = (row0 % q_len, (row0 + 8) % q_len)
                for n in range(BC // 8):
                    for e in range(4):
                        key = (t_lo + j) * BC + n * 8 + 2 * t + (e & 1)
                        ok = key < kv_len and (not causal or key <= qi[e >= 2] + shift)
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
                row = warp * 16 + g + 8 * r
                if q0 + row >= rows:
                    continue
                inv = 1.0 / lr[lane][r] if lr[lane][r] > 0 else 0.0
                if splits > 1 and t == 0:
                    ml[row] = (m[lane][r], lr[lane][r])
                for n in range(D // 8):
                    for e in range(2):
                        x = oacc[n][lane][2 * r + e]
                        out[row, n * 8 + 2 * t + e] = x if splits > 1 else x * inv
    return out, ml


def gqa_pack(heads, kv_heads, q_len):
    group = heads // kv_heads
    for p in range(group, 1, -1):
        if group % p == 0 and p * q_len <= BR:
            return p
    return 1


def kv_splits(batch, heads, kv_heads, q_len, kv_len, sms):
    """The host's choice (kv_splits in attention_cuda.cu, workspace unlimited): (splits, tps)."""
    pack = gqa_pack(heads, kv_heads, q_len)
    tiles = (kv_len + BC - 1) // BC
    blocks = (pack * q_len + BR - 1) // BR * (heads // pack) * batch
    if blocks >= sms:
        return 1, tiles
    s = min((2 * sms + blocks - 1) // blocks, tiles // 4)
    if s < 2:
        return 1, tiles
    tps = (tiles + s - 1) // s
    return (tiles + tps - 1) // tps, tps


def combine(rows_o, rows_ml, splits):
    """flash_combine for one row: partials O (splits x D) and (maximum, sum) (splits x 2)."""
    mx = max(rows_ml[:, 0])
    acc, lsum = np.zeros(rows_o.shape[1]), 0.0
    if mx != -math.inf:
        for sp in range(splits):
            w = 2.0 ** (rows_ml[sp, 0] - mx)
            lsum += w * rows_ml[sp, 1]
            acc += w * rows_o[sp]
    return acc * (1.0 / lsum if lsum > 0 else 0.0)


def launch(D, q, k, v, causal, scale, sms):
    """The whole call: q (B, H, q_len, D), k and v (B, KVH, kv_len, D); O (B, H, q_len, D)."""
    B, H, q_len, _ = q.shape
    KVH, kv_len = k.shape[1], k.shape[2]
    pack = gqa_pack(H, KVH, q_len)
    splits, tps = kv_splits(B, H, KVH, q_len, kv_len, sms)
    rows = pack * q_len
    o = np.full((B, H, q_len, D), np.nan)
    for b in range(B):
        for y in range(H // pack):
            h0 = y * pack
            kvh = h0 // (H // KVH)
            space = q[b, h0:h0 + pack].reshape(rows, D)  # the heads' rows back to back
            res = np.full((rows, D), np.nan)
            parts_o = np.full((splits, rows, D), np.nan)
            parts_ml = np.full((splits, rows, 2), np.nan)
            for rb in range((rows + BR - 1) // BR):
                for sp in range(splits):
                    out, ml = block(D, space, k[b, kvh], v[b, kvh], q_len, rows, kv_len, causal,
                                    scale, rb, sp, tps, splits)
                    n = min(BR, rows - rb * BR)
                    if splits > 1:
                        parts_o[sp, rb * BR:rb * BR + n] = out[:n]
                        parts_ml[sp, rb * BR:rb * BR + n] = ml[:n]
                    else:
                        res[rb * BR:rb * BR + n] = out[:n]
            if splits > 1:
                for r in range(rows):
                    res[r] = combine(parts_o[:, r], parts_ml[:, r], splits)
            o[b, h0:h0 + pack] = res.reshape(pack, q_len, D)
    return o, pack, splits


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
    # (D, batch, heads, kv_heads, q_len, kv_len, causal, SMs)
    cases = [(64, 1, 1, 1, 70, 150, False, 132), (64, 1, 1, 1, 70, 150, True, 132),
             (64, 1, 1, 1, 130, 40, True, 132), (64, 1, 1, 1, 5, 64, False, 132),
             (128, 1, 1, 1, 64, 64, True, 132), (128, 1, 1, 1, 33, 200, True, 132),
             (64, 2, 4, 2, 70, 150, True, 1),
             # decode: packed heads and key ranges (the H100's 132 SMs, and fewer)
             (128, 1, 8, 2, 1, 1000, False, 132), (128, 1, 32, 8, 4, 1100, True, 132),
             (64, 1, 6, 2, 16, 1000, False, 132), (64, 1, 4, 2, 16, 8, True, 132),
             (64, 1, 1, 1, 200, 1030, True, 132), (128, 2, 8, 2, 1, 2100, False, 16),
             (64, 1, 4, 4, 16, 517, True, 132)]
    bad = 0
    for D, B, H, KVH, q_len, kv_len, causal, sms in cases:
        q = rng.uniform(-1, 1, (B, H, q_len, D))
        k = rng.uniform(-1, 1, (B, KVH, kv_len, D))
        v = rng.uniform(-1, 1, (B, KVH, kv_len, D))
        scale = 1 / math.sqrt(D)
        got, pack, splits = launch(D, q, k, v, causal, scale, sms)
        err = 0.0
        for b in range(B):
            for h in range(H):
                kvh = h // (H // KVH)
                ref = reference(q[b, h], k[b, kvh], v[b, kvh], q_len, kv_len, causal, scale)
                err = max(err, np.abs(got[b, h] - ref).max())  # NaN (unwritten) fails below
        ok = err < 1e-9
        bad += not ok
        print(f"D {D} B {B} heads {H}/{KVH} q_len {q_len} kv_len {kv_len} causal {causal} "
              f"(pack {pack}, key ranges {splits} on {sms} SMs): max error {err:.2e} "
              f"{'ok' if ok else 'WRONG'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
