/* case_act.h: the activation and normalization cases (relu, gelu, gelu_tanh, silu, softmax,
 * rmsnorm, layernorm): one problem and one buffer set shared by all their adapters. */
#ifndef RG_CASE_ACT_H
#define RG_CASE_ACT_H

#include "harness.h"

/* The ops of this family, in registry order; rg__act_op_name gives "relu", "gelu"... */
typedef enum {
    RG_ACT_OP_RELU = 0,
    RG_ACT_OP_GELU,      /* 0.5 x (1 + erf(x / sqrt 2)) (PyTorch approximate="none") */
    RG_ACT_OP_GELU_TANH, /* 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) ("tanh") */
    RG_ACT_OP_SILU,      /* x * sigmoid(x) */
    RG_ACT_OP_SOFTMAX,   /* per row: exp(x - max) / sum exp(x - max) */
    RG_ACT_OP_RMSNORM,   /* per row: x / sqrt(mean(x^2) + eps) * w */
    RG_ACT_OP_LAYERNORM, /* per row: (x - mean) / sqrt(var + eps) * w + b, biased variance */
    RG_ACT_OP_COUNT_
} rg_act_op_kind;

typedef enum { RG_ACT_F32 = 0, RG_ACT_BF16 } rg_act_dtype;

/* A rows x cols row-major matrix, rows contiguous (ld = cols). Elementwise ops treat it as
 * rows * cols elements; softmax and the norms work on each row. */
typedef struct {
    rg_act_op_kind kind;
    rg_act_dtype dtype; /* of x and y; weights, bias and statistics are fp32 */
    int64_t rows, cols, elems;
    float eps; /* norms: layernorm 1e-5 (PyTorch's default), rmsnorm 1e-6; param "eps" */
    int has_weight, has_bias;     /* rmsnorm: weight; layernorm: weight and bias */
    rg_param desc[RG_MAX_PARAMS]; /* descriptive parameters, recorded as given */
    int ndesc;
} rg_act_problem;

/* One buffer set, 64-byte aligned. x holds rows * cols inputs (float or bf16 bits as uint16_t
 * by dtype), seeded; y as many outputs, NaN-filled before the verification run; w and b cols
 * floats each (NULL when the op has none), seeded around 1 and 0. */
typedef struct {
    void *x, *y;
    float *w, *b;
} rg_act_set;

/* Bytes of one x or y element: 4 (f32) or 2 (bf16). */
size_t rg__act_elem_size(const rg_act_problem *p);

/* The kernel library's rg_act of an elementwise op (ReLU for the row ops, which have none). */
rg_act rg__act_elementwise(rg_act_op_kind kind);

/* Enqueues ridge's CUDA kernel for problem p on device buffers (x, y as p->dtype; w, b NULL
 * when the op has none; rows contiguous) on stream (impl_ridge_act_cuda.c). */
int rg__act_cuda_call(const rg_act_problem *p, const void *x, void *y, const float *w,
                      const float *b, void *stream);

/* verify_act.c: checks y against the double reference (docs/method.md): every element or row
 * when the problem is small, else the first and last and a seeded random sample. */
int rg__verify_act(const rg_act_problem *p, const rg_act_set *s, uint64_t seed,
                   double *max_rel_error, double *tolerance, char *reason, size_t reasonlen);

/* The op's name ("relu", ...), or NULL for an out-of-range kind. */
const char *rg__act_op_name(rg_act_op_kind kind);

/* The rg_op of each kind; rg__op_act[kind].name == rg__act_op_name(kind). */
extern const rg_op rg__op_act[RG_ACT_OP_COUNT_];

#endif /* RG_CASE_ACT_H */
