#!/usr/bin/env python3
"""emulate_cuda_gemm.py: checks the index arithmetic of ridge's CUDA GEMMs on the CPU
(kernels/cuda/gemm_mma_cuda.cu, sgemm_cuda.cu and gemm_decode_cuda.cu).

No GPU is needed: the tile loads (swizzled, zero-filled), ldmatrix (plain and .trans), the
mma.sync m16n8k16 fragment layouts (PTX ISA) and the epilogue are emulated lane by lane with the
same formulas as the kernel, and the result is compared with numpy's product for every
transpose pair and awkward sizes. It checks the mapping, not the hardware: a GPU run is still
the proof (scripts/gpu-check.sh)."""
import sys

import numpy as np

BM, BN, BK, STAGES, THREADS = 128, 128, 32, 4, 256


def swz(deep, row, chunk):
    return row * 64 + ((chunk ^ ((row >> 1) & 3)) << 4) if deep else row * 256 + ((chunk ^ (row & 7)) << 4)


def load_tile(smem, base, deep, x, rows, cols, r0, c0):
    """x: stored matrix (rows x cols) as a 2-D array; writes 16-bit values into smem (halves)."""
    for t in range(THREADS):
        for h in range(2):
            q = t + h * THREADS
            row, chunk = (q // 4, q % 4) if deep else (q // 16, q % 16)
            r, c = r0 + row, c0 + chunk * 8
            left = cols - c
            valid = (min(left, 8) if left > 0 else 0) if r < rows else 0
            dst = base + swz(deep, row, chunk)
            assert dst % 16 == 0
            for e in range(8):
                smem[(dst >> 1) + e] = x[r, c + e] if e < valid else 0.0


def ldmatrix(smem, addrs, trans):
    """addrs: 32 byte addresses (lane i gives row i%8 of matrix i//8). Returns regs[lane][4][2]."""
    mats = []
    for i in range(4):
        m = np.array([[smem[(addrs[i * 8 + r] >> 1) + c] for c in range(8)] for r in range(8)])
        mats.append(m.T if trans else m)
    regs = [[None] * 4 for _ in range(32)]
    for lane in range(32):
        for i in range(4):
            regs[lane][i] = (mats[i][lane // 4, (lane % 4) * 2], mats[i][lane // 4, (lane % 4) * 2 + 1])
    return regs


def mma(acc, a, b0, b1):
    """acc[lane][4], a[lane][4] pairs, b0/b1[lane] pairs: D = A(16x16) B(16x8) + C."""
    A = np.zeros((16, 16))
    B = np.zeros((16, 8))
    for lane in range(32):
        g, c = lane // 4, lane % 4
        A[g, 2 * c:2 * c + 2] = a[lane][0]
        A[g + 8, 2 * c:2 * c + 2] = a[lane][1]
        A[g, 2 * c + 8:2 * c + 10] = a[lane][2]
        A[g + 8, 2 * c + 8:2 * c + 10] = a[lane][3]
        B[2 * c:2 * c + 2, g] = b0[lane]
        B[2 * c + 8:2 * c + 10, g] = b1[lane]
    D = A @ B
    for lane in range(32):
        g, c = lane // 4, lane % 4
        acc[lane][0] += D[g, 2 * c]
        acc[lane][1] += D[g, 2 * c + 1]
        acc[lane][2] += D[g + 8, 2 * c]
        acc[lane][3] += D[g + 8, 2 * c + 1]


def block(m, n, k, ta, tb, a, b, c, alpha, beta, by, bx):
    smem = np.zeros(STAGES * 2 * BM * BK)
    tile = BM * BK * 2
    a_tile = lambda s: s * 2 * tile
    b_tile = lambda s: s * 2 * tile + tile
    bm, bn = by * BM, bx * BN
    ktiles = (k + BK - 1) // BK

    def issue(s, kt):
        k0 = kt * BK
        if ta:
            load_tile(smem, a_tile(s), False, a, k, m, k0, bm)
        else:
            load_tile(smem, a_tile(s), True, a, m, k, bm, k0)
        if tb:
            load_tile(smem, b_tile(s), True, b, n, k, bn, k0)
        else:
            load_tile(smem, b_tile(s), False, b, k, n, k0, bn)

    acc = {(w, mt, nt): [[0.0] * 4 for _ in range(32)] for w in range(8) for mt in range(4) for nt in range(4)}
    for kt in range(ktiles):
        issue(kt % STAGES, kt)  # the pipeline's order does not change what a stage holds
        s_a, s_b = a_tile(kt % STAGES), b_tile(kt % STAGES)
        for w in range(8):
            wm, wn = w // 4, w % 4
            for ks in range(BK // 16):
                af = []
                for mt in range(4):
                    mm = wm * 64 + mt * 16
                    if ta:
                        addrs = [s_a + swz(False, ks * 16 + l % 8 + (l // 16) * 8, (mm >> 3) + (l // 8) % 2) for l in range(32)]
                        af.append(ldmatrix(smem, addrs, True))
                    else:
                        addrs = [s_a + swz(True, mm + l % 16, ks * 2 + l // 16) for l in range(32)]
                        af.append(ldmatrix(smem, addrs, False))
                bf = []
                for np_ in range(2):
                    nn = wn * 32 + np_ * 16
                    if tb:
                        addrs = [s_b + swz(True, nn + l % 8 + (l // 16) * 8, ks * 2 + (l // 8) % 2) for l in range(32)]
                        bf.append(ldmatrix(smem, addrs, False))
                    else:
                        addrs = [s_b + swz(False, ks * 16 + l % 8 + ((l // 8) % 2) * 8, (nn >> 3) + l // 16) for l in range(32)]
                        bf.append(ldmatrix(smem, addrs, True))
                for mt in range(4):
                    for nt in range(4):
                        b0 = [bf[nt // 2][l][(nt % 2) * 2] for l in range(32)]
                        b1 = [bf[nt // 2][l][(nt % 2) * 2 + 1] for l in range(32)]
                        mma(acc[(w, mt, nt)], af[mt], b0, b1)
    for w in range(8):
        wm, wn = w // 4, w % 4
        for mt in range(4):
            for half in range(2):
                for lane in range(32):
                    r = bm + wm * 64 + mt * 16 + lane // 4 + half * 8
                    if r >= m:
                        continue
                    for nt in range(4):
                        cc = bn + wn * 32 + nt * 8 + (lane % 4) * 2
                        for e in range(2):
                            if cc + e < n:
                                v = alpha * acc[(w, mt, nt)][lane][half * 2 + e]
                                c[r, cc + e] = v if beta == 0 else beta * c[r, cc + e] + v


def sgemm_block(m, n, k, ta, tb, a, b, c, alpha, beta, by, bx):
    """sgemm_cuda.cu's 128x128 block: load4 / stash_wide / stash_deep, the 16x16 thread grid."""
    SBK, P = 8, 132
    st = np.zeros((2, 2, SBK, P))  # [stage][a or b][k][i]
    bm, bn = by * 128, bx * 128

    def load4(x, rows, cols, r, cc):
        v = np.zeros(4)
        if r < rows:
            for e in range(4):
                if cc + e < cols:
                    v[e] = x[r, cc + e]
        return v

    def fetch(k0):
        out = []
        for t in range(256):
            va = load4(a, k, m, k0 + t // 32, bm + (t % 32) * 4) if ta else load4(a, m, k, bm + t // 2, k0 + (t % 2) * 4)
            vb = load4(b, n, k, bn + t // 2, k0 + (t % 2) * 4) if tb else load4(b, k, n, k0 + t // 32, bn + (t % 32) * 4)
            out.append((va, vb))
        return out

    def stash(s, vals):
        for t, (va, vb) in enumerate(vals):
            for which, v, wide in ((0, va, ta), (1, vb, not tb)):
                if wide:
                    st[s, which, t // 32, (t % 32) * 4:(t % 32) * 4 + 4] = v
                else:
                    for e in range(4):
                        st[s, which, (t % 2) * 4 + e, t // 2] = v[e]

    acc = np.zeros((256, 8, 8))
    ktiles = (k + SBK - 1) // SBK
    stash(0, fetch(0))
    for kt in range(ktiles):
        cur = kt & 1
        nxt = fetch((kt + 1) * SBK) if kt + 1 < ktiles else None
        for t in range(256):
            ty, tx = t // 16, t % 16
            for kk in range(SBK):
                ra = np.concatenate([st[cur, 0, kk, ty * 4:ty * 4 + 4], st[cur, 0, kk, 64 + ty * 4:68 + ty * 4]])
                rb = np.concatenate([st[cur, 1, kk, tx * 4:tx * 4 + 4], st[cur, 1, kk, 64 + tx * 4:68 + tx * 4]])
                acc[t] += np.outer(ra, rb)
        if nxt is not None:
            stash(cur ^ 1, nxt)
    for t in range(256):
        ty, tx = t // 16, t % 16
        for i in range(8):
            r = bm + (ty * 4 + i if i < 4 else 64 + ty * 4 + i - 4)
            if r >= m:
                continue
            for h in range(2):
                for j in range(4):
                    cc = bn + h * 64 + tx * 4 + j
                    if cc < n:
                        v = alpha * acc[t, i, h * 4 + j]
                        c[r, cc] = v if beta == 0 else beta * c[r, cc] + v


DEC_WARPS, DEC_UNROLL = 4, 4


def decode_block(m, n, k, ta, tb, a, b, c, alpha, beta, by, bx):
    """gemm_decode_cuda.cu's block bx (8 columns; ta 0, tb 1, m <= 16, k % 8 == 0): each lane's
    16-byte loads of B row n0 + g and A rows g, g + 8 at k = 32c + 8t, used as the fragment k
    positions of two m16n8k16 steps (words x y, then z w); the warps' chunks interleaved, whole
    groups of DEC_UNROLL chunks unpredicated (rows past m or n read row 0: garbage that must not
    reach a stored entry), then the warp's last chunks with zeros past k."""
    assert not ta and tb and m <= 16 and k % 8 == 0 and by == 0
    n0 = bx * 8
    chunks, full = (k + 31) // 32, k // 32
    hi = m > 8
    stride, span = DEC_WARPS * DEC_UNROLL, (DEC_UNROLL - 1) * DEC_WARPS
    red = []

    def chunk(acc, cc, predicated):
        words = []  # per lane: (b words, a0 words, a1 words), 4 pairs each
        for lane in range(32):
            g, t = lane // 4, lane % 4
            kk = cc * 32 + 8 * t

            def vec(mat, r, load):
                if not load or (predicated and kk >= k):
                    return [(0.0, 0.0)] * 4
                return [(mat[r, kk + 2 * i], mat[r, kk + 2 * i + 1]) for i in range(4)]
            words.append((vec(b, n0 + g if n0 + g < n else 0, True), vec(a, g if g < m else 0, True),
                          vec(a, g + 8 if g + 8 < m else 0, hi)))
        lo = [[w[1][0], w[2][0], w[1][1], w[2][1]] for w in words]
        up = [[w[1][2], w[2][2], w[1][3], w[2][3]] for w in words]
        mma(acc, lo, [w[0][0] for w in words], [w[0][1] for w in words])
        mma(acc, up, [w[0][2] for w in words], [w[0][3] for w in words])

    for warp in range(DEC_WARPS):
        acc = [[0.0] * 4 for _ in range(32)]
        c0 = warp
        while c0 + span < full:
            for u in range(DEC_UNROLL):
                chunk(acc, c0 + u * DEC_WARPS, False)
            c0 += stride
        while c0 < chunks:
            chunk(acc, c0, True)
            c0 += DEC_WARPS
        red.append(acc)
    for lane in range(32):
        g, t = lane // 4, lane % 4
        tot = [sum(red[w][lane][i] for w in range(DEC_WARPS)) for i in range(4)]
        for r, (x0, x1) in ((g, tot[0:2]), (g + 8, tot[2:4])):
            if r >= m:
                continue
            for j, x in ((n0 + 2 * t, x0), (n0 + 2 * t + 1, x1)):
                if j < n:
                    c[r, j] = alpha * x if beta == 0 else beta * c[r, j] + alpha * x


def check(m, n, k, ta, tb, beta, rng, fn=None):
    a = rng.integers(-4, 5, size=(k, m) if ta else (m, k)).astype(float)
    b = rng.integers(-4, 5, size=(n, k) if tb else (k, n)).astype(float)
    c0 = rng.integers(-4, 5, size=(m, n)).astype(float)
    c = c0.copy() if beta else np.full((m, n), np.nan)
    bm, bn = (16, 8) if fn is decode_block else (BM, BN)
    for by in range((m + bm - 1) // bm):
        for bx in range((n + bn - 1) // bn):
            (fn or block)(m, n, k, ta, tb, a, b, c, 2.0, beta, by, bx)
    ref = 2.0 * ((a.T if ta else a) @ (b.T if tb else b)) + (beta * c0 if beta else 0)
    ok = np.array_equal(c, ref)
    kind = "decode" if fn is decode_block else "sgemm" if fn else "mma"
    print(f"{kind} m={m} n={n} k={k} ta={ta} tb={tb} beta={beta}: {'ok' if ok else 'WRONG'}")
    return ok


def main():
    rng = np.random.default_rng(1)
    ok = True
    for ta in (0, 1):
        for tb in (0, 1):
            ok &= check(130, 137, 70, ta, tb, 0.0, rng)
    ok &= check(17, 9, 33, 0, 1, 0.5, rng)
    ok &= check(128, 128, 32, 1, 0, 1.0, rng)
    for ta in (0, 1):
        for tb in (0, 1):
            ok &= check(131, 133, 21, ta, tb, 0.5 if ta else 0.0, rng, sgemm_block)
    for m, n, k in ((1, 37, 200), (16, 20, 1032), (5, 9, 8), (12, 17, 520), (3, 11, 2048)):
        ok &= check(m, n, k, 0, 1, 0.5 if m % 2 else 0.0, rng, decode_block)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
