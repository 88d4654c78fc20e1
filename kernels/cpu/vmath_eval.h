/* vmath_eval.h: ridge's vector math over arrays, one entry per ISA, for the accuracy tests
 * (tests/test_activations.c) and the ULP sweep (docs/method.md); not part of the public API. */
#ifndef RG_VMATH_EVAL_H
#define RG_VMATH_EVAL_H

#include <stdint.h>

typedef enum {
    RG__VM_EXP = 0,
    RG__VM_ERF,
    RG__VM_TANH,
    RG__VM_GELU,
    RG__VM_GELU_TANH,
    RG__VM_SILU,
    RG__VM_COUNT_
} rg__vm_fn;

/* y[i] = f(x[i]) for i < n with the ISA's functions; the caller checks that the CPU runs it. */
void rg__vmath_eval_avx512(rg__vm_fn f, int64_t n, const float *x, float *y);
void rg__vmath_eval_avx2(rg__vm_fn f, int64_t n, const float *x, float *y);

#endif /* RG_VMATH_EVAL_H */
