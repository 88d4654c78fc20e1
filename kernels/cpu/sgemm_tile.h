/* sgemm_tile.h: the microkernel body, shared by every MV-vector x NR tile shape of every ISA. */
#ifndef RG_SGEMM_TILE_H
#define RG_SGEMM_TILE_H

#include "sgemm_simd.h"

/* Prefetch distance into the packed A micro-panel, in k steps (A streams from L2): about
 * 1.5 KiB ahead. */
#define RG_TILE_PF_A (RG_VW == 16 ? 12 : 24)

/* One tile of mv vectors (RG_VW rows each) by nre columns in mv * nre accumulators. Per k
 * step: mv loads of A, nre broadcasts of B, mv * nre FMAs. mv and nre are compile-time
 * constants at every call, so that edge tiles narrower than the full width do only the work
 * they need and the accumulators stay in registers. */
static inline __attribute__((always_inline)) void rg__tile(const int mv, const int nre, int64_t k,
                                                           float alpha, const float *ap,
                                                           const float *bp, int ldb, float beta,
                                                           float *c, int64_t rs_c, int64_t cs_c,
                                                           int m, int n, const rg__sgemm_aux *aux) {
    enum { MAXV = 4, MAXN = 16 };
    const int mr = RG_VW * mv, lines = (mr + 15) / 16;
    vf acc[MAXN][MAXV];
#pragma GCC unroll 16
    for (int j = 0; j < nre; j++)
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++)
            acc[j][v] = vzero();
    if (rs_c == 1) {
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++) {
            _mm_prefetch((const char *)(c + j * cs_c), _MM_HINT_T0);
            _mm_prefetch((const char *)(c + j * cs_c + mr - 1), _MM_HINT_T0);
        }
    }
    /* Past its end the stream re-touches its first line (a cached no-op) instead of branching. */
    const char *pf = aux->pf_steps > 0 ? aux->pf : (const char *)ap;
    const int64_t pf_stride = aux->pf_stride, pf_steps = aux->pf_steps;
#pragma GCC unroll 4
    for (int64_t p = 0; p < k; p++) {
        vf a[MAXV];
        _mm_prefetch(pf + (p < pf_steps ? p : 0) * pf_stride, _MM_HINT_T1);
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++)
            a[v] = vload(ap + RG_VW * v);
#pragma GCC unroll 4
        for (int l = 0; l < lines; l++)
            _mm_prefetch((const char *)(ap + RG_TILE_PF_A * mr + 16 * l), _MM_HINT_T0);
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++) {
            const vf b = vset1(bp[j]);
#pragma GCC unroll 4
            for (int v = 0; v < mv; v++)
                acc[j][v] = vfmadd(a[v], b, acc[j][v]);
        }
        ap += mr;
        bp += ldb;
    }

    const vf va = vset1(alpha), vb = vset1(beta);
    if (rs_c == 1) {
        /* Unit stride: masked accesses cover the m edge; beta == 0 never loads C. */
        vmask mk[MAXV];
        int full[MAXV];
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++) {
            full[v] = m - RG_VW * v >= RG_VW;
            mk[v] = vmask_low(m - RG_VW * v);
        }
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++) {
            if (j >= n) break;
            float *cj = c + j * cs_c;
#pragma GCC unroll 4
            for (int v = 0; v < mv; v++) {
                vf r;
                if (beta == 0.0f)
                    r = vmul(va, acc[j][v]);
                else if (beta == 1.0f)
                    r = vfmadd(va, acc[j][v], vload_part(full[v], mk[v], cj + RG_VW * v));
                else
                    r = vfmadd(vb, vload_part(full[v], mk[v], cj + RG_VW * v), vmul(va, acc[j][v]));
                vstore_part(full[v], mk[v], cj + RG_VW * v, r);
            }
        }
    } else {
        float t[MAXN * MAXV * RG_VW] __attribute__((aligned(64)));
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++)
#pragma GCC unroll 4
            for (int v = 0; v < mv; v++)
                vstore(t + j * mr + RG_VW * v, acc[j][v]);
        rg__sgemm_store_tile(m, n, alpha, t, mr, beta, c, rs_c, cs_c);
    }
}

/* One case of a microkernel's switch over n: a specialization per column count, so that an
 * n-edge tile costs only its own columns. */
#define RG_TILE_CASE(mv, nr, w)                                                                    \
    case w:                                                                                        \
        rg__tile(mv, w, k, alpha, ap, bp, nr, beta, c, rs_c, cs_c, m, n, aux);                     \
        break;

#endif /* RG_SGEMM_TILE_H */
