/* sgemm_skinny_simd.h: GEMM for few columns (LLM decode shapes), one stream over A, written once
 * for every vector width: the including file defines RG_VW and RG_SKINNY_FN (the entry's name). */
#ifndef RG_SGEMM_SKINNY_SIMD_H
#define RG_SGEMM_SKINNY_SIMD_H

#include "sgemm_simd.h"

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

/* tmp[i][0:jb] += sum_{q < kp} A[0:jb, q] * B[q, i] for i < n; kp is KP or 1. Each vector of A
 * is loaded once and used for all n columns: rows of A lie a large power-of-two stride apart
 * in typical weights, so reusing them from L1 would thrash its sets. */
static inline __attribute__((always_inline)) void axpy_step(const int kp, int n, int64_t jb,
                                                            const float *a, int64_t cs_a,
                                                            const float *b, int64_t rs_b,
                                                            int64_t cs_b, float *tmp, int64_t ldt) {
    for (int64_t v = 0; v < jb; v += RG_VW) {
        const int full = jb - v >= RG_VW;
        const vmask mk = vmask_low(jb - v);
        vf w[KP];
        for (int q = 0; q < kp; q++)
            w[q] = vload_part(full, mk, a + q * cs_a + v);
        for (int i = 0; i < n; i++) {
            const float *bi = b + i * cs_b;
            vf s0 = vload(tmp + i * ldt + v), s1 = vzero();
            for (int q = 0; q < kp; q++) {
                if (q & 1)
                    s1 = vfmadd(w[q], vset1(bi[q * rs_b]), s1);
                else
                    s0 = vfmadd(w[q], vset1(bi[q * rs_b]), s0);
            }
            vstore(tmp + i * ldt + v, vadd(s0, s1));
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
            for (int64_t v = 0; v < jb; v += RG_VW)
                vstore(tmp + i * ldt + v, vzero());
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

/* C[j:j+jr, 0:ni] from jr rows of A (k-contiguous) against ni columns of B (k-contiguous). With
 * pf (a constant: A from DRAM, rg__streams_from_dram) each step asks for the next
 * block's rows into L2: the math between the reads otherwise leaves DRAM idle (8 x 14336 x 4096
 * NT, 2 threads, Emerald Rapids VM: 15.5 -> 10.9 ms; 1 x 4096 x 4096 from the L3, 8% slower
 * with it). */
static inline __attribute__((always_inline)) void
dot_rows(const int jr, const int ni, const rg__sgemm_problem *p, int64_t j, const int pf) {
    vf acc[8][8];
    const float *a = p->a + j * p->rs_a;
    for (int r = 0; r < jr; r++)
        for (int i = 0; i < ni; i++)
            acc[r][i] = vzero();
    for (int64_t q = 0; q < p->k; q += RG_VW) {
        const int full = p->k - q >= RG_VW;
        const vmask mk = vmask_low(p->k - q);
        vf w[8];
        for (int r = 0; r < jr; r++) {
            if (pf) __builtin_prefetch(a + (r + jr) * p->rs_a + q, 0, 2);
            w[r] = vload_part(full, mk, a + r * p->rs_a + q);
        }
        for (int i = 0; i < ni; i++) {
            const vf x = vload_part(full, mk, p->b + i * p->cs_b + q);
            for (int r = 0; r < jr; r++)
                acc[r][i] = vfmadd(w[r], x, acc[r][i]);
        }
    }
    for (int r = 0; r < jr; r++)
        for (int i = 0; i < ni; i++) {
            float *cp = p->c + (j + r) * p->rs_c + i * p->cs_c;
            float s = p->alpha * vreduce_add(acc[r][i]);
            *cp = p->beta == 0.0f ? s : s + p->beta * *cp;
        }
}

/* Rows per pass so that the jr * ni accumulators, jr rows of A and one vector of B stay in
 * registers (32 zmm, 16 ymm); each with and without the prefetches. */
#define DOT_FORM_PF(name, ni, jr, pf)                                                              \
    static void name(const rg__sgemm_problem *p) {                                                 \
        int64_t j = 0;                                                                             \
        for (; j + jr <= p->m; j += jr)                                                            \
            dot_rows(jr, ni, p, j, pf);                                                            \
        for (; j < p->m; j++)                                                                      \
            dot_rows(1, ni, p, j, pf);                                                             \
    }
#define DOT_FORM(ni, jr)                                                                           \
    DOT_FORM_PF(dot_form_##ni, ni, jr, 0)                                                          \
    DOT_FORM_PF(dot_form_pf_##ni, ni, jr, 1)
#if RG_VW == 16
DOT_FORM(1, 8)
DOT_FORM(2, 6)
DOT_FORM(3, 4)
DOT_FORM(4, 4)
DOT_FORM(5, 3)
DOT_FORM(6, 2)
DOT_FORM(7, 2)
DOT_FORM(8, 2)
#else
DOT_FORM(1, 6)
DOT_FORM(2, 4)
DOT_FORM(3, 3)
DOT_FORM(4, 2)
DOT_FORM(5, 2)
DOT_FORM(6, 2)
DOT_FORM(7, 1)
DOT_FORM(8, 1)
#endif

void RG_SKINNY_FN(const rg__sgemm_problem *p, int prefetch) {
    static void (*const dot[2][SKINNY_MAX_N + 1])(const rg__sgemm_problem *) = {
        {NULL, dot_form_1, dot_form_2, dot_form_3, dot_form_4, dot_form_5, dot_form_6, dot_form_7,
         dot_form_8},
        {NULL, dot_form_pf_1, dot_form_pf_2, dot_form_pf_3, dot_form_pf_4, dot_form_pf_5,
         dot_form_pf_6, dot_form_pf_7, dot_form_pf_8}};
    if (p->rs_a == 1)
        axpy_form(p);
    else
        dot[!!prefetch][p->n](p);
}

#undef DOT_FORM
#undef DOT_FORM_PF

#endif /* RG_SGEMM_SKINNY_SIMD_H */
