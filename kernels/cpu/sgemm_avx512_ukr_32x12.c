/* sgemm_avx512_ukr_32x12.c: the AVX-512 microkernel, a 32 x 12 tile in 24 zmm accumulators. */
#include <immintrin.h>

#include "sgemm_internal.h"

#define MR 32
#define NR 12
/* Prefetch distance into the packed A micro-panel, in k steps (A streams from L2). */
#define PF_A 12

/* Two 512-bit FMA pipes with 4-cycle latency need >= 8 independent chains; 24 accumulators
 * (2 zmm x 12 columns) hide latency and leave 8 registers for A, B and addresses. Per k step:
 * 2 loads of A, 12 broadcasts of B, 24 FMAs. `nre` is a compile-time column count so that
 * edge tiles narrower than 12 columns do only the work they need. */
static inline __attribute__((always_inline)) void tile(const int nre, int64_t k, float alpha,
                                                       const float *ap, const float *bp, float beta,
                                                       float *c, int64_t rs_c, int64_t cs_c, int m,
                                                       int n) {
    __m512 c0[NR], c1[NR];
#pragma GCC unroll 12
    for (int j = 0; j < nre; j++) {
        c0[j] = _mm512_setzero_ps();
        c1[j] = _mm512_setzero_ps();
    }
    if (rs_c == 1) {
#pragma GCC unroll 12
        for (int j = 0; j < nre; j++) {
            _mm_prefetch((const char *)(c + j * cs_c), _MM_HINT_T0);
            _mm_prefetch((const char *)(c + j * cs_c + MR - 1), _MM_HINT_T0);
        }
    }
#pragma GCC unroll 4
    for (int64_t p = 0; p < k; p++) {
        const __m512 a0 = _mm512_load_ps(ap), a1 = _mm512_load_ps(ap + 16);
        _mm_prefetch((const char *)(ap + PF_A * MR), _MM_HINT_T0);
        _mm_prefetch((const char *)(ap + PF_A * MR + 16), _MM_HINT_T0);
#pragma GCC unroll 12
        for (int j = 0; j < nre; j++) {
            const __m512 b = _mm512_set1_ps(bp[j]);
            c0[j] = _mm512_fmadd_ps(a0, b, c0[j]);
            c1[j] = _mm512_fmadd_ps(a1, b, c1[j]);
        }
        ap += MR;
        bp += NR;
    }

    const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
    if (rs_c == 1) {
        /* Unit stride: masked stores cover the m edge; beta == 0 never loads C. */
        const __mmask16 k0 = m >= 16 ? 0xffff : (__mmask16)((1u << m) - 1);
        const __mmask16 k1 = m >= 32 ? 0xffff : m > 16 ? (__mmask16)((1u << (m - 16)) - 1) : 0;
#pragma GCC unroll 12
        for (int j = 0; j < nre; j++) {
            if (j >= n) break;
            float *cj = c + j * cs_c;
            __m512 r0, r1;
            if (beta == 0.0f) {
                r0 = _mm512_mul_ps(va, c0[j]);
                r1 = _mm512_mul_ps(va, c1[j]);
            } else if (beta == 1.0f) {
                r0 = _mm512_fmadd_ps(va, c0[j], _mm512_maskz_loadu_ps(k0, cj));
                r1 = _mm512_fmadd_ps(va, c1[j], _mm512_maskz_loadu_ps(k1, cj + 16));
            } else {
                r0 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(k0, cj), _mm512_mul_ps(va, c0[j]));
                r1 = _mm512_fmadd_ps(vb, _mm512_maskz_loadu_ps(k1, cj + 16),
                                     _mm512_mul_ps(va, c1[j]));
            }
            _mm512_mask_storeu_ps(cj, k0, r0);
            _mm512_mask_storeu_ps(cj + 16, k1, r1);
        }
    } else {
        float t[NR * MR] __attribute__((aligned(64)));
#pragma GCC unroll 12
        for (int j = 0; j < nre; j++) {
            _mm512_store_ps(t + j * MR, c0[j]);
            _mm512_store_ps(t + j * MR + 16, c1[j]);
        }
        rg__sgemm_store_tile(m, n, alpha, t, MR, beta, c, rs_c, cs_c);
    }
}

void rg__sgemm_avx512_ukr_32x12(int64_t k, float alpha, const float *ap, const float *bp,
                                float beta, float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                                const rg__sgemm_aux *aux) {
    (void)aux;
    switch (n) {
#define CASE(w)                                                                                    \
    case w:                                                                                        \
        tile(w, k, alpha, ap, bp, beta, c, rs_c, cs_c, m, n);                                      \
        break;
        CASE(1)
        CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8) CASE(9) CASE(10) CASE(11) default
            : tile(NR, k, alpha, ap, bp, beta, c, rs_c, cs_c, m, n);
#undef CASE
    }
}
