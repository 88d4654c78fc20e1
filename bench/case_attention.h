/* case_attention.h: the attention case (parameters, buffers, verification) shared by its
 * adapters and the tests. */
#ifndef RG_CASE_ATTENTION_H
#define RG_CASE_ATTENTION_H

#include "harness.h"

typedef struct {
    rg_attention_desc d; /* scale as given (0: the default) */
    int bf16;            /* dtype bf16: Q, K and V are bf16, O is f32 */
    int64_t q_elems, kv_elems;
    rg_param desc[RG_MAX_PARAMS]; /* descriptive parameters, recorded as given */
    int ndesc;
} rg_attention_problem;

/* One buffer set, 64-byte aligned. q, k, v hold the values as floats (for bf16, the widened
 * bf16 values; only in the first set, for the reference); qb, kb, vb the bf16 operands. */
typedef struct {
    float *q, *k, *v, *o;
    uint16_t *qb, *kb, *vb;
} rg_attention_set;

extern const rg_op rg__op_attention;

/* Checks O against the double reference (docs/method.md): every row when the problem is small
 * (or max_rows is 0), else the first and last rows and max_rows random ones (seeded). Every
 * output must be finite; a row with no allowed key must be exactly zero. p_unit: the unit
 * roundoff at which an implementation may round the probabilities before P V (tensor cores take
 * 16-bit P: 2^-8 for bf16, 2^-11 for fp16; 0 when P stays fp32); it adds 2 p_unit to the bound. */
int rg__verify_attention(const rg_attention_desc *d, const float *q, const float *k, const float *v,
                         const float *o, int64_t max_rows, uint64_t seed, double p_unit,
                         double *max_rel_error, double *tolerance, char *reason, size_t reasonlen);

/* float -> bf16 with round-to-nearest-even (finite inputs). */
uint16_t rg__bf16_from_f32(float x);
float rg__f32_from_bf16(uint16_t b);

#endif /* RG_CASE_ATTENTION_H */
