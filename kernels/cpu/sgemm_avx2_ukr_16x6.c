/* sgemm_avx2_ukr_16x6.c: the AVX2/FMA microkernel, a 16 x 6 tile in 12 ymm accumulators. */
#include <immintrin.h>

#include "sgemm_internal.h"

#define MR 16
#define NR 6

/* 16 ymm registers: 12 accumulators (2 x 6 columns), 2 for A, 1 for the broadcast of B. */
void rg__sgemm_avx2_ukr_16x6(int64_t k, float alpha, const float *ap, const float *bp, float beta,
                             float *c, int64_t rs_c, int64_t cs_c, int m, int n,
                             const rg__sgemm_aux *aux) {
    __m256 c0[NR], c1[NR];
    (void)aux;
#pragma GCC unroll 6
    for (int j = 0; j < NR; j++) {
        c0[j] = _mm256_setzero_ps();
        c1[j] = _mm256_setzero_ps();
    }
#pragma GCC unroll 4
    for (int64_t p = 0; p < k; p++) {
        const __m256 a0 = _mm256_load_ps(ap), a1 = _mm256_load_ps(ap + 8);
        _mm_prefetch((const char *)(ap + 8 * MR), _MM_HINT_T0);
#pragma GCC unroll 6
        for (int j = 0; j < NR; j++) {
            const __m256 b = _mm256_broadcast_ss(bp + j);
            c0[j] = _mm256_fmadd_ps(a0, b, c0[j]);
            c1[j] = _mm256_fmadd_ps(a1, b, c1[j]);
        }
        ap += MR;
        bp += NR;
    }

    const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
    if (rs_c == 1 && m == MR) {
#pragma GCC unroll 6
        for (int j = 0; j < NR; j++) {
            if (j >= n) break;
            float *cj = c + j * cs_c;
            __m256 r0 = _mm256_mul_ps(va, c0[j]), r1 = _mm256_mul_ps(va, c1[j]);
            if (beta != 0.0f) {
                r0 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(cj), r0);
                r1 = _mm256_fmadd_ps(vb, _mm256_loadu_ps(cj + 8), r1);
            }
            _mm256_storeu_ps(cj, r0);
            _mm256_storeu_ps(cj + 8, r1);
        }
    } else {
        /* m edge or strided C: through a tile in memory (rare, off the hot path). */
        float t[NR * MR] __attribute__((aligned(32)));
#pragma GCC unroll 6
        for (int j = 0; j < NR; j++) {
            _mm256_store_ps(t + j * MR, c0[j]);
            _mm256_store_ps(t + j * MR + 8, c1[j]);
        }
        rg__sgemm_store_tile(m, n, alpha, t, MR, beta, c, rs_c, cs_c);
    }
}
