/* sgemm_avx512_tile.h: the AVX-512 microkernel body, shared by every MV*16 x NR tile shape. */
#ifndef RG_SGEMM_AVX512_TILE_H
#define RG_SGEMM_AVX512_TILE_H

#include <immintrin.h>

#include "sgemm_internal.h"

/* Prefetch distance into the packed A micro-panel, in k steps (A streams from L2). */
#define RG_AVX512_PF_A 12

/* One tile of mv zmm vectors (16 rows each) by nre columns in mv * nre accumulators. Per k
 * step: mv loads of A, nre broadcasts of B, mv * nre FMAs. mv and nre are compile-time
 * constants at every call, so that edge tiles narrower than the full width do only the work
 * they need and the accumulators stay in registers. */
static inline __attribute__((always_inline)) void
rg__avx512_tile(const int mv, const int nre, int64_t k, float alpha, const float *ap,
                const float *bp, int ldb, float beta, float *c, int64_t rs_c, int64_t cs_c, int m,
                int n, const rg__sgemm_aux *aux) {
    enum { MAXV = 4, MAXN = 16 };
    const int mr = 16 * mv;
    __m512 acc[MAXN][MAXV];
#pragma GCC unroll 16
    for (int j = 0; j < nre; j++)
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++)
            acc[j][v] = _mm512_setzero_ps();
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
        __m512 a[MAXV];
        _mm_prefetch(pf + (p < pf_steps ? p : 0) * pf_stride, _MM_HINT_T1);
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++) {
            a[v] = _mm512_load_ps(ap + 16 * v);
            _mm_prefetch((const char *)(ap + RG_AVX512_PF_A * mr + 16 * v), _MM_HINT_T0);
        }
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++) {
            const __m512 b = _mm512_set1_ps(bp[j]);
#pragma GCC unroll 4
            for (int v = 0; v < mv; v++)
                acc[j][v] = _mm512_fmadd_ps(a[v], b, acc[j][v]);
        }
        ap += mr;
        bp += ldb;
    }

    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    if (rs_c == 1) {
        /* Unit stride: masked stores cover the m edge; beta == 0 never loads C. */
        __mmask16 mk[MAXV];
#pragma GCC unroll 4
        for (int v = 0; v < mv; v++) {
            const int rows = m - 16 * v;
            mk[v] = rows >= 16 ? (__mmask16)0xffff : rows > 0 ? (__mmask16)((1u << rows) - 1) : 0;
        }
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++) {
            if (j >= n) break;
            float *cj = c + j * cs_c;
#pragma GCC unroll 4
            for (int v = 0; v < mv; v++) {
                __m512 r;
                if (beta == 0.0f)
                    r = _mm512_mul_ps(va, acc[j][v]);
                else if (beta == 1.0f)
                    r = _mm512_fmadd_ps(va, acc[j][v], _mm512_maskz_loadu_ps(mk[v], cj + 16 * v));
                else
                    r = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(mk[v], cj + 16 * v),
                                        _mm512_mul_ps(va, acc[j][v]));
                _mm512_mask_storeu_ps(cj + 16 * v, mk[v], r);
            }
        }
    } else {
        float t[MAXN * MAXV * 16] __attribute__((aligned(64)));
#pragma GCC unroll 16
        for (int j = 0; j < nre; j++)
#pragma GCC unroll 4
            for (int v = 0; v < mv; v++)
                _mm512_store_ps(t + j * mr + 16 * v, acc[j][v]);
        rg__sgemm_store_tile(m, n, alpha, t, mr, beta, c, rs_c, cs_c);
    }
}

/* One case of a microkernel's switch over n: a specialization per column count, so that an
 * n-edge tile costs only its own columns. */
#define RG_AVX512_CASE(mv, nr, w)                                                                  \
    case w:                                                                                        \
        rg__avx512_tile(mv, w, k, alpha, ap, bp, nr, beta, c, rs_c, cs_c, m, n, aux);              \
        break;

#endif /* RG_SGEMM_AVX512_TILE_H */
