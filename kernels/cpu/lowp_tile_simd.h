/* lowp_tile_simd.h: the low-precision microkernel body, written once for every lane operation
 * (vdpbf16ps, vpdpbusd, 16-bit multiply-add pairs, fp32 FMA on widened bf16) and width. */
#ifndef RG_LOWP_TILE_SIMD_H
#define RG_LOWP_TILE_SIMD_H

#include <immintrin.h>

#include "bf16_simd.h"
#include "lowp_internal.h"

/* The including file defines RG_VW (8 or 16 lanes), LP_ACC_INT (1: int32 accumulators, 0:
 * fp32), the types lp_vec (an operand vector of lanes) and lp_acc, and LP_ZERO(), LP_LOADA(p)
 * (RG_VW lanes from an aligned packed panel), LP_BCAST(lane) and LP_DOT(acc, a, b, swap): acc
 * plus the dot product of the lanes of a and b (swap: the operands exchanged). */

/* Prefetch distance into the packed A micro-panel, in k steps (about 1.5 KiB ahead). */
#define LP_PF_A (RG_VW == 16 ? 12 : 24)

#if RG_VW == 16
#if LP_ACC_INT
#define LP_ACC_LOADU(p) _mm512_loadu_si512(p)
#define LP_ACC_STOREU(p, v) _mm512_storeu_si512(p, v)
#define LP_ACC_ADD(x, y) _mm512_add_epi32(x, y)
#define LP_ACC_MASKZ_LOADU(mk, p) _mm512_maskz_loadu_epi32(mk, p)
#define LP_ACC_MASK_STOREU(p, mk, v) _mm512_mask_storeu_epi32(p, mk, v)
#else
#define LP_ACC_LOADU(p) _mm512_loadu_ps(p)
#define LP_ACC_STOREU(p, v) _mm512_storeu_ps(p, v)
#define LP_ACC_ADD(x, y) _mm512_add_ps(x, y)
#define LP_ACC_MASKZ_LOADU(mk, p) _mm512_maskz_loadu_ps(mk, p)
#define LP_ACC_MASK_STOREU(p, mk, v) _mm512_mask_storeu_ps(p, mk, v)
#endif

/* The final disposal of one column vector of the tile: rows i.. (mask mk), column jj. */
static inline __attribute__((always_inline)) void lp_finish(const rg__lowp_out *o, lp_acc acc,
                                                            int64_t ii, int64_t jj, __mmask16 mk) {
    __m512 x;
#if LP_ACC_INT
    if (o->comp) {
        const __m512i z = o->rs_z ? _mm512_maskz_loadu_epi32(mk, o->comp + ii)
                                  : _mm512_set1_epi32(o->comp[jj * o->cs_z]);
        acc = _mm512_sub_epi32(acc, z);
    }
    x = _mm512_cvtepi32_ps(acc);
#else
    x = acc;
#endif
    __m512 s;
    if (!o->scale)
        s = _mm512_set1_ps(o->alpha);
    else if (o->rs_s)
        s = _mm512_maskz_loadu_ps(mk, o->scale + ii);
    else
        s = _mm512_set1_ps(o->scale[jj * o->cs_s]);
    __m512 r = _mm512_mul_ps(s, x);
    const __m512 vb = _mm512_set1_ps(o->beta);
    if (o->c_bf16) {
        uint16_t *c = (uint16_t *)o->c + ii + jj * o->cs_c;
        if (o->beta != 0.0f) {
            const __m512i cb = _mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(mk, c));
            r = _mm512_fmadd_ps(vb, _mm512_castsi512_ps(_mm512_slli_epi32(cb, 16)), r);
        }
        _mm256_mask_storeu_epi16(c, mk, rg__bf16x16_from_ps(r));
    } else {
        float *c = (float *)o->c + ii + jj * o->cs_c;
        if (o->beta != 0.0f) r = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(mk, c), r);
        _mm512_mask_storeu_ps(c, mk, r);
    }
}
#endif

/* One tile of mv vectors (RG_VW rows each) by nre columns in mv * nre accumulators: per k step
 * mv loads of A lanes, nre broadcast lanes of B, mv * nre lane operations. mv, nre and swap are
 * constants at every call, so the accumulators stay in registers. */
static inline __attribute__((always_inline)) void
lp_tile(const int mv, const int nre, const int swap, int64_t kg, const rg__lane *ap,
        const rg__lane *bp, int ldb, const rg__lowp_out *o, int64_t i0, int64_t j0, int m, int n,
        int first, int last) {
    enum { MAXV = 4, MAXN = 16 };
    const int mr = RG_VW * mv, lines = (mr + 15) / 16;
    lp_acc acc[MAXN][MAXV];
#pragma GCC unroll 16
    for (int j = 0; j < nre; j++)
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++)
            acc[j][v] = LP_ZERO();
#if RG_VW == 16
    /* The lines this tile reads or writes at its end (the workspace's, C's) are fetched now,
     * so that they arrive while it computes. */
    {
        const char *w = (const char *)o->w, *c = (const char *)o->c;
        const int64_t ce = o->c_bf16 ? 2 : 4, rows = m < mr ? m : mr;
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++) {
            if (j >= n) break;
            if (!first || !last) {
                const char *wj = w + (i0 + (j0 + j) * o->ldw) * 4;
                _mm_prefetch(wj, _MM_HINT_T0);
                _mm_prefetch(wj + (rows - 1) * 4, _MM_HINT_T0);
            }
            if (last) {
                const char *cj = c + (i0 + (j0 + j) * o->cs_c) * ce;
                _mm_prefetch(cj, _MM_HINT_T0);
                _mm_prefetch(cj + (rows - 1) * ce, _MM_HINT_T0);
            }
        }
    }
#endif
#pragma GCC unroll 4
    for (int64_t p = 0; p < kg; p++) {
        lp_vec a[MAXV];
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++)
            a[v] = LP_LOADA(ap + RG_VW * v);
#pragma GCC unroll 4
        for (int l = 0; l < lines; l++)
            _mm_prefetch((const char *)(ap + LP_PF_A * mr + 16 * l), _MM_HINT_T0);
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++) {
            const lp_vec b = LP_BCAST(bp[j]);
#pragma GCC unroll 4
            for (int v = 0; v < mv; v++)
                acc[j][v] = LP_DOT(acc[j][v], a[v], b, swap);
        }
        ap += mr;
        bp += ldb;
    }

#if RG_VW == 16
    /* The workspace may be C itself (rows not padded): the m edge is masked. */
#pragma GCC unroll 16
    for (int j = 0; j < nre; j++) {
        if (j >= n) break;
        const int64_t jj = j0 + j;
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++) {
            const int64_t ii = i0 + RG_VW * v;
            if (m - RG_VW * v <= 0) break;
            const int full = m - RG_VW * v >= 16;
            const __mmask16 mk =
                full ? (__mmask16)0xffff : (__mmask16)((1u << (m - RG_VW * v)) - 1);
            void *w = (char *)o->w + (ii + jj * o->ldw) * 4;
            lp_acc x = acc[j][v];
            if (!first) x = LP_ACC_ADD(x, full ? LP_ACC_LOADU(w) : LP_ACC_MASKZ_LOADU(mk, w));
            if (last)
                lp_finish(o, x, ii, jj, mk);
            else if (full)
                LP_ACC_STOREU(w, x);
            else
                LP_ACC_MASK_STOREU(w, mk, x);
        }
    }
#else
    union {
        lp_acc v[MAXN][MAXV];
        char bytes[1];
    } t __attribute__((aligned(64)));
#pragma GCC unroll 16
    for (int j = 0; j < nre; j++)
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++)
            t.v[j][v] = acc[j][v];
    rg__lowp_store_tile(o, LP_ACC_INT, t.bytes, MAXV * RG_VW, i0, j0, m, n < nre ? n : nre, first,
                        last);
#endif
}

/* One case of a microkernel's switch over n: a specialization per column count. */
#define LP_TILE_CASE(mv, nr, swap, w)                                                              \
    case w:                                                                                        \
        lp_tile(mv, w, swap, kg, ap, bp, nr, o, i0, j0, m, n, first, last);                        \
        break;

/* A microkernel of mv vectors x nr columns (nr <= 12) over every n <= nr. */
#define LP_UKR(fn, mv, nr, swap)                                                                   \
    void fn(int64_t kg, const rg__lane *ap, const rg__lane *bp, const rg__lowp_out *o, int64_t i0, \
            int64_t j0, int m, int n, int first, int last) {                                       \
        switch (n) {                                                                               \
            LP_TILE_CASE(mv, nr, swap, 1)                                                          \
            LP_TILE_CASE(mv, nr, swap, 2)                                                          \
            LP_TILE_CASE(mv, nr, swap, 3)                                                          \
            LP_TILE_CASE(mv, nr, swap, 4)                                                          \
            LP_TILE_CASE(mv, nr, swap, 5)                                                          \
            LP_TILE_CASE(mv, nr, swap, 6)                                                          \
            LP_TILE_CASE(mv, nr, swap, 7)                                                          \
            LP_TILE_CASE(mv, nr, swap, 8)                                                          \
            LP_TILE_CASE(mv, nr, swap, 9)                                                          \
            LP_TILE_CASE(mv, nr, swap, 10)                                                         \
            LP_TILE_CASE(mv, nr, swap, 11)                                                         \
        default:                                                                                   \
            lp_tile(mv, nr, swap, kg, ap, bp, nr, o, i0, j0, m, n, first, last);                   \
        }                                                                                          \
    }

#endif /* RG_LOWP_TILE_SIMD_H */
