/* vmath_eval_avx512.c: the AVX-512 vector math over arrays (vmath_eval.h). */
#include <string.h>

#include "vmath_avx512.h"
#include "vmath_eval.h"

static __m512 apply(rg__vm_fn f, __m512 x) {
    switch (f) {
    case RG__VM_EXP:
        return rg__exp512_ps(x);
    case RG__VM_ERF:
        return rg__erf512_ps(x);
    case RG__VM_TANH:
        return rg__tanh512_ps(x);
    case RG__VM_GELU:
        return rg__gelu512_ps(x);
    case RG__VM_GELU_TANH:
        return rg__gelu_tanh512_ps(x);
    case RG__VM_SILU:
        return rg__silu512_ps(x);
    default:
        return _mm512_set1_ps(0.0f);
    }
}

void rg__vmath_eval_avx512(rg__vm_fn f, int64_t n, const float *x, float *y) {
    for (int64_t i = 0; i < n; i += 16) {
        float in[16] = {0}, out[16];
        int64_t k = n - i < 16 ? n - i : 16;
        memcpy(in, x + i, (size_t)k * sizeof(float));
        _mm512_storeu_ps(out, apply(f, _mm512_loadu_ps(in)));
        memcpy(y + i, out, (size_t)k * sizeof(float));
    }
}
