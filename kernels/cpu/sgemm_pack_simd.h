/* sgemm_pack_simd.h: vector packing (row copies and in-register transposes), written once for
 * every vector width. The including file defines RG_VW, then a transpose of RG_VW rows of
 * RG_VW floats, `static void transpose(vf r[RG_VW])`, then includes this header. */
#ifndef RG_SGEMM_PACK_SIMD_H
#define RG_SGEMM_PACK_SIMD_H

#include "sgemm_simd.h"

/* How many k steps ahead pack_copy prefetches. */
#define PF_ROWS 4

static void transpose(vf r[RG_VW]);

/* A panel narrower than a vector (r < RG_VW: AVX2's 6, AVX-512's 12) is stored with whole
 * vectors, not masked ones (slow on some AVX2 CPUs): the lanes past r spill into the start of
 * the next k step's row, which its own store rewrites later. Only the last row is masked. */
static inline int spill_ok(int r, int off) {
    return off == 0 && 2 * r >= RG_VW;
}

/* Rows [off, off + RG_VW) of one micro-panel (rows valid of them real, the rest zero) from
 * k-contiguous rows: RG_VW x RG_VW blocks transposed in registers. */
static void pack_rows_kmajor(int r, int off, int rows, int64_t k, const float *x, int64_t inc_mn,
                             float *dst) {
    const int st_full = r - off >= RG_VW, spill = spill_ok(r, off);
    const vmask st = vmask_low(r - off);
    for (int64_t p = 0; p < k; p += RG_VW) {
        const int ld_full = k - p >= RG_VW;
        const vmask ld = vmask_low(k - p);
        vf v[RG_VW];
        for (int i = 0; i < RG_VW; i++)
            v[i] = i < rows ? vload_part(ld_full, ld, x + i * inc_mn + p) : vzero();
        transpose(v);
        const int64_t steps = k - p < RG_VW ? k - p : RG_VW;
        for (int q = 0; q < steps; q++)
            vstore_part(st_full || (spill && p + q + 1 < k), st, dst + (p + q) * r + off, v[q]);
    }
}

/* Panel rows contiguous in X: walk X row by row (one long contiguous read per k step, which
 * the hardware prefetchers follow) and scatter into the panels, which sit in cache. */
static void pack_copy(int r, int64_t mn, int64_t k, const float *x, int64_t inc_k, float *dst) {
    const int64_t panels = (mn + r - 1) / r;
    for (int64_t p = 0; p < k; p++) {
        const float *xp = x + p * inc_k;
        /* Each run is short (one block of rows): a new stream the prefetchers have not seen
         * yet, so fetch a few runs ahead. */
        if (p + PF_ROWS < k)
            for (int64_t i = 0; i < mn; i += 16)
                _mm_prefetch((const char *)(xp + PF_ROWS * inc_k + i), _MM_HINT_T0);
        for (int64_t q = 0; q < panels; q++) {
            float *d = dst + q * r * k + p * r;
            const int64_t i0 = q * r;
            if (r % RG_VW == 0 && mn - i0 >= r) {
                /* A whole panel of whole vectors (the A side): a plain copy. */
                for (int off = 0; off < r; off += RG_VW)
                    vstoreu(d + off, vloadu(xp + i0 + off));
                continue;
            }
            for (int off = 0; off < r; off += RG_VW) {
                const int64_t i = i0 + off;
                if (mn - i >= RG_VW && (r - off >= RG_VW || (spill_ok(r, off) && p + 1 < k))) {
                    vstoreu(d + off, vloadu(xp + i));
                } else {
                    const vmask st = vmask_low(r - off);
                    vmask_storeu(d + off, st,
                                 vmaskz_loadu(vmask_and(vmask_low(mn - i), st), xp + i));
                }
            }
        }
    }
}

/* The packer (rg__sgemm_pack_fn) for this width. */
static void pack_simd(int r, int64_t mn, int64_t k, const float *x, int64_t inc_mn, int64_t inc_k,
                      float *dst) {
    if (inc_mn == 1) {
        pack_copy(r, mn, k, x, inc_k, dst);
        return;
    }
    if (inc_k != 1) {
        rg__sgemm_pack_generic(r, mn, k, x, inc_mn, inc_k, dst);
        return;
    }
    for (int64_t i0 = 0; i0 < mn; i0 += r, dst += (int64_t)r * k) {
        const int64_t rows = mn - i0 < r ? mn - i0 : r;
        for (int off = 0; off < r; off += RG_VW) {
            const int valid = rows - off <= 0 ? 0 : rows - off >= RG_VW ? RG_VW : (int)(rows - off);
            pack_rows_kmajor(r, off, valid, k, x + (i0 + off) * inc_mn, inc_mn, dst);
        }
    }
}

#endif /* RG_SGEMM_PACK_SIMD_H */
