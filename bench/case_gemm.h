/* case_gemm.h: the GEMM case (parameters, buffers) shared by the GEMM adapters. */
#ifndef RG_CASE_GEMM_H
#define RG_CASE_GEMM_H

#include "harness.h"

/* C = alpha * op(A) * op(B) + beta * C, op(A) M x K, op(B) K x N, tight leading dimensions. */
typedef struct {
    rg_layout layout;
    rg_trans ta, tb;
    int64_t m, n, k;
    float alpha, beta;
    int64_t lda, ldb, ldc;
    int64_t a_elems, b_elems, c_elems;
    rg_param desc[RG_MAX_PARAMS]; /* descriptive parameters (phase, proj...), recorded as given */
    int ndesc;
} rg_gemm_problem;

/* One buffer set: 64-byte aligned, filled with seeded uniform [-1, 1) data. c0 keeps the
 * initial C of the first set when beta != 0 (the reference needs it). */
typedef struct {
    float *a, *b, *c, *c0;
} rg_gemm_set;

extern const rg_op rg__op_gemm;

#endif /* RG_CASE_GEMM_H */
