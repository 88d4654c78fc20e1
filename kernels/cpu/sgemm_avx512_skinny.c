/* sgemm_avx512_skinny.c: AVX-512 GEMM for few columns (LLM decode shapes): one stream over A. */
#include <immintrin.h>

#include "sgemm_internal.h"

/* With n <= 8 columns the product is bound by reading A once from memory, and packing A would
 * read and write it again: these kernels consume A where it lies.
 * - rs_a == 1 (columns of A contiguous): axpy form. A chunk of jb rows of C accumulates in a
 *   16 KiB tile in L1 while KP columns of A at a time stream past; fewer columns of C make
 *   longer chunks, so A is read in longer contiguous runs.
 * - cs_a == 1 (rows of A contiguous): dot form. JR rows of A stream side by side against the
 *   n columns of B (which the driver makes contiguous), then reduce horizontally. */
#define SKINNY_MAX_N 8
#define TILE_FLOATS 4096
#define KP 8

static inline __mmask16 low_mask(int64_t count) {
    return count >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << count) - 1);
}

/* tmp[i][0:jb] += sum_{q < kp} A[0:jb, q] * B[q, i] for i < n; kp is KP or 1. Each vector of A
 * is loaded once and used for all n columns: rows of A lie a large power-of-two stride apart
 * in typical weights, so reusing them from L1 would thrash its sets. */
static inline __attribute__((always_inline)) void axpy_step(const int kp, int n, int64_t jb,
                                                            const float *a, int64_t cs_a,
                                                            const float *b, int64_t rs_b,
                                                            int64_t cs_b, float *tmp, int64_t ldt) {
    for (int64_t v = 0; v < jb; v += 16) {
        const __mmask16 mk = low_mask(jb - v);
        __m512 w[KP];
        for (int q = 0; q < kp; q++)
            w[q] = _mm512_maskz_loadu_ps(mk, a + q * cs_a + v);
        for (int i = 0; i < n; i++) {
            const float *bi = b + i * cs_b;
            __m512 s0 = _mm512_load_ps(tmp + i * ldt + v), s1 = _mm512_setzero_ps();
            for (int q = 0; q < kp; q++) {
                if (q & 1)
                    s1 = _mm512_fmadd_ps(w[q], _mm512_set1_ps(bi[q * rs_b]), s1);
                else
                    s0 = _mm512_fmadd_ps(w[q], _mm512_set1_ps(bi[q * rs_b]), s0);
            }
            _mm512_store_ps(tmp + i * ldt + v, _mm512_add_ps(s0, s1));
        }
    }
}

static void axpy_form(const rg__sgemm_problem *p) {
    float tmp[TILE_FLOATS] __attribute__((aligned(64)));
    const int n = (int)p->n;
    const int64_t ldt = TILE_FLOATS / n / 16 * 16;
    for (int64_t j0 = 0; j0 < p->m; j0 += ldt) {
        const int64_t jb = p->m - j0 < ldt ? p->m - j0 : ldt;
        for (int i = 0; i < n; i++)
            for (int64_t v = 0; v < jb; v += 16)
                _mm512_store_ps(tmp + i * ldt + v, _mm512_setzero_ps());
        const float *a = p->a + j0;
        int64_t q = 0;
        for (; q + KP <= p->k; q += KP)
            axpy_step(KP, n, jb, a + q * p->cs_a, p->cs_a, p->b + q * p->rs_b, p->rs_b, p->cs_b,
                      tmp, ldt);
        for (; q < p->k; q++)
            axpy_step(1, n, jb, a + q * p->cs_a, p->cs_a, p->b + q * p->rs_b, p->rs_b, p->cs_b, tmp,
                      ldt);
        rg__sgemm_store_tile((int)jb, n, p->alpha, tmp, (int)ldt, p->beta, p->c + j0 * p->rs_c,
                             p->rs_c, p->cs_c);
    }
}

/* C[j:j+jr, 0:ni] from jr rows of A (k-contiguous) against ni columns of B (k-contiguous). */
static inline __attribute__((always_inline)) void dot_rows(const int jr, const int ni,
                                                           const rg__sgemm_problem *p, int64_t j) {
    __m512 acc[8][8];
    const float *a = p->a + j * p->rs_a;
    for (int r = 0; r < jr; r++)
        for (int i = 0; i < ni; i++)
            acc[r][i] = _mm512_setzero_ps();
    for (int64_t q = 0; q < p->k; q += 16) {
        const __mmask16 mk = low_mask(p->k - q);
        __m512 w[8];
        for (int r = 0; r < jr; r++)
            w[r] = _mm512_maskz_loadu_ps(mk, a + r * p->rs_a + q);
        for (int i = 0; i < ni; i++) {
            const __m512 x = _mm512_maskz_loadu_ps(mk, p->b + i * p->cs_b + q);
            for (int r = 0; r < jr; r++)
                acc[r][i] = _mm512_fmadd_ps(w[r], x, acc[r][i]);
        }
    }
    for (int r = 0; r < jr; r++)
        for (int i = 0; i < ni; i++) {
            float *cp = p->c + (j + r) * p->rs_c + i * p->cs_c;
            float s = p->alpha * _mm512_reduce_add_ps(acc[r][i]);
            *cp = p->beta == 0.0f ? s : s + p->beta * *cp;
        }
}

/* Rows per pass so that jr * ni accumulators stay within 16 registers. */
#define DOT_FORM(ni, jr)                                                                           \
    static void dot_form_##ni(const rg__sgemm_problem *p) {                                        \
        int64_t j = 0;                                                                             \
        for (; j + jr <= p->m; j += jr)                                                            \
            dot_rows(jr, ni, p, j);                                                                \
        for (; j < p->m; j++)                                                                      \
            dot_rows(1, ni, p, j);                                                                 \
    }
DOT_FORM(1, 8)
DOT_FORM(2, 6)
DOT_FORM(3, 4)
DOT_FORM(4, 4)
DOT_FORM(5, 3)
DOT_FORM(6, 2)
DOT_FORM(7, 2)
DOT_FORM(8, 2)

void rg__sgemm_avx512_skinny(const rg__sgemm_problem *p) {
    static void (*const dot[SKINNY_MAX_N + 1])(const rg__sgemm_problem *) = {
        NULL,       dot_form_1, dot_form_2, dot_form_3, dot_form_4,
        dot_form_5, dot_form_6, dot_form_7, dot_form_8};
    if (p->rs_a == 1)
        axpy_form(p);
    else
        dot[p->n](p);
}
