/* vmath_eval_avx2.c: the AVX2 vector math over arrays (vmath_eval.h). */
#include <string.h>

#include "vmath_avx2.h"
#include "vmath_eval.h"

static __m256 apply(rg__vm_fn f, __m256 x) {
    switch (f) {
    case RG__VM_EXP:
        return rg__exp256_ps(x);
    case RG__VM_ERF:
        return rg__erf256_ps(x);
    case RG__VM_TANH:
        return rg__tanh256_ps(x);
    case RG__VM_GELU:
        return rg__gelu256_ps(x);
    case RG__VM_GELU_TANH:
        return rg__gelu_tanh256_ps(x);
    case RG__VM_SILU:
        return rg__silu256_ps(x);
    default:
        return _mm256_set1_ps(0.0f);
    }
}

void rg__vmath_eval_avx2(rg__vm_fn f, int64_t n, const float *x, float *y) {
    for (int64_t i = 0; i < n; i += 8) {
        float in[8] = {0}, out[8];
        int64_t k = n - i < 8 ? n - i : 8;
        memcpy(in, x + i, (size_t)k * sizeof(float));
        _mm256_storeu_ps(out, apply(f, _mm256_loadu_ps(in)));
        memcpy(y + i, out, (size_t)k * sizeof(float));
    }
}
