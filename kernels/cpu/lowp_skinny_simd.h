/* lowp_skinny_simd.h: the low-precision GEMM for few columns (LLM decode: 1 to 16 tokens against
 * a weight matrix), written once for the dot-product instructions. With so few columns the
 * product is bound by reading A (the weights) once from memory, and packing A would read and
 * write it again: this form consumes A where it lies. It needs A's rows and B's columns
 * contiguous along k (the weights W[N][K] of an nn.Linear, transB = T), which is what the
 * driver checks.
 *
 * The including file defines LP_ESIZE (bytes per element: 2 for bf16, 1 for 8-bit), LP_ACC_INT
 * (1: int32 accumulators), lp_acc, LP_ZERO(), LP_DOT(acc, x, y) (acc plus the lane-wise dot
 * products of 64-byte vectors x and y, x in the x format: bf16, or the u8 operand), LP_HSUM(acc,
 * out) (the sum of acc's lanes into the 32-bit slot out) and LP_SKINNY (the entry's name). */
#include <immintrin.h>
#include <string.h>

#include "lowp_internal.h"

/* Rows of A per block: 4 streams from memory, each 64 bytes a step. */
#define SK_R 4
/* Elements per 64-byte vector. */
#define SK_KV (64 / LP_ESIZE)

/* One k step of every accumulator: SK_R vectors of A (LOADA, indexed by rr), J of B (LOADB, by
 * jj); with pf, the same bytes of the next block's rows are asked for into L2 (PFA). */
#define SK_STEP(LOADA, LOADB, PFA)                                                                 \
    do {                                                                                           \
        __m512i av[SK_R], bv[4];                                                                   \
        _Pragma("GCC unroll 4") for (int rr = 0; rr < SK_R; rr++) {                                \
            if (pf) __builtin_prefetch(PFA, 0, 2);                                                 \
            av[rr] = LOADA;                                                                        \
        }                                                                                          \
        _Pragma("GCC unroll 4") for (int jj = 0; jj < J; jj++) bv[jj] = LOADB;                     \
        _Pragma("GCC unroll 4") for (int rr = 0; rr < SK_R; rr++)                                  \
            _Pragma("GCC unroll 4") for (int jj = 0; jj < J; jj++) acc[rr][jj] =                   \
                swap ? LP_DOT(acc[rr][jj], bv[jj], av[rr]) : LP_DOT(acc[rr][jj], av[rr], bv[jj]);  \
    } while (0)

/* Rows i.. (r valid) against columns j.. (jn valid) in J accumulator columns: every dot product
 * over all of k, reduced and disposed of per p->out. Rows and columns past the valid ones read
 * the first ones again (their sums are dropped), so the loops have constant bounds and the
 * SK_R * J accumulators stay in registers. swap: A holds the y operand (vpdpbusd's s8). pf (a
 * constant; A from DRAM, rg__streams_from_dram): each step asks for the next block's rows, since
 * the math between the reads otherwise leaves DRAM idle (bench/NOTES.md, stop 20). */
static inline __attribute__((always_inline)) void sk_block(const int J, const int swap,
                                                           const int pf, const rg__lowp_problem *p,
                                                           int64_t i, int r, int64_t j, int jn) {
    const int64_t k = p->k;
    const char *ar[SK_R], *bc[4];
    for (int rr = 0; rr < SK_R; rr++)
        ar[rr] = (const char *)p->a + (i + (rr < r ? rr : 0)) * p->rs_a * LP_ESIZE;
    for (int jj = 0; jj < J; jj++)
        bc[jj] = (const char *)p->b + (j + (jj < jn ? jj : 0)) * p->cs_b * LP_ESIZE;
    lp_acc acc[SK_R][4];
#pragma GCC unroll 4
    for (int rr = 0; rr < SK_R; rr++)
#pragma GCC unroll 4
        for (int jj = 0; jj < J; jj++)
            acc[rr][jj] = LP_ZERO();
    int64_t q = 0;
    const int64_t ahead = SK_R * p->rs_a * LP_ESIZE; /* the next block's rows */
    for (; q + SK_KV <= k; q += SK_KV)
        SK_STEP(_mm512_loadu_si512(ar[rr] + q * LP_ESIZE),
                _mm512_loadu_si512(bc[jj] + q * LP_ESIZE), ar[rr] + ahead + q * LP_ESIZE);
    if (q < k) {
        /* The last step reads only the bytes below k (zeros add nothing to a dot product). */
        const __mmask64 mk = ((__mmask64)1 << ((k - q) * LP_ESIZE)) - 1;
        SK_STEP(_mm512_maskz_loadu_epi8(mk, ar[rr] + q * LP_ESIZE),
                _mm512_maskz_loadu_epi8(mk, bc[jj] + q * LP_ESIZE), ar[rr] + ahead + q * LP_ESIZE);
    }
    uint32_t t[4 * SK_R]; /* column by column, ldt SK_R: rg__lowp_store_tile's layout */
#pragma GCC unroll 4
    for (int rr = 0; rr < SK_R; rr++)
#pragma GCC unroll 4
        for (int jj = 0; jj < J; jj++)
            LP_HSUM(acc[rr][jj], t[jj * SK_R + rr]);
    rg__lowp_store_tile(&p->out, LP_ACC_INT, t, SK_R, i, j, r, jn, 1, 1);
}

/* Columns in passes of 4, then 2 and 1: a pass reads its SK_R rows of A again from L1 or L2. */
#define SK_COLUMNS(swap, pf)                                                                       \
    for (int64_t j = 0; j < p->n;) {                                                               \
        const int64_t left = p->n - j;                                                             \
        if (left >= 4) {                                                                           \
            sk_block(4, swap, pf, p, i, r, j, 4);                                                  \
            j += 4;                                                                                \
        } else if (left >= 2) {                                                                    \
            sk_block(2, swap, pf, p, i, r, j, 2);                                                  \
            j += 2;                                                                                \
        } else {                                                                                   \
            sk_block(1, swap, pf, p, i, r, j, 1);                                                  \
            j += 1;                                                                                \
        }                                                                                          \
    }

void LP_SKINNY(const rg__lowp_problem *p, int64_t i0, int64_t i1, int prefetch) {
    for (int64_t i = i0; i < i1; i += SK_R) {
        const int r = (int)(i1 - i < SK_R ? i1 - i : SK_R);
        if (prefetch) {
            if (p->a_is_x) {
                SK_COLUMNS(0, 1)
            } else {
                SK_COLUMNS(1, 1)
            }
        } else if (p->a_is_x) {
            SK_COLUMNS(0, 0)
        } else {
            SK_COLUMNS(1, 0)
        }
    }
}

#undef SK_COLUMNS
#undef SK_STEP
#undef SK_R
#undef SK_KV
