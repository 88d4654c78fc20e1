/* case_gemm.h: the GEMM case (parameters, buffers) shared by the GEMM adapters. */
#ifndef RG_CASE_GEMM_H
#define RG_CASE_GEMM_H

#include "harness.h"

/* The case's dtype: f32; bf16 A and B with fp32 C; i8: u8 A (zero point), s8 B, fp32 C; f16
 * (GPU adapters): operands kept as floats in the set, rounded by the adapter. */
typedef enum { RG_GEMM_F32 = 0, RG_GEMM_BF16, RG_GEMM_I8, RG_GEMM_F16 } rg_gemm_dtype;

/* C = alpha * op(A) * op(B) + beta * C, op(A) M x K, op(B) K x N, tight leading dimensions. */
typedef struct {
    rg_gemm_dtype dtype;
    int32_t zero;   /* i8: A's zero point (parameter "zero", default 0) */
    int per_column; /* i8: scales per column of C (parameter "scales", default "column") */
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
    /* bf16 and i8 (case_gemm_lowp.c): the operands in their type (bf16: a and b then hold the
     * same values as floats, for the reference and the GPU adapters; NULL for i8) and i8's
     * scales. */
    void *la, *lb;
    float *scale;
} rg_gemm_set;

extern const rg_op rg__op_gemm;

/* case_gemm_lowp.c: the bf16 and i8 dtypes. Parameters "zero" and "scales" (i8) are taken by
 * rg__gemm_lowp_param (returns 1 when the key is one of them, *rc set on a bad value). */
int rg__gemm_dtype_parse(const char *dtype, rg_gemm_problem *p, char *err, size_t errlen);
int rg__gemm_elem_bytes(rg_gemm_dtype d); /* of A and B */
int rg__gemm_lowp_param(rg_gemm_problem *p, const rg_param *q, int *rc, char *err, size_t errlen);
int rg__gemm_lowp_check(const rg_gemm_problem *p, char *err, size_t errlen);
void rg__gemm_lowp_describe(const rg_gemm_problem *p, rg_result *res);
int rg__gemm_lowp_set_alloc(const rg_gemm_problem *p, uint64_t seed, rg_pages pages,
                            const rg_gemm_set *src, rg_gemm_set *s);
void rg__gemm_lowp_set_free(rg_gemm_set *s);
/* The i8 case's n scales for a seed (a stream of their own: baselines that take constant
 * scales compute them in setup). */
void rg__gemm_i8_scales(const rg_gemm_problem *p, uint64_t seed, float *out);
int rg__gemm_lowp_verify(const rg_gemm_problem *p, const rg_gemm_set *s, uint64_t seed,
                         double *max_rel_error, double *tolerance, char *reason, size_t reasonlen);

#endif /* RG_CASE_GEMM_H */
